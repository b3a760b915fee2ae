"""Shared look of the attention figures: projector-sized fonts, token-labelled heatmaps, curves."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from dl_engine.viz.figure_dicts import axis, layout, line

MARGIN = dict(l=80, r=30, t=70, b=70)
WEIGHTS = "Blues"                       # α ∈ [0, 1]: white = ignored, dark blue = attended
SIGNED = "RdBu"                         # raw numbers (embeddings, scores) can be negative
COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]


def style(fig: go.Figure, title: str, height: int, **kw) -> go.Figure:
    """Readable title and fonts, white template, margins that clip nothing."""
    return fig.update_layout(layout(title, height, margin=MARGIN, **kw))


def token_axis(labels) -> dict:
    """Axis settings that show tokens even when a word repeats (categorical axes would merge them)."""
    return dict(tickmode="array", tickvals=list(range(len(labels))), ticktext=list(labels))


def heatmap(values: np.ndarray, *, signed: bool = False, text: bool = True,
            decimals: int = 2, showscale: bool = True, **kw) -> go.Heatmap:
    """A heatmap trace over integer positions (ticks set with token_axis); values (R, C).

    Weights use a 0…1 scale; signed values a blue-white-red scale centred on 0.
    """
    values = np.asarray(values, dtype=float)
    finite = values[np.isfinite(values)]
    if signed:
        bound = float(np.abs(finite).max()) if finite.size else 1.0
        colour = dict(colorscale=SIGNED, zmid=0.0, zmin=-bound or -1, zmax=bound or 1, reversescale=True)
    else:
        colour = dict(colorscale=WEIGHTS, zmin=0.0, zmax=1.0)
    trace = dict(z=values, x=list(range(values.shape[1])), y=list(range(values.shape[0])),
                 showscale=showscale, hovertemplate="row %{y}, col %{x}: %{z:.3f}<extra></extra>", **colour, **kw)
    if text:
        trace.update(texttemplate=f"%{{z:.{decimals}f}}", textfont=dict(size=14))
    return go.Heatmap(**trace)


def matrix_figure(values: np.ndarray, rows, cols, title: str, x_title: str, y_title: str, *,
                  signed: bool = False, text: bool = True, height: int | None = None) -> go.Figure:
    """One labelled matrix with its numbers written in the cells. values: (len(rows), len(cols))."""
    fig = go.Figure(heatmap(values, signed=signed, text=text))
    fig.update_xaxes(title=x_title, side="bottom", **token_axis(cols))
    fig.update_yaxes(title=y_title, autorange="reversed", **token_axis(rows))
    return style(fig, title, height or max(300, 60 + 44 * len(rows) + 80))


def curves(x: np.ndarray, series: dict[str, np.ndarray], title: str, y_title: str, *,
           x_title: str = "training step", height: int = 340, log_y: bool = False,
           y_range: tuple | None = None, dashes: dict[str, str] | None = None) -> dict:
    """Lines over training, as a figure dict (drawn live). x: (T,); series: label → (T,) values
    (NaN gaps are skipped)."""
    data = []
    for i, (label, y) in enumerate(series.items()):
        y = np.asarray(y, dtype=float)
        keep = np.isfinite(y)
        data.append(line(np.asarray(x)[keep], y[keep], label, COLOURS[i % len(COLOURS)], 2.5,
                         dash=(dashes or {}).get(label, "solid")))
    return {"data": data, "layout": layout(
        title, height, margin=MARGIN, xaxis=axis(x_title),
        yaxis=axis(y_title, type="log" if log_y else "linear", range=list(y_range) if y_range else None),
        legend=dict(orientation="h", y=-0.25, font=dict(size=14)))}
