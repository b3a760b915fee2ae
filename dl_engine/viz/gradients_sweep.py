"""The sweep heatmap: one panel per activation, initialiser × depth, coloured by log₁₀‖∂L/∂W₁‖
(blue: vanishing, white: about 1, red: exploding), each cell labelled with its power of ten."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dl_engine.viz.gradients import style

NAMES = {"relu": "ReLU", "leaky_relu": "Leaky ReLU", "elu": "ELU", "selu": "SELU", "small_random": "small",
         "large_random": "large", "xavier": "Xavier", "he": "He", "lecun": "LeCun"}
COLOUR_LIMIT = 12  # colours saturate at 10^±12; the cell text still gives the exact power


def sweep_heatmap(activations, inits, depths, first: np.ndarray, height: int = 900) -> go.Figure:
    """first: (A, I, D) first-layer gradient norms; 0 cells (no gradient at all) are grey, marked ∅."""
    first = np.asarray(first, dtype=float)
    with np.errstate(divide="ignore"):
        exponent = np.where(first > 0, np.log10(np.where(first > 0, first, 1.0)), np.nan)
    cols = 2
    rows = int(np.ceil(len(activations) / cols))
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=[NAMES.get(a, a) for a in activations],
                        shared_yaxes=True, horizontal_spacing=0.05, vertical_spacing=0.1)
    inits = [NAMES.get(i, i) for i in inits]
    for a, name in enumerate(activations):
        text = np.where(first[a] == 0, "∅", np.char.mod("%d", np.round(np.nan_to_num(exponent[a])).astype(int)))
        fig.add_trace(go.Heatmap(
            x=[str(d) for d in depths], y=list(inits), z=exponent[a], text=text, texttemplate="%{text}",
            textfont=dict(size=14), coloraxis="coloraxis", xgap=1, ygap=1,
            hovertemplate=f"{name}, %{{y}}, depth %{{x}}: ‖∂L/∂W₁‖ = 10^%{{z:.1f}}<extra></extra>"),
            row=a // cols + 1, col=a % cols + 1)
    fig.update_layout(coloraxis=dict(colorscale="RdBu_r", cmin=-COLOUR_LIMIT, cmax=COLOUR_LIMIT,
                                     colorbar=dict(title=dict(text="log₁₀‖∂L/∂W₁‖", side="right"))),
                      plot_bgcolor="#d9d9d9")
    fig.update_xaxes(tickfont_size=13)
    for col in range(1, cols + 1):
        fig.update_xaxes(title_text="depth (hidden layers)", title_font_size=14, row=rows, col=col)
    for row in range(1, rows + 1):
        fig.update_yaxes(title_text="initialiser", title_font_size=14, tickfont_size=13, row=row, col=1)
    fig.update_annotations(font_size=16)
    return fig.update_layout(style("First-layer gradient ‖∂L/∂W₁‖ at initialisation (power of ten)", height))
