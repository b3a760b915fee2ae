"""Which live figures the live chart paints on a canvas instead of plotly.js's SVG.

A line chart redrawn 10 times a second costs plotly.js ~20 ms of the browser's time per update
(axes, legend, SVG paths), the MLP's network diagram 20–60 ms; the live chart's canvas renderer
(ui/live_chart/canvas_chart.js) paints either in about a millisecond. It reads the subset of plotly's figure schema below; a
figure using anything else is drawn by plotly.js, so nothing is ever drawn wrong, only slower.
"""
from __future__ import annotations

from typing import Any

_TRACE_KEYS = {"type", "x", "y", "mode", "line", "marker", "name", "showlegend", "legendgroup",
               "connectgaps", "hovertemplate", "hoverinfo", "visible", "opacity", "text", "fill", "fillcolor"}
_MODES = {"lines", "markers", "lines+markers"}
_LINE_KEYS = {"width", "color", "dash", "shape"}
_DASHES = {None, "solid", "dash", "dot", "dashdot", "longdash"}
_MARKER_KEYS = {"size", "color", "opacity"}
_LAYOUT_KEYS = {"title", "font", "height", "width", "margin", "template", "xaxis", "yaxis", "legend",
                "showlegend", "shapes", "annotations", "uirevision", "hovermode", "images", "plot_bgcolor"}
_AXIS_KEYS = {"title", "type", "range", "autorange", "rangemode", "exponentformat", "dtick", "zeroline",
              "showgrid", "visible", "scaleanchor", "tickvals", "ticktext"}
_Y_TYPES = {None, "linear", "log"}


def drawn_on_canvas(figure: dict) -> bool:
    """True when `figure` ({"data", "layout"} dict or live payload) is one the canvas renderer
    draws exactly: scatter traces (lines and/or markers; width, colour, dash, "hv" steps, NaN gaps,
    opacity, filled outlines; labelled points for hover) on one linear x axis and a linear or log y axis (either
    may be hidden, y may keep x's scale), with a title, axis titles, fixed or automatic ranges,
    a legend, horizontal line shapes, text without arrows and pictures (viz.raster) under it all."""
    layout = figure.get("layout") or {}
    return (set(layout) <= _LAYOUT_KEYS
            and _axis_ok(layout.get("xaxis"), {None, "linear"})
            and _axis_ok(layout.get("yaxis"), _Y_TYPES)
            and all(_hline(s) for s in layout.get("shapes") or [])
            and all(_note(a) for a in layout.get("annotations") or [])
            and all(_picture(i) for i in layout.get("images") or [])
            and all(_trace_ok(t) for t in figure.get("data") or []))


def _axis_ok(axis: dict | None, types: set) -> bool:
    axis = axis or {}
    return (set(axis) <= _AXIS_KEYS and axis.get("type") in types and axis.get("autorange") in (None, True, False)
            and axis.get("scaleanchor") in (None, "x") and ("tickvals" in axis) == ("ticktext" in axis))


def _trace_ok(trace: dict) -> bool:
    line, marker = trace.get("line") or {}, trace.get("marker") or {}
    return (set(trace) <= _TRACE_KEYS and trace.get("type", "scatter") == "scatter"
            and trace.get("mode", "lines") in _MODES and trace.get("hoverinfo") in (None, "skip")
            and ("text" not in trace or trace.get("mode") == "markers") and trace.get("fill") in (None, "toself")
            and set(line) <= _LINE_KEYS and line.get("dash") in _DASHES and line.get("shape") in (None, "linear", "hv")
            and set(marker) <= _MARKER_KEYS and all(_scalar(v) for v in marker.values()))


def _hline(shape: dict) -> bool:
    """A horizontal line across the plot (figure_dicts.hline)."""
    return (shape.get("type") == "line" and shape.get("y0") == shape.get("y1")
            and shape.get("xref") in ("x domain", "paper") and shape.get("x0") == 0 and shape.get("x1") == 1
            and shape.get("yref", "y") == "y")


def _note(annotation: dict) -> bool:
    """Text without an arrow, placed in the plot area's fractions or at data values (plotly's
    default: an annotation without xref / yref is placed on the x / y axis)."""
    return (annotation.get("showarrow") is False
            and annotation.get("xref", "x") in ("paper", "x domain", "x") and annotation.get("yref", "y") in ("paper", "y"))


def _picture(image: dict) -> bool:
    """A picture in data coordinates, as viz.raster.image_layer places it."""
    return (str(image.get("source", "")).startswith("data:image/") and image.get("xref") == "x"
            and image.get("yref") == "y" and image.get("sizing") == "stretch" and image.get("xanchor") == "left"
            and image.get("yanchor") == "top" and image.get("layer") == "below")


def _scalar(value: Any) -> bool:
    return isinstance(value, (int, float, str))
