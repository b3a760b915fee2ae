"""The network race's live figures: the loss on the plane with every racer's projected path, and
the training loss per optimiser. Colours, the surface's colour scale and the racers' labels are
the 2-D race's (viz.optimiser_race)."""
from __future__ import annotations

import numpy as np

from dl_engine.models.race_optimisers import LABELS
from dl_engine.viz.optimiser_race import COLOURS, SURFACE_SCALE, label
from dl_engine.viz.raster import colour_bar_mark, colour_grid, image_layer
from dl_engine.viz.spec import Axis, Chart, Legend, Line, Markers

LOSS_FLOOR = 1e-6    # log10 of a loss below this is drawn as this (cross-entropy can reach ~0)
AXES = {"random": ("a (along d₁, random, filter-normalised)", "b (along d₂, random, filter-normalised)"),
        "pca": ("a (along d₁, 1st principal direction)", "b (along d₂, 2nd principal direction)")}


def _off(share: float) -> str:
    return f"{100 * share:.0f}% off the plane"


def slice_figure(v: dict, height: int = 520) -> Chart:
    """v: the network race's visuals: slice (H, W) over a_edges × b_edges, paths[name] (T+1, 2),
    off_plane[name] (T+1,); θ₀ at (0, 0), each racer's path, its current point, and how far
    off the plane it is now (a path can cross contours its weights never crossed)."""
    z = np.log10(np.maximum(v["slice"], LOSS_FLOOR))
    lo, hi = float(np.nanmin(z)), float(np.nanmax(z))
    hi = max(hi, lo + 1e-6)
    (a0, a1), (b0, b1) = v["a_edges"], v["b_edges"]
    marks = [colour_bar_mark(SURFACE_SCALE, lo, hi, "log₁₀ training loss", (a1, b1)),
             Line(x=[0.0], y=[0.0], lines=False, name="θ₀ (the start)",
                  markers=Markers(size=12, colour="#111", symbol="diamond", outline="white", outline_width=1))]
    for name, path in v["paths"].items():
        colour, at = COLOURS[name], path[-1]
        marks.append(Line(x=path[:, 0], y=path[:, 1], colour=colour, width=2,
                          name=f"{label(name, v['diverged'][name])}: {_off(v['off_plane'][name][-1])}"))
        marks.append(Line(x=[at[0]], y=[at[1]], lines=False, legend=False, hover=f"{LABELS[name]} now",
                          markers=Markers(size=10, colour=colour, outline="white", outline_width=1.5)))
    moving = " (the plane moves)" if v["plane"] == "pca" else ""   # short: the title must fit beside the toolbar
    x_title, y_title = AXES[v["plane"]]
    return Chart(title=f"Training loss on the plane through θ₀, step {v['step']}{moving}", height=height,
                 marks=marks, images=[image_layer(colour_grid(z, SURFACE_SCALE, lo, hi), v["a_edges"], v["b_edges"])],
                 title_size=16, x=Axis(title=x_title, range=[a0, a1]), y=Axis(title=y_title, range=[b0, b1]),
                 legend=Legend(below=True), show_legend=True)


def losses_figure(v: dict, height: int = 340) -> Chart:
    """losses[name]: (T+1,) the training (cross-entropy) loss at θ₀…θ_T per racer, on a log axis;
    test_acc[name] in its legend."""
    marks = [Line(x=np.arange(len(l)), y=np.maximum(l, LOSS_FLOOR), colour=COLOURS[name],
                  name=f"{label(name, v['diverged'][name])} {100 * v['test_acc'][name]:.0f}%")
             for name, l in v["losses"].items()]
    longest = max((len(l) for l in v["losses"].values()), default=1)
    # the legend's accuracy is short: seven long names would take the height the curves need
    return Chart(title="Training loss per optimiser (legend: test accuracy)", height=height, marks=marks,
                 x=Axis.index("step", [0, max(longest - 1, 1)]), y=Axis(title="training loss (log)", log=True),
                 legend=Legend(below=True), show_legend=True)
