"""What a chart draws in its plot area: lines, markers, text at points, filled outlines, bars."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dl_engine.viz.spec.text import check_colour, check_markup, check_template, colour_stops

DASHES = (None, "solid", "dash", "dot", "dashdot", "longdash")
SYMBOLS = ("circle", "diamond", "square")
TEXT_POSITIONS = tuple(f"{v} {h}" for v in ("top", "middle", "bottom") for h in ("left", "center", "right"))
_POINT_NAMES = {"x", "y", "marker.color"}


def _drop_none(d: dict) -> dict:
    return {k: v for k, v in d.items() if v is not None}


@dataclass(kw_only=True, slots=True)
class ColourBar:
    """The colour bar of a scale, right of the plot (or at paper x), `length` of its height;
    its title above it, or turned along its right side (`title_right`)."""
    title: str | None = None
    title_right: bool = False
    thickness: int = 30
    length: float | None = None
    step: float | None = None      # a tick every `step` from 0 (else about five nice ticks)
    x: float | None = None         # paper x of its left edge (heatmap panels)
    y: float | None = None         # paper y of its anchor
    anchor: str | None = None      # "top", "middle" or "bottom": where y is on the bar

    def wire(self) -> dict:
        ticks = {"tickmode": "linear", "tick0": 0, "dtick": self.step} if self.step else {}
        return _drop_none({"title": ({"text": self.title} | ({"side": "right"} if self.title_right else {})
                                     if self.title else None), "thickness": self.thickness,
                           "len": self.length, "x": self.x, "y": self.y, "yanchor": self.anchor}) | ticks


@dataclass(kw_only=True, slots=True)
class ColourScale:
    """Values (one per marker) coloured through stops (a plotly.py name or (position, colour)
    pairs) from lo to hi (default: the values' range); `bar` shows the scale beside the plot."""
    values: Any
    stops: Any
    lo: float | None = None
    hi: float | None = None
    bar: ColourBar | None = None

    def __post_init__(self):
        self.stops = colour_stops(self.stops)


@dataclass(kw_only=True, slots=True)
class Markers:
    """A marker at every point: `size` px across, one colour or `scale` colours by value,
    outlined `outline_width` px in `outline` (dashed as a line may be)."""
    size: float = 6
    colour: str | None = None
    scale: ColourScale | None = None
    symbol: str = "circle"
    opacity: float | None = None
    outline: str | None = None
    outline_width: float | None = None
    outline_dash: str | None = None

    def __post_init__(self):
        check_colour(self.colour), check_colour(self.outline)
        if self.symbol not in SYMBOLS:
            raise ValueError(f"marker symbol {self.symbol!r}: the canvas draws {SYMBOLS}")
        if self.outline_dash not in DASHES:
            raise ValueError(f"outline dash {self.outline_dash!r}: one of {DASHES}")

    def wire(self) -> dict:
        marker = {"size": self.size, "symbol": self.symbol, "opacity": self.opacity}
        if self.scale is not None:
            s = self.scale
            marker |= {"color": s.values, "colorscale": s.stops, "cmin": s.lo, "cmax": s.hi,
                       "showscale": s.bar is not None, "colorbar": s.bar.wire() if s.bar else None}
        else:
            marker["color"] = self.colour
        if self.outline_width:
            marker["line"] = _drop_none({"color": self.outline, "width": self.outline_width,
                                         "dash": self.outline_dash})
        return _drop_none(marker)


@dataclass(kw_only=True, slots=True)
class Line:
    """A series of points (x, y: (N,); NaN breaks the line unless `connect_gaps`): drawn as a line
    (`lines`), markers, labels at the points (`labels`: (N,) text, placed at `label_position`),
    and/or the outline filled in `fill`. `hover`: a template of x, y, text and marker.color, or
    None for the point's values; `hoverable` False: no hover at all. `step`: the value holds
    until the next point. `legend`: listed in the legend (when it has a name)."""
    x: Any
    y: Any
    name: str | None = None
    colour: str | None = None
    width: float = 2
    dash: str | None = None
    step: bool = False
    lines: bool = True
    markers: Markers | None = None
    labels: Any = None
    label_position: str | None = None
    label_size: float | None = None
    label_colour: str | None = None
    hover_text: Any = None
    fill: str | None = None
    opacity: float | None = None
    connect_gaps: bool = False
    hover: str | None = None
    hoverable: bool = True
    legend: bool = True

    def __post_init__(self):
        check_colour(self.colour), check_colour(self.fill), check_colour(self.label_colour)
        check_template(self.hover, _POINT_NAMES)
        if self.labels is not None and self.hover_text is not None:
            raise ValueError("a point hovers with its label: give labels or hover_text")
        if self.dash not in DASHES:
            raise ValueError(f"line dash {self.dash!r}: one of {DASHES}")
        if self.label_position not in (None, *TEXT_POSITIONS):
            raise ValueError(f"label position {self.label_position!r}: one of {TEXT_POSITIONS}")

    def wire(self) -> dict:
        parts = [p for p, on in (("lines", self.lines), ("markers", self.markers), ("text", self.labels is not None))
                 if on is not None and on is not False]
        trace = {"type": "scatter", "x": self.x, "y": self.y, "mode": "+".join(parts) or "none",
                 "line": _drop_none({"width": self.width, "color": self.colour, "dash": self.dash,
                                     "shape": "hv" if self.step else None}),
                 "name": self.name, "opacity": self.opacity, "hovertemplate": self.hover,
                 "connectgaps": self.connect_gaps or None}
        if self.markers is not None:
            trace["marker"] = self.markers.wire()
        if self.labels is not None:
            trace |= {"text": self.labels, "textposition": self.label_position,
                      "textfont": _drop_none({"size": self.label_size, "color": self.label_colour}) or None}
        if self.hover_text is not None:
            trace["text"] = self.hover_text
        if self.fill is not None:
            trace |= {"fill": "toself", "fillcolor": self.fill}
        if not self.hoverable:
            trace["hoverinfo"] = "skip"
        if not self.legend:
            trace["showlegend"] = False
        return _drop_none(trace)


@dataclass(kw_only=True, slots=True)
class Bars:
    """One bar per x (numbers, or names laid out as categories) up to y, in one colour or one
    per bar (`colours`); `labels` over the bars. Hover shows y (and `extra`, one value per bar)."""
    x: Any
    y: Any
    name: str | None = None
    colour: str | None = None
    colours: list[str] | None = None
    labels: Any = None
    extra: Any = None
    hoverable: bool = True
    legend: bool = True

    def __post_init__(self):
        check_colour(self.colour)
        for c in self.colours or []:
            check_colour(c)
        if self.labels is not None:
            for label in self.labels:
                check_markup(str(label))

    def wire(self) -> dict:
        colour = self.colours if self.colours is not None else self.colour
        return _drop_none({"type": "bar", "x": self.x, "y": self.y, "name": self.name,
                           "marker": {"color": colour} if colour is not None else None,
                           "text": self.labels, "customdata": self.extra,
                           "hoverinfo": None if self.hoverable else "skip",
                           "showlegend": None if self.legend else False})
