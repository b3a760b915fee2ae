"""Figures as plain {"data": [...], "layout": {...}} dicts: the shared look, axes, lines, grids.

Live figures are rebuilt at every refresh; go.Figure's validation costs 20–200 ms a figure
there, a dict ~0.1 ms. plotly.js reads the dicts as they are (st.plotly_chart accepts them too).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
import plotly.colors

FONT_SIZE, TITLE_SIZE = 15, 18
MARGIN = dict(l=70, r=30, t=60, b=60)


def figure(data: list[dict], title: str, height: int, **layout_kw: Any) -> dict:
    """A figure dict: data (trace dicts) under `layout(title, height, **layout_kw)`."""
    return {"data": data, "layout": layout(title, height, **layout_kw)}


def layout(title: str, height: int, *, font_size: int = FONT_SIZE, title_size: int = TITLE_SIZE,
           margin: dict | None = None, **kw: Any) -> dict:
    """A readable title and fonts, the white template, margins that clip nothing.

    kw: further layout keys (xaxis=axis(...), legend=..., shapes=..., annotations=...).
    """
    return {"title": {"text": title, "font": {"size": title_size}}, "font": {"size": font_size},
            "height": height, "margin": dict(margin or MARGIN), "template": "plotly_white", **kw}


def axis(title: str | None = None, **kw: Any) -> dict:
    """An axis dict; `title` becomes {"text": title} (plotly.js 3 no longer reads a bare string).
    Settings given as None are left out (plotly's default applies)."""
    return ({"title": {"text": title}} if title is not None else {}) | {k: v for k, v in kw.items() if v is not None}


def index_ticks(span: float, max_labels: int = 8) -> dict:
    """Tick settings of an index axis (time step, epoch, position, pixel): ticks at whole numbers
    only, every 1, 2, 5, 10, 20, … so that at most about `max_labels` cover `span` units."""
    step, k = 1, 0
    while span / step > max_labels:
        k += 1
        step = (1, 2, 5)[k % 3] * 10 ** (k // 3)
    return {"tickmode": "linear", "tick0": 0, "dtick": step}


def index_axis(title: str | None, values=(), **kw: Any) -> dict:
    """An axis of whole-number positions (see index_ticks) spanning `values` (the data on it)."""
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    span = float(values.max() - values.min()) if values.size else 1.0
    return axis(title, **index_ticks(max(1.0, span)), **kw)


def panel_colorbar(x_domain, y_domain, title: str | None = None, thickness: int = 12) -> dict:
    """A heatmap trace's colour bar beside its own panel of a grid: just right of the panel's x
    domain, as tall as its y domain (leave ~0.08 of the width free between panels for it)."""
    bar = {"x": min(1.02, x_domain[1] + 0.01), "y": (y_domain[0] + y_domain[1]) / 2,
           "len": y_domain[1] - y_domain[0], "yanchor": "middle", "thickness": thickness}
    return bar | ({"title": {"text": title}} if title else {})


def line(x, y, name: str | None = None, colour: str | None = None, width: float = 3, *,
         dash: str | None = None, mode: str = "lines", **kw: Any) -> dict:
    """A scatter trace. x, y: (N,) arrays; mode "lines" unless said otherwise."""
    style = {"width": width} | ({"color": colour} if colour else {}) | ({"dash": dash} if dash else {})
    trace = {"type": "scatter", "x": x, "y": y, "mode": mode, "line": style}
    if name is not None:
        trace["name"] = name
    return trace | kw


def hline(y: float, colour: str = "#555", dash: str = "dash", width: float | None = None) -> dict:
    """A horizontal line across the whole plot at data value y (a layout shape, as add_hline makes)."""
    style = {"color": colour, "dash": dash} | ({"width": width} if width else {})
    return {"type": "line", "xref": "x domain", "x0": 0, "x1": 1, "yref": "y", "y0": y, "y1": y, "line": style}


def note(text: str, size: int = 15, colour: str = "#555", **kw: Any) -> dict:
    """A text annotation in the middle of the plot area (e.g. "No training step yet")."""
    return {"text": text, "showarrow": False, "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5,
            "font": {"size": size, "color": colour}} | kw


@lru_cache(maxsize=None)
def colorscale(name: str) -> tuple:
    """A named plotly.py colour scale ("Viridis", "RdBu_r", …) as explicit stops: plotly.js
    knows fewer names, and some of its own (RdBu, Blues) run the other way round."""
    return tuple(tuple(stop) for stop in plotly.colors.get_colorscale(name))


def grid(rows: int, cols: int, h_spacing: float, v_spacing: float, *, titles: list[str] | None = None,
         column_titles: list[str] | None = None, row_titles: list[str] | None = None,
         title_size: int = 16) -> tuple[dict, list[dict], list[tuple[str, str]]]:
    """A rows × cols subplot grid, laid out as plotly's make_subplots does (row 1 at the top).

    Returns (layout axes {"xaxis": …, "yaxis2": …}, title annotations, (x, y) axis ids of each
    cell in row-major order, e.g. ("x2", "y2")). Merge the axes with axis(...) settings per cell.
    """
    right = 0.98 if row_titles else 1.0
    w = (right - h_spacing * (cols - 1)) / cols
    h = (1.0 - v_spacing * (rows - 1)) / rows
    axes, ids, annotations = {}, [], []
    font = {"size": title_size}
    for r in range(rows):
        top = 1.0 - r * (h + v_spacing)
        for c in range(cols):
            k = r * cols + c + 1
            x, y = ("x", "y") if k == 1 else (f"x{k}", f"y{k}")
            left = c * (w + h_spacing)
            # clipped to [0, 1]: float dust (−8e-17) at the edges is an invalid domain for plotly
            axes["xaxis" if k == 1 else f"xaxis{k}"] = {"anchor": y, "domain": [left, min(1.0, left + w)]}
            axes["yaxis" if k == 1 else f"yaxis{k}"] = {"anchor": x, "domain": [max(0.0, top - h), top]}
            ids.append((x, y))
            if titles and k <= len(titles):
                annotations.append(_label(titles[k - 1], left + w / 2, top, font))
    for c, text in enumerate(column_titles or []):
        annotations.append(_label(text, c * (w + h_spacing) + w / 2, 1.0, font))
    for r, text in enumerate(row_titles or []):
        annotations.append(_label(text, right, 1.0 - r * (h + v_spacing) - h / 2, font,
                                  xanchor="left", yanchor="middle", textangle=90))
    return axes, annotations, ids


def _label(text: str, x: float, y: float, font: dict, **kw: Any) -> dict:
    return {"text": text, "x": x, "y": y, "xref": "paper", "yref": "paper", "showarrow": False,
            "xanchor": "center", "yanchor": "bottom", "font": font} | kw


def heatmap(z, scale: str, zmin: float, zmax: float, **kw: Any) -> dict:
    """A heatmap trace: z (R, C) on the named plotly.py colour scale from zmin to zmax.
    kw: further trace keys (x, y, showscale, colorbar, hovertemplate, xaxis="x2", …)."""
    return {"type": "heatmap", "z": z, "zmin": zmin, "zmax": zmax, "colorscale": colorscale(scale)} | kw


def text_at(x: float, y: float, text: str, size: int = 15, colour: str | None = None, **kw: Any) -> dict:
    """A text annotation at data coordinates (x, y), without an arrow."""
    font = {"size": size} | ({"color": colour} if colour else {})
    return {"text": text, "x": x, "y": y, "xref": "x", "yref": "y", "showarrow": False, "font": font} | kw


def arrow(x: float, y: float, ax: float, ay: float, colour: str = "#444", width: float = 2,
          head: int = 2, **kw: Any) -> dict:
    """An arrow from (ax, ay) to (x, y), both in data coordinates (an annotation; text="" unless kw says)."""
    return {"x": x, "y": y, "ax": ax, "ay": ay, "xref": "x", "yref": "y", "axref": "x", "ayref": "y",
            "text": "", "showarrow": True, "arrowhead": head, "arrowwidth": width, "arrowcolor": colour} | kw


def rect(x0: float, x1: float, y0: float, y1: float, fill: str, colour: str = "#444", width: float = 1.5) -> dict:
    """A filled rectangle shape in data coordinates."""
    return {"type": "rect", "xref": "x", "yref": "y", "x0": x0, "x1": x1, "y0": y0, "y1": y1,
            "fillcolor": fill, "line": {"color": colour, "width": width}}


# A horizontal legend pinned to the figure's bottom edge, under the x-axis title whatever the
# plot's height (a legend placed at a paper y below the axis lands on the title on short plots).
# Give the layout a bottom margin of LEGEND_BELOW_MARGIN px.
LEGEND_BELOW = {"orientation": "h", "yref": "container", "yanchor": "bottom", "y": 0.01, "x": 0}
LEGEND_BELOW_MARGIN = 110


def column(weights: list[float], v_spacing: float, *, titles: list[str] | None = None,
           title_size: int = 16) -> tuple[dict, list[dict], list[tuple[str, str]]]:
    """One column of subplots, row heights in proportion to `weights` (row 1 at the top), laid out
    as make_subplots(len(weights), 1, row_heights=weights) does. Returns what `grid` returns."""
    free, total = 1.0 - v_spacing * (len(weights) - 1), sum(weights)
    axes, annotations, ids, top = {}, [], [], 1.0
    for k, weight in enumerate(weights, start=1):
        h = free * weight / total
        x, y = ("x", "y") if k == 1 else (f"x{k}", f"y{k}")
        axes["xaxis" if k == 1 else f"xaxis{k}"] = {"anchor": y, "domain": [0.0, 1.0]}
        axes["yaxis" if k == 1 else f"yaxis{k}"] = {"anchor": x, "domain": [max(0.0, top - h), top]}
        ids.append((x, y))
        if titles and k <= len(titles):
            annotations.append(_label(titles[k - 1], 0.5, top, {"size": title_size}))
        top -= h + v_spacing
    return axes, annotations, ids


def image_axes(x: str = "x", x_title: str | None = None, y_title: str | None = None,
               **kw: Any) -> tuple[dict, dict]:
    """(x axis, y axis) settings that draw a heatmap as an image: row 0 at the top, square cells
    (the y axis is scaled to x axis id `x`), no grid lines. kw: settings for both axes."""
    plain = {"showgrid": False, "zeroline": False, "constrain": "domain"} | kw
    return (axis(x_title, **plain),
            axis(y_title, autorange="reversed", scaleanchor=x, **plain))
