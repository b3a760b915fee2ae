"""Shared look of the MLP figures: TensorFlow Playground's orange/blue and projector-sized fonts."""
from __future__ import annotations

import plotly.graph_objects as go

ORANGE, BLUE = "#f59322", "#0877bd"
# P(class 1) or a neuron's normalised output: orange (−1 / class 0) → white (0) → blue (+1 / class 1)
DIVERGING = [[0.0, ORANGE], [0.5, "#f7f7f7"], [1.0, BLUE]]
CLASS_COLOURS = [ORANGE, BLUE, "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                 "#bcbd22", "#17becf"]
FONT = dict(size=15)


def layout(fig: go.Figure, title: str, height: int, **kw) -> go.Figure:
    """Title, readable fonts, margins that clip nothing."""
    fig.update_layout(title=dict(text=title, font=dict(size=18)), font=FONT, height=height,
                      margin=dict(l=70, r=30, t=60, b=60), template="plotly_white", **kw)
    return fig
