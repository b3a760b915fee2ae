"""What both canvas renderers of the live chart read alike (ui/live_chart/canvas_base.js): colour
scales given as stops, hover and text templates, and rectangle shapes."""
from __future__ import annotations

import re

_COLOUR = re.compile(r"^(#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}|rgba?\([\d.\s,]+\))$")
_PLACEHOLDER = re.compile(r"%\{([^}:]+)(?::([^}]*))?\}")
_FORMAT = re.compile(r"^\.\d+[fge%]$")
_RECT_KEYS = {"type", "xref", "yref", "x0", "x1", "y0", "y1", "fillcolor", "line"}


def explicit_stops(scale) -> bool:
    """Explicit [[position, colour], …] stops (figure_dicts.colorscale), not a scale's name."""
    return (isinstance(scale, (list, tuple)) and len(scale) >= 2
            and all(len(s) == 2 and _COLOUR.match(str(s[1]).strip()) for s in scale))


def template_ok(text: str, names: set[str]) -> bool:
    """Placeholders only of `names`, formatted as the canvases can (".3f", ".2g", ".1e", ".0%")."""
    found = _PLACEHOLDER.findall(text or "")
    return all(name in names and (not spec or _FORMAT.match(spec)) for name, spec in found)


def rectangle_ok(shape: dict, axes: list[tuple[str, str]]) -> bool:
    """A filled or outlined rectangle in the data coordinates of one of `axes` ((xref, yref) pairs)."""
    return (shape.get("type") == "rect" and (shape.get("xref", "x"), shape.get("yref", "y")) in axes
            and set(shape) <= _RECT_KEYS and set(shape.get("line") or {}) <= {"color", "width"})
