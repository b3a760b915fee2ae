"""What a chart draws over its plot: text, arrows, horizontal lines, rectangles."""
from __future__ import annotations

from dataclasses import dataclass

from dl_engine.viz.spec.marks import DASHES, _drop_none
from dl_engine.viz.spec.text import check_colour, check_markup

_X_ANCHORS, _Y_ANCHORS = (None, "left", "center", "right"), (None, "top", "middle", "bottom")


@dataclass(kw_only=True, slots=True)
class Note:
    """Text at (x, y): data values (on a log axis, log10 of the value), or fractions of the plot
    area where `on_paper` (0.5, 0.5 is its middle); `x_on_paper`: x a fraction, y a data value
    (a label at the plot's edge on a line). Markup <b>, <br>, <sub>; on a `background` box;
    `shift` px up (after placing)."""
    text: str
    x: float = 0.5
    y: float = 0.5
    on_paper: bool = False
    x_on_paper: bool = False
    size: float = 15
    colour: str | None = None
    x_anchor: str | None = None
    y_anchor: str | None = None
    background: str | None = None
    shift: float = 0

    def __post_init__(self):
        check_markup(self.text), check_colour(self.colour), check_colour(self.background)
        if self.x_anchor not in _X_ANCHORS or self.y_anchor not in _Y_ANCHORS:
            raise ValueError(f"anchors {self.x_anchor!r}, {self.y_anchor!r}: x {_X_ANCHORS}, y {_Y_ANCHORS}")

    def wire(self) -> dict:
        ref = ("paper" if self.on_paper or self.x_on_paper else "x", "paper" if self.on_paper else "y")
        return _drop_none({"text": self.text, "showarrow": False, "x": self.x, "y": self.y, "xref": ref[0],
                           "yref": ref[1], "font": _drop_none({"size": self.size, "color": self.colour}),
                           "xanchor": self.x_anchor, "yanchor": self.y_anchor, "bgcolor": self.background,
                           "yshift": self.shift or None})


@dataclass(kw_only=True, slots=True)
class Arrow:
    """An arrow from (x0, y0) to its head at (x1, y1), in data values, `width` px thick."""
    x0: float
    y0: float
    x1: float
    y1: float
    colour: str = "#444"
    width: float = 2

    def __post_init__(self):
        check_colour(self.colour)

    def wire(self) -> dict:
        return {"x": self.x1, "y": self.y1, "ax": self.x0, "ay": self.y0, "xref": "x", "yref": "y",
                "axref": "x", "ayref": "y", "text": "", "showarrow": True, "arrowwidth": self.width,
                "arrowcolor": self.colour}


@dataclass(kw_only=True, slots=True)
class HLine:
    """A horizontal line across the whole plot at data value y."""
    y: float
    colour: str = "#555"
    dash: str | None = "dash"
    width: float | None = None

    def __post_init__(self):
        check_colour(self.colour)
        if self.dash not in DASHES:
            raise ValueError(f"line dash {self.dash!r}: one of {DASHES}")

    def wire(self) -> dict:
        return {"type": "line", "xref": "x domain", "x0": 0, "x1": 1, "yref": "y", "y0": self.y, "y1": self.y,
                "line": _drop_none({"color": self.colour, "dash": self.dash, "width": self.width})}


@dataclass(kw_only=True, slots=True)
class Rect:
    """A rectangle between data values x0…x1, y0…y1: filled in `fill` (or not), outlined `width`
    px in `colour` (0: no outline). In a heatmap grid, `panel` is the heatmap's index."""
    x0: float
    x1: float
    y0: float
    y1: float
    fill: str | None = None
    colour: str = "#444"
    width: float = 1.5
    panel: int = 0

    def __post_init__(self):
        check_colour(self.fill), check_colour(self.colour)

    def wire(self) -> dict:
        x, y = ("x", "y") if self.panel == 0 else (f"x{self.panel + 1}", f"y{self.panel + 1}")
        return _drop_none({"type": "rect", "xref": x, "yref": y, "x0": self.x0, "x1": self.x1, "y0": self.y0,
                           "y1": self.y1, "fillcolor": self.fill, "line": {"color": self.colour, "width": self.width}})
