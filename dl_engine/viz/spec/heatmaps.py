"""Panels of heatmaps placed on the paper (heatmap_chart.js): cells, their axes, colour bars, text."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from dl_engine.viz.spec.marks import ColourBar, _drop_none
from dl_engine.viz.spec.notes import Rect
from dl_engine.viz.spec.text import check_colour, check_markup, check_template, colour_stops


@dataclass(kw_only=True, slots=True)
class GridAxis:
    """A panel's axis: `domain`, the fraction of the paper it spans; its title; ticks at named
    `tick_values` (`tick_labels`), every `step` from `start`, or a cell's name or a few numbers;
    `tick_size` px; `labels` False hides the tick labels, `visible` False the whole axis. On y,
    `reversed` puts row 0 at the top and `square` makes the cells square (the panel shrinks)."""
    domain: tuple[float, float] = (0.0, 1.0)
    title: str | None = None
    tick_values: Any = None
    tick_labels: Any = None
    step: float | None = None
    start: float = 0
    tick_size: float | None = None
    labels: bool = True
    visible: bool = True
    reversed: bool = False
    square: bool = False

    def __post_init__(self):
        if (self.tick_values is None) != (self.tick_labels is None):
            raise ValueError("give tick_values and tick_labels together")
        lo, hi = self.domain
        if not 0 <= lo < hi <= 1:
            raise ValueError(f"domain {self.domain}: 0 ≤ lo < hi ≤ 1")

    def wire(self, anchor: str, square_to: str) -> dict:
        axis = {"domain": [float(self.domain[0]), float(self.domain[1])], "anchor": anchor,
                "title": {"text": self.title} if self.title else None,
                "tickfont": {"size": self.tick_size} if self.tick_size else None,
                "showticklabels": None if self.labels else False, "visible": None if self.visible else False,
                "autorange": "reversed" if self.reversed else None,
                "scaleanchor": square_to if self.square else None, "constrain": "domain" if self.square else None}
        if self.step:
            axis |= {"tickmode": "linear", "tick0": self.start, "dtick": self.step}
        if self.tick_values is not None:
            axis |= {"tickmode": "array", "tickvals": list(self.tick_values), "ticktext": list(self.tick_labels)}
        return _drop_none(axis)


@dataclass(kw_only=True, slots=True)
class Heatmap:
    """A panel of cells z (R, C) coloured through `stops` (a plotly.py name or (position, colour)
    pairs) from lo to hi (default: the finite values' range). Cell centres x (C,) and y (R,):
    rising numbers or names (default 0, 1, …). `bar`: its colour bar (None: none). `hover`: a
    template of x, y, z and customdata (`extra`, (R, C)); `cell_text`: a template of z printed in
    each cell, `cell_text_size` px; `gap`: px between cells."""
    z: Any
    stops: Any
    lo: float | None = None
    hi: float | None = None
    x: Any = None
    y: Any = None
    x_axis: GridAxis = field(default_factory=GridAxis)
    y_axis: GridAxis = field(default_factory=GridAxis)
    bar: ColourBar | None = None
    hover: str | None = None
    extra: Any = None
    cell_text: str | None = None
    cell_text_size: float | None = None
    gap: float | None = None
    name: str | None = None

    def __post_init__(self):
        self.stops = colour_stops(self.stops)
        check_template(self.hover, {"x", "y", "z", "customdata"})
        check_template(self.cell_text, {"z"})
        if self.x_axis.reversed or self.x_axis.square:
            raise ValueError("reversed and square are the y axis' (row 0 at the top, square cells)")
        for centres in (self.x, self.y):
            if centres is not None and not _ascending(centres):
                raise ValueError("cell centres are names or rising numbers")

    def wire(self, index: int) -> dict:
        x, y = ("x", "y") if index == 0 else (f"x{index + 1}", f"y{index + 1}")
        trace = {"type": "heatmap", "z": self.z, "x": self.x, "y": self.y, "zmin": self.lo, "zmax": self.hi,
                 "colorscale": self.stops, "showscale": self.bar is not None,
                 "colorbar": self.bar.wire() if self.bar else None, "hovertemplate": self.hover,
                 "customdata": self.extra, "texttemplate": self.cell_text,
                 "textfont": {"size": self.cell_text_size} if self.cell_text_size else None,
                 "xgap": self.gap, "ygap": self.gap, "name": self.name}
        if index:
            trace |= {"xaxis": x, "yaxis": y}
        return _drop_none(trace)


def _ascending(values) -> bool:
    values = list(values)
    if all(isinstance(v, str) for v in values):
        return True
    numbers = np.asarray(values, dtype=float)
    return bool(np.all(np.diff(numbers) > 0))


@dataclass(kw_only=True, slots=True)
class PaperText:
    """Text at fractions (x, y) of the paper (panel titles, row labels), upright or turned ±90°."""
    text: str
    x: float
    y: float
    size: float = 16
    colour: str | None = None
    x_anchor: str = "center"
    y_anchor: str = "bottom"
    angle: int = 0

    def __post_init__(self):
        check_markup(self.text), check_colour(self.colour)
        if self.angle not in (0, 90, -90):
            raise ValueError(f"text angle {self.angle}: 0, 90 or -90")

    def wire(self) -> dict:
        return _drop_none({"text": self.text, "x": self.x, "y": self.y, "xref": "paper", "yref": "paper",
                           "showarrow": False, "xanchor": self.x_anchor, "yanchor": self.y_anchor,
                           "font": _drop_none({"size": self.size, "color": self.colour}),
                           "textangle": self.angle or None})


@dataclass(kw_only=True, slots=True)
class HeatmapGrid:
    """A titled figure `height` px high of heatmap panels (each on its own axes, placed by their
    domains inside the margins), rectangles over a panel's cells and text on the paper."""
    title: str
    height: int
    panels: list[Heatmap]
    notes: list[PaperText] = field(default_factory=list)
    rects: list[Rect] = field(default_factory=list)
    margin: dict | None = None     # {"l", "r", "t", "b"} px round the paper
    title_size: int = 18

    def __post_init__(self):
        check_markup(self.title)
        if set(self.margin or {}) - {"l", "r", "t", "b"}:
            raise ValueError(f"margin keys are l, r, t, b: {self.margin}")
        for rect in self.rects:
            if not 0 <= rect.panel < len(self.panels):
                raise ValueError(f"a rectangle on panel {rect.panel} of {len(self.panels)}")

    def wire(self) -> dict:
        """{"data": [...], "layout": {...}}: what heatmap_chart.js reads (plotly's key names)."""
        layout = {"title": {"text": self.title, "font": {"size": self.title_size}}, "height": self.height,
                  "margin": dict(self.margin) if self.margin else None,
                  "annotations": [n.wire() for n in self.notes] or None,
                  "shapes": [r.wire() for r in self.rects] or None}
        for k, panel in enumerate(self.panels):
            suffix = "" if k == 0 else str(k + 1)
            layout[f"xaxis{suffix}"] = panel.x_axis.wire(f"y{suffix}", "")
            layout[f"yaxis{suffix}"] = panel.y_axis.wire(f"x{suffix}", f"x{suffix}")
        return {"data": [p.wire(k) for k, p in enumerate(self.panels)], "layout": _drop_none(layout)}
