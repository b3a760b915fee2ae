"""Which live figures the live chart's heatmap renderer paints on a canvas (ui/live_chart/heatmap_chart.js).

plotly.js redraws a heatmap figure in 30–55 ms (an attention grid of 2 × 2 maps, the gradient
lab's layer × step map): at 10 updates a second that is half the browser's time. The canvas
renderer paints the same figure in a few milliseconds. It reads the subset of plotly's schema
below; any other figure is drawn by plotly.js, so nothing is ever drawn wrong, only slower.
"""
from __future__ import annotations

import re

from dl_engine.viz.canvas_schema import explicit_stops, rectangle_ok, template_ok
from dl_engine.viz.payload import decode_array

_LAYOUT_KEYS = {"title", "font", "height", "width", "margin", "template", "annotations", "uirevision",
                "showlegend", "legend", "shapes"}
_AXIS = re.compile(r"^[xy]axis\d*$")
_TRACE_KEYS = {"type", "z", "x", "y", "zmin", "zmax", "colorscale", "showscale", "colorbar", "hovertemplate",
               "xaxis", "yaxis", "texttemplate", "textfont", "name", "customdata", "xgap", "ygap"}
_AXIS_KEYS = {"title", "anchor", "domain", "tickmode", "tickvals", "ticktext", "tickfont", "showticklabels",
              "autorange", "side", "showgrid", "zeroline", "visible", "type", "tickangle", "scaleanchor",
              "constrain", "ticks", "dtick", "tick0"}
_COLORBAR_KEYS = {"title", "len", "x", "y", "yanchor", "thickness", "tickmode", "tick0", "dtick"}


def drawn_as_heatmaps(figure: dict) -> bool:
    """True when `figure` ({"data", "layout"} dict or live payload) is one the heatmap renderer draws
    exactly: heatmap traces only, each on its own axis pair (subplots placed by axis domains), with
    explicit colour-scale stops, zmin / zmax or the data's range, numbers in the cells, square cells
    (scaleanchor, constrain "domain"), gaps between cells, rectangles over the cells, a colour bar
    per trace (right of the plot or at its x), a title, axis titles, named ticks or dtick steps, y
    axes that may run downwards, text placed on the paper (upright or turned 90°) and hover
    templates of x, y, z and a cell's customdata."""
    layout = figure.get("layout") or {}
    traces = figure.get("data") or []
    axes = [k for k in layout if _AXIS.match(k)]
    pairs = [(t.get("xaxis", "x"), t.get("yaxis", "y")) for t in traces]
    return (bool(traces) and set(layout) - set(axes) <= _LAYOUT_KEYS
            and all(_axis_ok(k, layout[k]) for k in axes)
            and all(t.get("type") == "heatmap" and _trace_ok(t) for t in traces)
            and len(set(pairs)) == len(pairs) and all(x[1:] == y[1:] for x, y in pairs)
            and all(_paper_text(a) for a in layout.get("annotations") or [])
            and all(rectangle_ok(s, pairs) for s in layout.get("shapes") or []))


def _axis_ok(name: str, axis: dict) -> bool:
    axis = axis or {}
    x = name.startswith("x")
    square = axis.get("scaleanchor") is not None
    return (set(axis) <= _AXIS_KEYS and not (x and square)
            and axis.get("scaleanchor") in (None, "x" + name[5:])       # yaxis2 keeps xaxis2's scale
            and axis.get("constrain") in (None, "domain") and axis.get("ticks") in (None, "")
            and axis.get("type") in (None, "linear", "category")
            and axis.get("autorange") in ((None, True) if x else (None, True, "reversed"))
            and axis.get("side") in (None, "bottom" if x else "left")
            and axis.get("tickmode") in (None, "array", "linear") and axis.get("tickangle") in (None, 0)
            and ("tickvals" in axis) == ("ticktext" in axis)
            and set(axis.get("tickfont") or {}) <= {"size"})


def _trace_ok(trace: dict) -> bool:
    bar = trace.get("colorbar") or {}
    return (set(trace) <= _TRACE_KEYS and explicit_stops(trace.get("colorscale"))
            and set(bar) <= _COLORBAR_KEYS and set(bar.get("title") or {}) <= {"text", "side"}
            and bar.get("yanchor") in (None, "top", "middle", "bottom") and bar.get("tickmode") in (None, "linear")
            and template_ok(trace.get("hovertemplate", ""), {"x", "y", "z", "customdata"})
            and template_ok(trace.get("texttemplate", ""), {"z"})
            and set(trace.get("textfont") or {}) <= {"size"}
            and _ascending(trace.get("x")) and _ascending(trace.get("y")))


def _ascending(values) -> bool:
    """Cell centres given as names or as rising numbers (absent: 0, 1, …)."""
    if values is None:
        return True
    values = list(decode_array(values) if isinstance(values, dict) else values)
    if all(isinstance(v, str) for v in values):
        return True
    try:
        numbers = [float(v) for v in values]
    except (TypeError, ValueError):
        return False
    return all(b > a for a, b in zip(numbers, numbers[1:]))


def _paper_text(annotation: dict) -> bool:
    return (annotation.get("showarrow") is False and annotation.get("xref") == "paper"
            and annotation.get("yref") == "paper" and annotation.get("textangle", 0) in (0, 90, -90))
