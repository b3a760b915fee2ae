"""What the canvases accept in text: markup, hover templates, colours and colour scales."""
from __future__ import annotations

import re
from functools import lru_cache

import plotly.colors
import plotly.exceptions

_MARKUP = re.compile(r"</?\s*(\w+)[^>]*>")
KNOWN_MARKUP = {"b", "br", "sub"}   # bold, line breaks, subscripts (drawn as subscript characters)
_PLACEHOLDER = re.compile(r"%\{([^}:]+)(?::([^}]*))?\}")
_FORMAT = re.compile(r"^\.\d+[fge%]$")
_COLOUR = re.compile(r"^(#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}|rgba?\([\d.\s,]+\)|white|black)$")


def check_markup(text: str) -> str:
    """`text` if its markup is only <b>, <br> and <sub>; else ValueError."""
    unknown = set(_MARKUP.findall(str(text))) - KNOWN_MARKUP
    if unknown:
        raise ValueError(f"the canvas draws only <b>, <br> and <sub>, not {sorted(unknown)} in {text!r}")
    return text


def check_template(template: str | None, names: set[str]) -> str | None:
    """A hover or cell template of placeholders among `names`, formatted as the canvases format
    numbers (".3f", ".2g", ".1e", ".0%"); else ValueError."""
    for name, spec in _PLACEHOLDER.findall(template or ""):
        if name not in names or (spec and not _FORMAT.match(spec)):
            raise ValueError(f"template placeholder %{{{name}:{spec}}} not drawn (names {sorted(names)})")
    return template


def check_colour(colour: str | None) -> str | None:
    """A colour the canvases parse: #rgb, #rrggbb, rgb(…), rgba(…), white or black."""
    if colour is not None and not _COLOUR.match(str(colour).strip()):
        raise ValueError(f"colour {colour!r}: give #rrggbb, rgb(…) or rgba(…)")
    return colour


@lru_cache(maxsize=None)
def stops(name: str) -> tuple:
    """A named plotly.py colour scale ("Viridis", "RdBu_r", …) as explicit (position, colour) stops."""
    return tuple(tuple(stop) for stop in plotly.colors.get_colorscale(name))


def colour_stops(scale) -> tuple:
    """A scale's name or its stops → checked explicit stops ((position, colour), …)."""
    try:
        found = stops(scale) if isinstance(scale, str) else tuple(tuple(s) for s in scale)
    except plotly.exceptions.PlotlyError as error:
        raise ValueError(f"colour scale {scale!r}: {error}") from None
    if len(found) < 2 or any(len(s) != 2 for s in found):
        raise ValueError(f"colour scale {scale!r}: give a name or two or more (position, colour) stops")
    for _, colour in found:
        check_colour(colour)
    return found
