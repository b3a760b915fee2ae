"""A chart of marks on one pair of axes (canvas_chart.js): its axes, legend and what it holds."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from dl_engine.viz.figure_dicts import index_ticks
from dl_engine.viz.spec.marks import Bars, Line, _drop_none
from dl_engine.viz.spec.notes import Arrow, HLine, Note, Rect
from dl_engine.viz.spec.picture import Image
from dl_engine.viz.spec.text import check_markup


@dataclass(kw_only=True, slots=True)
class Axis:
    """An axis: its title; log scale (y only); a fixed `range` (in the axis' units: log10 on a
    log axis) or one fitted to the data (`to_zero`: reaching 0; `reversed`); ticks every `step`
    from `start`, at named `tick_values` (`tick_labels`), or round 1-2-5 steps; hidden (`visible`
    False). On y, `equal` keeps one data unit as long as on x: by widening a range, or by
    shrinking the plot area (`shrink`)."""
    title: str | None = None
    log: bool = False
    range: Any = None
    to_zero: bool = False
    reversed: bool = False
    step: float | None = None
    start: float = 0
    tick_values: Any = None
    tick_labels: Any = None
    visible: bool = True
    equal: bool = False
    shrink: bool = False

    def __post_init__(self):
        if (self.tick_values is None) != (self.tick_labels is None):
            raise ValueError("give tick_values and tick_labels together")
        if self.title:
            check_markup(self.title)

    @classmethod
    def index(cls, title: str | None, values=(), **kw: Any) -> "Axis":
        """An axis of whole-number positions (time steps, epochs, positions) spanning `values`:
        ticks every 1, 2, 5, 10, … so that about eight cover it (figure_dicts.index_ticks)."""
        values = np.asarray(values, dtype=float)
        values = values[np.isfinite(values)]
        span = float(values.max() - values.min()) if values.size else 1.0
        return cls(title=title, step=index_ticks(max(1.0, span))["dtick"], **kw)

    def wire(self) -> dict:
        axis = {"title": {"text": self.title} if self.title else None, "type": "log" if self.log else None,
                "range": list(self.range) if self.range is not None else None,
                "rangemode": "tozero" if self.to_zero else None,
                "autorange": "reversed" if self.reversed else None, "visible": None if self.visible else False,
                "scaleanchor": "x" if self.equal else None, "constrain": "domain" if self.shrink else None}
        if self.step:
            axis |= {"tickmode": "linear", "tick0": self.start, "dtick": self.step}
        if self.tick_values is not None:
            axis |= {"tickvals": list(self.tick_values), "ticktext": list(self.tick_labels)}
        return _drop_none(axis)


@dataclass(kw_only=True, slots=True)
class Legend:
    """The legend: in rows above the plot, or `below` it (under the x-axis title); `title` first."""
    below: bool = False
    title: str | None = None

    def wire(self) -> dict:
        place = {"orientation": "h", "yref": "container", "yanchor": "bottom", "y": 0.01 if self.below else 0.99,
                 "x": 0}
        return place | ({"title": {"text": self.title}} if self.title else {})


@dataclass(kw_only=True, slots=True)
class Chart:
    """A titled chart `height` px high: bars and lines (drawn in that order), pictures under them,
    horizontal lines, rectangles and notes over them, a legend of the named marks (shown when more
    than one, unless `show_legend` says), a colour bar for the first mark coloured by value."""
    title: str
    height: int
    marks: list[Line | Bars] = field(default_factory=list)
    x: Axis = field(default_factory=Axis)
    y: Axis = field(default_factory=Axis)
    legend: Legend = field(default_factory=Legend)
    show_legend: bool | None = None
    notes: list[Note | Arrow] = field(default_factory=list)
    lines: list[HLine] = field(default_factory=list)
    rects: list[Rect] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    background: str | None = None
    bar_gap: float | None = None
    title_size: int = 18

    def __post_init__(self):
        check_markup(self.title)
        if sum(isinstance(m, Bars) for m in self.marks) > 1:
            raise ValueError("a chart draws one set of bars (no grouped bars)")
        scaled = [m for m in self.marks if isinstance(m, Line) and m.markers and m.markers.scale
                  and m.markers.scale.bar]
        if len(scaled) > 1:
            raise ValueError("a chart draws one colour bar")
        if self.x.log or self.x.equal:
            raise ValueError("x is linear and sets the scale y may keep (log and equal are y's)")

    def wire(self) -> dict:
        """{"data": [...], "layout": {...}}: what canvas_chart.js reads (plotly's key names)."""
        layout = {"title": {"text": self.title, "font": {"size": self.title_size}}, "height": self.height,
                  "xaxis": self.x.wire(), "yaxis": self.y.wire(), "legend": self.legend.wire(),
                  "showlegend": self.show_legend, "plot_bgcolor": self.background, "bargap": self.bar_gap,
                  "shapes": [s.wire() for s in [*self.lines, *self.rects]] or None,
                  "annotations": [n.wire() for n in self.notes] or None,
                  "images": [i.wire() for i in self.images] or None}
        return {"data": [m.wire() for m in self.marks], "layout": _drop_none(layout)}
