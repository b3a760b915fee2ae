"""Which live figures the live chart paints on a canvas instead of plotly.js's SVG.

A line chart redrawn 10 times a second costs plotly.js ~20 ms of the browser's time per update
(axes, legend, SVG paths), the MLP's network diagram 20–60 ms, its decision boundary 14 ms; the
live chart's canvas renderer (ui/live_chart/canvas_chart.js) paints each in 0.3–4 ms. It reads the subset of
plotly's figure schema below; a figure using anything else is drawn by plotly.js, so nothing is
ever drawn wrong, only slower.
"""
from __future__ import annotations

import re
from typing import Any

from dl_engine.viz.canvas_schema import explicit_stops, rectangle_ok, template_ok
from dl_engine.viz.spec.picture import PIXELS_KEY

_TRACE_KEYS = {"type", "x", "y", "mode", "line", "marker", "name", "showlegend", "legendgroup",
               "connectgaps", "hovertemplate", "hoverinfo", "visible", "opacity", "text", "fill", "fillcolor",
               "textposition", "textfont"}
_MODES = {"lines", "markers", "lines+markers", "text", "markers+text", "lines+markers+text"}
_TEXT_POSITIONS = {None} | {f"{v} {h}" for v in ("top", "middle", "bottom") for h in ("left", "center", "right")}
_LINE_KEYS = {"width", "color", "dash", "shape"}
_DASHES = {None, "solid", "dash", "dot", "dashdot", "longdash"}
_MARKER_KEYS = {"size", "color", "opacity", "colorscale", "colorbar", "showscale", "cmin", "cmax", "symbol", "line"}
_SYMBOLS = {None, "circle", "diamond", "square"}
_LAYOUT_KEYS = {"title", "font", "height", "width", "margin", "template", "xaxis", "yaxis", "legend",
                "showlegend", "shapes", "annotations", "uirevision", "hovermode", "images", "plot_bgcolor", "bargap"}
_BAR_KEYS = {"type", "x", "y", "marker", "name", "showlegend", "text", "textposition", "customdata",
             "hovertemplate", "hoverinfo"}
_AXIS_KEYS = {"title", "type", "range", "autorange", "rangemode", "exponentformat", "dtick", "tick0", "tickmode",
              "zeroline", "showgrid", "visible", "scaleanchor", "tickvals", "ticktext", "constrain"}
_Y_TYPES = {None, "linear", "log"}
_MARKUP = re.compile(r"</?\s*(\w+)[^>]*>")
_KNOWN_MARKUP = {"b", "br", "sub"}   # bold, line breaks, subscripts (as subscript characters)


def drawn_on_canvas(figure: dict) -> bool:
    """True when `figure` ({"data", "layout"} dict or live payload) is one the canvas renderer
    draws exactly: scatter traces (lines and/or markers; width, colour, dash, "hv" steps, NaN gaps,
    opacity, filled outlines; circle, diamond or square markers, outlined or not, in one colour or
    coloured by value with one colour bar; text at points; hover labels from text or a template of
    x, y and marker.color) and one bar trace at most, on a linear or category x axis and a linear or
    log y axis (either may be hidden or reversed; y may keep x's scale, by range or by a square plot
    area), with a title, axis titles, named ticks, fixed or automatic ranges, a legend, horizontal
    line shapes, text without arrows and pictures (viz.raster) under it all."""
    layout = figure.get("layout") or {}
    traces = figure.get("data") or []
    bars = [t for t in traces if t.get("type") == "bar"]
    return (set(layout) <= _LAYOUT_KEYS
            and _axis_ok(layout.get("xaxis"), {None, "linear", "category"})
            and _axis_ok(layout.get("yaxis"), _Y_TYPES)
            and all(_hline(s) or rectangle_ok(s, [("x", "y")]) for s in layout.get("shapes") or [])
            and all(_note(a) for a in layout.get("annotations") or [])
            and all(_picture(i) for i in layout.get("images") or [])
            and len(bars) <= 1 and all(_bar_ok(t) for t in bars)
            and sum(bool((t.get("marker") or {}).get("showscale")) for t in traces) <= 1
            and ((layout.get("xaxis") or {}).get("type") != "category" or all(_named_x(t) for t in traces))
            and all(_trace_ok(t) for t in traces if t.get("type") != "bar"))


def _axis_ok(axis: dict | None, types: set) -> bool:
    axis = axis or {}
    return (set(axis) <= _AXIS_KEYS and axis.get("type") in types
            and axis.get("autorange") in (None, True, False, "reversed")
            and axis.get("scaleanchor") in (None, "x") and ("tickvals" in axis) == ("ticktext" in axis)
            and axis.get("constrain") in (None, "range", "domain")
            and axis.get("tickmode") in (None, "linear", "array"))


def _trace_ok(trace: dict) -> bool:
    line, marker = trace.get("line") or {}, trace.get("marker") or {}
    return (set(trace) <= _TRACE_KEYS and trace.get("type", "scatter") == "scatter"
            and trace.get("mode", "lines") in _MODES and trace.get("hoverinfo") in (None, "skip")
            and ("text" not in trace or "text" in trace.get("mode", "") or trace.get("mode") == "markers")
            and trace.get("fill") in (None, "toself")
            and trace.get("textposition") in _TEXT_POSITIONS and set(trace.get("textfont") or {}) <= {"size", "color"}
            and set(line) <= _LINE_KEYS and line.get("dash") in _DASHES and line.get("shape") in (None, "linear", "hv")
            and set(marker) <= _MARKER_KEYS and _marker_colours(marker) and marker.get("symbol") in _SYMBOLS
            and set(marker.get("line") or {}) <= {"color", "width"}
            and template_ok(trace.get("hovertemplate", ""), {"x", "y", "text", "marker.color"}))


def _marker_colours(marker: dict) -> bool:
    """One colour, or a value per marker through explicit colour-scale stops (its bar titled)."""
    if "colorscale" not in marker:
        return _scalar(marker.get("color", "")) and not marker.get("showscale")
    # size and opacity 0: a trace that only holds the colour bar of a picture (raster.colorbar_trace)
    bar_keys = {"title", "thickness", "len", "tickmode", "tick0", "dtick"}
    return (explicit_stops(marker["colorscale"]) and set(marker.get("colorbar") or {}) <= bar_keys
            and set((marker.get("colorbar") or {}).get("title") or {}) <= {"text"})


def _bar_ok(trace: dict) -> bool:
    """One bar per x (a single bar trace: no grouping), one colour or one per bar, text over it."""
    marker = trace.get("marker") or {}
    return (set(trace) <= _BAR_KEYS and set(marker) <= {"color"}
            and trace.get("textposition") in (None, "outside", "auto"))


def _named_x(trace: dict) -> bool:
    """x given as names (a category axis the canvas lays out as 0, 1, …)."""
    x = trace.get("x")
    return isinstance(x, (list, tuple)) and len(x) > 0 and all(isinstance(v, str) for v in x)


def _hline(shape: dict) -> bool:
    """A horizontal line across the plot (figure_dicts.hline)."""
    return (shape.get("type") == "line" and shape.get("y0") == shape.get("y1")
            and shape.get("xref") in ("x domain", "paper") and shape.get("x0") == 0 and shape.get("x1") == 1
            and shape.get("yref", "y") == "y")


_NOTE_KEYS = {"text", "showarrow", "x", "y", "xref", "yref", "font", "xanchor", "yanchor"}
_ARROW_KEYS = {"text", "showarrow", "x", "y", "ax", "ay", "xref", "yref", "axref", "ayref", "arrowhead",
               "arrowwidth", "arrowcolor"}


def _note(annotation: dict) -> bool:
    """Text without an arrow, placed in the plot area's fractions or at data values (plotly's
    default: an annotation without xref / yref is placed on the x / y axis), with bold and
    subscripts; or an arrow between two data points without text (figure_dicts.arrow), its head
    a filled triangle. Only the keys canvas_chart.js reads: a background, an offset or a head size
    would be lost, so such a note goes to plotly.js."""
    if annotation.get("showarrow") is not False:
        return (set(annotation) <= _ARROW_KEYS and annotation.get("text", "") == ""
                and annotation.get("xref") == "x" and annotation.get("yref") == "y"
                and annotation.get("axref") == "x" and annotation.get("ayref") == "y"
                and annotation.get("arrowhead", 2) in (1, 2, 3))
    return (set(annotation) <= _NOTE_KEYS and set(annotation.get("font") or {}) <= {"size", "color"}
            and set(_MARKUP.findall(str(annotation.get("text", "")))) <= _KNOWN_MARKUP
            and annotation.get("xref", "x") in ("paper", "x domain", "x")
            and annotation.get("yref", "y") in ("paper", "y"))


def _picture(image: dict) -> bool:
    """A picture in data coordinates, as viz.raster.image_layer places it (its pixels as codes)."""
    pixels = image.get(PIXELS_KEY) or {}
    return (all((pixels.get(k) or {}).get("dtype") == "u1" for k in ("codes", "palette"))
            and (pixels.get("at") or {}).get("dtype") == "i4" and image.get("xref") == "x"
            and image.get("yref") == "y" and image.get("sizing") == "stretch" and image.get("xanchor") == "left"
            and image.get("yanchor") == "top" and image.get("layer") == "below")


def _scalar(value: Any) -> bool:
    return isinstance(value, (int, float, str))
