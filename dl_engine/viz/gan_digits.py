"""The GAN page's live figures on digits: G's images of the fixed noise batch beside real digits,
and what still reads in 64-D (the bound log 2 − L_D/2 from D's loss, mean D(x) and D(G(z))).
Images are 8×8 tiles in [0, 1], ink bright (as the autoencoder page draws them)."""
from __future__ import annotations

import math

import numpy as np

from dl_engine.viz.autoencoder import INK
from dl_engine.viz.cnn import mosaic
from dl_engine.viz.gan import FAKE, PLAYERS, REAL, curve, time_axis
from dl_engine.viz.spec import Axis, Chart, GridAxis, Heatmap, HeatmapGrid, HLine, Legend, Note, PaperText, grid_cells

BOUND = "#e08214"


def _mosaic(tiles: np.ndarray) -> np.ndarray:
    """(n, 8, 8) tiles → a square-ish mosaic, NaN gaps between tiles."""
    return mosaic(np.asarray(tiles, dtype=float), int(math.ceil(math.sqrt(len(tiles)))))


SAMPLES_MARGIN = {"l": 8, "r": 8, "t": 72, "b": 30}   # px: the title and panel titles above, the note below
PANEL_GAP = 0.04   # of the paper's width between the two grids


def samples_figure(v: dict, height: int = 420) -> HeatmapGrid:
    """v: the experiment's visuals on digits: samples (n, 8, 8) G(z) of the fixed z batch (the same
    z at every step), real (n, 8, 8) fixed real digits; side by side, as large as the chart lets
    them (no colour bar: a pixel is plain grey, 0 black to 1 white, as the note under them says)."""
    n = len(v["samples"])
    domains, notes = grid_cells(1, 2, PANEL_GAP, 0.0, titles=[f"G(z): {n} fixed z", f"{len(v['real'])} real digits"])
    panels = []
    for k, (tiles, name) in enumerate(((v["samples"], "G(z)"), (v["real"], "real"))):
        (x, y) = domains[k]
        panels.append(Heatmap(z=_mosaic(tiles), stops=INK, lo=0.0, hi=1.0, name=name,
                              hover=f"{name}<br>pixel %{{z:.2f}}<extra></extra>",
                              x_axis=GridAxis(domain=x, labels=False),
                              y_axis=GridAxis(domain=y, labels=False, reversed=True, square=True)))
    note = PaperText(text="pixel 0 black … 1 white", x=0.5, y=0.0, size=13, y_anchor="top")
    return HeatmapGrid(title=f"Generated and real digits, step {v['step']}{PLAYERS[v['players']]}", height=height,
                       panels=panels, notes=[*notes, note], margin=SAMPLES_MARGIN, title_size=16)


def divergence_figure(history: dict, height: int = 300) -> Chart:
    """The bound log 2 − L_D/2 on JS ("js_bound", nats), mean D(x) ("d_real") and mean D(G(z))
    ("d_fake") against the step; dashed: ½, where D can tell nothing apart (and the bound is 0)."""
    marks = [curve(history, "d_real", name="mean D(x), real", colour=REAL, width=3),
             curve(history, "d_fake", name="mean D(G(z)), generated", colour=FAKE, width=3),
             curve(history, "js_bound", name="JS ≥ log 2 − L_D/2 (nats)", colour=BOUND, width=2, dash="dash")]
    return Chart(title="What D can tell apart in 64-D", height=height, marks=marks, x=time_axis(history),
                 y=Axis(title="D's output · bound (nats)", range=[-0.05, 1.05]), lines=[HLine(y=0.5)],
                 notes=[Note(text="D = ½: no tell", x=0.99, y=0.5, x_on_paper=True, x_anchor="right",
                             y_anchor="bottom", size=13)],
                 legend=Legend(below=True), show_legend=True)
