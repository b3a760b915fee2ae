"""Shared look of the attention figures: token-labelled heatmaps and curves over training.
The live pages' builders (matrix_figure, curves) return specs (viz.spec); the mechanics lab's
helpers (style, token_axis, heatmap) return plain figure dicts, drawn by st.plotly_chart."""
from __future__ import annotations

import numpy as np

from dl_engine.viz import figure_dicts
from dl_engine.viz.figure_dicts import layout
from dl_engine.viz.spec import Axis, Chart, ColourBar, GridAxis, Heatmap, HeatmapGrid, Legend, Line, Markers

MARGIN = dict(l=80, r=30, t=70, b=70)
WEIGHTS = "Blues"                       # α ∈ [0, 1]: white = ignored, dark blue = attended
SIGNED = "RdBu_r"                       # raw numbers (embeddings, scores) can be negative: blue −, red +
COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]
HOVER = "row %{y}, col %{x}: %{z:.3f}"


def value_scale(values: np.ndarray, signed: bool) -> tuple[str, float, float]:
    """(colour scale, lo, hi) of a heatmap of `values`: weights on 0…1; signed values on a
    blue-white-red scale centred on 0, as far out as the largest |value|."""
    if not signed:
        return WEIGHTS, 0.0, 1.0
    finite = values[np.isfinite(values)]
    bound = (float(np.abs(finite).max()) if finite.size else 0.0) or 1.0
    return SIGNED, -bound, bound


def style(title: str, height: int, **kw) -> dict:
    """The attention lab's layout: readable title and fonts, margins that clip nothing."""
    return layout(title, height, **{"margin": MARGIN} | kw)


def token_axis(labels) -> dict:
    """Axis settings that show tokens even when a word repeats (categorical axes would merge them)."""
    return dict(tickmode="array", tickvals=list(range(len(labels))), ticktext=list(labels))


def token_ticks(labels) -> dict:
    """GridAxis ticks naming positions 0, 1, … by token (a repeated word keeps its own cell)."""
    return dict(tick_values=list(range(len(labels))), tick_labels=list(labels))


def heatmap(values: np.ndarray, *, signed: bool = False, text: bool = True,
            decimals: int = 2, showscale: bool = True, **kw) -> dict:
    """A heatmap trace dict over integer positions (ticks set with token_axis); values (R, C).
    Weights use a 0…1 scale; signed values a blue-white-red scale centred on 0.
    kw: further trace keys (colorbar, xaxis="x2", …)."""
    values = np.asarray(values, dtype=float)
    scale, zmin, zmax = value_scale(values, signed)
    trace = figure_dicts.heatmap(values, scale, zmin, zmax, x=np.arange(values.shape[1]),
                                 y=np.arange(values.shape[0]), showscale=showscale,
                                 hovertemplate=HOVER + "<extra></extra>", **kw)
    if text:
        trace |= {"texttemplate": f"%{{z:.{decimals}f}}", "textfont": {"size": 14}}
    return trace


def cells(values: np.ndarray, *, signed: bool = False, text: bool = True, decimals: int = 2, **kw) -> Heatmap:
    """A heatmap panel of values (R, C) over positions 0…C−1, 0…R−1, coloured as value_scale
    says, its numbers written in the cells where `text`. kw: the panel's axes, colour bar, …"""
    values = np.asarray(values, dtype=float)
    stops, lo, hi = value_scale(values, signed)
    return Heatmap(z=values, stops=stops, lo=lo, hi=hi, x=np.arange(values.shape[1]), y=np.arange(values.shape[0]),
                   hover=HOVER, cell_text=f"%{{z:.{decimals}f}}" if text else None,
                   cell_text_size=14 if text else None, **kw)


def matrix_figure(values: np.ndarray, rows, cols, title: str, x_title: str, y_title: str, *,
                  signed: bool = False, text: bool = True, height: int | None = None,
                  scale_title: str | None = None) -> HeatmapGrid:
    """One matrix, values (len(rows), len(cols)): row 0 at the top, rows and columns named,
    its numbers in the cells where `text`, a colour bar titled `scale_title`."""
    panel = cells(values, signed=signed, text=text, bar=ColourBar(title=scale_title),
                  x_axis=GridAxis(title=x_title, **token_ticks(cols)),
                  y_axis=GridAxis(title=y_title, reversed=True, **token_ticks(rows)))
    return HeatmapGrid(title=title, height=height or max(300, 60 + 44 * len(rows) + 80), panels=[panel],
                       margin=MARGIN)


def curves(x: np.ndarray, series: dict[str, np.ndarray], title: str, y_title: str, *,
           x_title: str = "training step", height: int = 380, log_y: bool = False,
           y_range: tuple | None = None) -> Chart:
    """One line per series over training, the legend under the plot. x: (T,); series: label →
    (T,) values (NaN points are left out)."""
    x = np.asarray(x)
    few = len(x) < 30  # markers until there is a line to see (the first point alone draws nothing)
    marks = []
    for i, (label, y) in enumerate(series.items()):
        y = np.asarray(y, dtype=float)
        keep = np.isfinite(y)
        marks.append(Line(x=x[keep], y=y[keep], name=label, colour=COLOURS[i % len(COLOURS)], width=2.5,
                          markers=Markers() if few else None))
    return Chart(title=title, height=height, marks=marks, x=Axis.index(x_title, x),
                 y=Axis(title=y_title, log=log_y, range=y_range), legend=Legend(below=True))
