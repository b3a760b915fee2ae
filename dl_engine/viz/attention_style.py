"""Shared look of the attention figures: projector-sized fonts, token-labelled heatmaps, curves.
Every builder returns a plain figure dict (most are redrawn live)."""
from __future__ import annotations

import numpy as np

from dl_engine.viz import figure_dicts
from dl_engine.viz.figure_dicts import LEGEND_BELOW, LEGEND_BELOW_MARGIN, axis, index_axis, layout, line

MARGIN = dict(l=80, r=30, t=70, b=70)
BELOW = dict(legend=LEGEND_BELOW | {"font": {"size": 14}}, margin=MARGIN | {"b": LEGEND_BELOW_MARGIN})
WEIGHTS = "Blues"                       # α ∈ [0, 1]: white = ignored, dark blue = attended
SIGNED = "RdBu_r"                       # raw numbers (embeddings, scores) can be negative: blue −, red +
COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]


def style(title: str, height: int, **kw) -> dict:
    """The attention figures' layout: readable title and fonts, margins that clip nothing."""
    return layout(title, height, **{"margin": MARGIN} | kw)


def token_axis(labels) -> dict:
    """Axis settings that show tokens even when a word repeats (categorical axes would merge them)."""
    return dict(tickmode="array", tickvals=list(range(len(labels))), ticktext=list(labels))


def heatmap(values: np.ndarray, *, signed: bool = False, text: bool = True,
            decimals: int = 2, showscale: bool = True, **kw) -> dict:
    """A heatmap trace over integer positions (ticks set with token_axis); values (R, C).

    Weights use a 0…1 scale; signed values a blue-white-red scale centred on 0.
    kw: further trace keys (colorbar, xaxis="x2", …).
    """
    values = np.asarray(values, dtype=float)
    if signed:
        finite = values[np.isfinite(values)]
        bound = (float(np.abs(finite).max()) if finite.size else 0.0) or 1.0
        scale, zmin, zmax = SIGNED, -bound, bound
    else:
        scale, zmin, zmax = WEIGHTS, 0.0, 1.0
    trace = figure_dicts.heatmap(values, scale, zmin, zmax, x=np.arange(values.shape[1]),
                                 y=np.arange(values.shape[0]), showscale=showscale,
                                 hovertemplate="row %{y}, col %{x}: %{z:.3f}<extra></extra>", **kw)
    if text:
        trace |= {"texttemplate": f"%{{z:.{decimals}f}}", "textfont": {"size": 14}}
    return trace


def matrix_figure(values: np.ndarray, rows, cols, title: str, x_title: str, y_title: str, *,
                  signed: bool = False, text: bool = True, height: int | None = None,
                  scale_title: str | None = None) -> dict:
    """One labelled matrix with its numbers written in the cells. values: (len(rows), len(cols))."""
    bar = {"colorbar": {"title": {"text": scale_title}}} if scale_title else {}
    return {"data": [heatmap(values, signed=signed, text=text, **bar)],
            "layout": style(title, height or max(300, 60 + 44 * len(rows) + 80),
                            xaxis=axis(x_title, side="bottom", **token_axis(cols)),
                            yaxis=axis(y_title, autorange="reversed", **token_axis(rows)))}


def curves(x: np.ndarray, series: dict[str, np.ndarray], title: str, y_title: str, *,
           x_title: str = "training step", height: int = 380, log_y: bool = False,
           y_range: tuple | None = None, dashes: dict[str, str] | None = None) -> dict:
    """Lines over training, as a figure dict (drawn live). x: (T,); series: label → (T,) values
    (NaN gaps are skipped)."""
    x = np.asarray(x)
    few = len(x) < 30  # markers until there is a line to see (the first point alone draws nothing)
    data = []
    for i, (label, y) in enumerate(series.items()):
        y = np.asarray(y, dtype=float)
        keep = np.isfinite(y)
        data.append(line(x[keep], y[keep], label, COLOURS[i % len(COLOURS)], 2.5,
                         dash=(dashes or {}).get(label, "solid"), mode="lines+markers" if few else "lines"))
    return {"data": data, "layout": style(
        title, height, xaxis=index_axis(x_title, x),
        yaxis=axis(y_title, type="log" if log_y else "linear", range=list(y_range) if y_range else None), **BELOW)}
