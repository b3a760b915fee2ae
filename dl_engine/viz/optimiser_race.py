"""The optimiser race's live figures: the paths over the surface, and the loss of each racer.

The surface is a picture under the marks (viz.raster): log10 of the height above the lowest
value drawn, so the valleys' floors show instead of one flat colour under the walls."""
from __future__ import annotations

import numpy as np

from dl_engine.models.loss_surfaces import SURFACES
from dl_engine.models.race_optimisers import LABELS
from dl_engine.viz.raster import colour_bar_mark, colour_grid, image_layer
from dl_engine.viz.spec import Arrow, Axis, Chart, Legend, Line, Markers

COLOURS = {"sgd": "#d62728", "momentum": "#ff7f0e", "nesterov": "#8c564b", "adagrad": "#9467bd",
           "rmsprop": "#1f77b4", "adam": "#2ca02c", "adamw": "#e377c2"}
SURFACE_SCALE = [[0.0, "#fbfbf4"], [0.5, "#c7d3c0"], [1.0, "#56656e"]]   # light valleys under bright paths
LOG_OFFSET = 1e-3   # log10(f − min + offset): the lowest cell is −3, not −∞
ARROW_SHARE = 0.09  # an arrow's length, as a share of the box's width (it shows a direction)
FLOOR = 1e-16       # the loss chart's floor: f − f* at a float64 minimum can be 0 or a rounding below


def label(name: str, diverged_at: int | None) -> str:
    return LABELS[name] if diverged_at is None else f"{LABELS[name]} (diverged at step {diverged_at})"


def paths_figure(v: dict, height: int = 520) -> Chart:
    """v: the race's visuals: heights (H, W) over x_edges × y_edges, paths[name] (T+1, 2),
    arrows[name] (2,), diverged[name]; one line, one marker and one arrow per racer."""
    surface = SURFACES[v["surface"]]
    z = np.log10(v["heights"] - np.nanmin(v["heights"]) + LOG_OFFSET)
    lo, hi = float(np.nanmin(z)), float(np.nanmax(z))
    image = image_layer(colour_grid(z, SURFACE_SCALE, lo, hi), v["x_edges"], v["y_edges"])
    (x0, x1), (y0, y1) = surface.box
    marks = [colour_bar_mark(SURFACE_SCALE, lo, hi, "log₁₀(f − min)", (x1, y1)),
             Line(x=[surface.minimum[0]], y=[surface.minimum[1]], lines=False, name="minimum",
                  markers=Markers(size=12, colour="#111", symbol="diamond", outline="white", outline_width=1))]
    notes = []
    length = ARROW_SHARE * (x1 - x0)
    for name, path in v["paths"].items():
        colour, at = COLOURS[name], path[-1]
        marks.append(Line(x=path[:, 0], y=path[:, 1], name=label(name, v["diverged"][name]), colour=colour, width=2))
        marks.append(Line(x=[at[0]], y=[at[1]], lines=False, legend=False, hover=f"{LABELS[name]} now",
                          markers=Markers(size=10, colour=colour, outline="white", outline_width=1.5)))
        d = np.asarray(v["arrows"][name], np.float64)
        norm = float(np.hypot(*d)) if np.isfinite(d).all() else 0.0
        if norm > 0 and v["diverged"][name] is None:
            tip = at + length * d / norm
            notes.append(Arrow(x0=float(at[0]), y0=float(at[1]), x1=float(tip[0]), y1=float(tip[1]), colour=colour))
    return Chart(title=f"{surface.title}: paths at step {v['step']} (arrows: −velocity / −first moment, else −g)",
                 height=height, marks=marks, images=[image], notes=notes, title_size=16,
                 x=Axis(title="x (θ₁)", range=[x0, x1]), y=Axis(title="y (θ₂)", range=[y0, y1]),
                 legend=Legend(below=True), show_legend=True)


def losses_figure(v: dict, height: int = 340) -> Chart:
    """gaps[name]: (T+1,) f(θ_t) − f* per racer against the step, on a log axis."""
    marks = [Line(x=np.arange(len(g)), y=np.maximum(g, FLOOR), name=label(name, v["diverged"][name]),
                  colour=COLOURS[name]) for name, g in v["gaps"].items()]
    longest = max((len(g) for g in v["gaps"].values()), default=1)
    return Chart(title="Loss above the minimum, per optimiser", height=height, marks=marks,
                 x=Axis.index("step", [0, max(longest - 1, 1)]), y=Axis(title="f(θ) − f* (log)", log=True),
                 legend=Legend(below=True), show_legend=True)
