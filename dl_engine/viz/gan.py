"""The GAN page's live figures: the plane (D(x) under real and generated points, the warped input
grid and G's gradient arrows), both players' losses, and the divergence read-out.

D(x) is a picture under the marks (viz.raster), as the optimiser race draws its surface."""
from __future__ import annotations

import math

import numpy as np

from dl_engine.data.toy2d import DOMAIN
from dl_engine.viz.raster import colour_bar_mark, colour_grid, image_layer
from dl_engine.viz.spec import Arrow, Axis, Chart, HLine, Legend, Line, Markers, Note

REAL, FAKE, GRID = "#1b7837", "#762a83", "#7a7a7a"
D_SCALE = [[0.0, "#d9c2e6"], [0.5, "#ffffff"], [1.0, "#bfe3b4"]]   # D says fake (purple) … real (green)
ARROW_SHARE = 0.08   # the longest arrow, as a share of the plane's width: lengths compare the points
ARROWS = 120         # arrows drawn (of the shown points): enough to read the field, few enough to see it
PLAYERS = {"both": "", "d": " (only D steps)", "g": " (only G steps)"}


def plane_figure(v: dict, height: int = 560) -> Chart:
    """v: the experiment's visuals: heat (H, W) D(x) over edges × edges, real and fake (N, 2),
    arrows (N, 2) −∂ℓ_G/∂x, grid (L, P, 2) the input grid through G."""
    edges = v["edges"]
    box = (float(edges[0]), float(edges[-1]))
    image = image_layer(colour_grid(v["heat"], D_SCALE, 0.0, 1.0), box, box)
    lines = v["grid"]
    gaps = np.full((len(lines), 1, 2), np.nan)
    warped = np.concatenate([lines, gaps], 1).reshape(-1, 2)   # one mark: NaN breaks between the lines
    marks = [colour_bar_mark(D_SCALE, 0.0, 1.0, "D(x)", (box[1], box[1])),
             Line(x=warped[:, 0], y=warped[:, 1], name="G(grid)", colour=GRID, width=1, hoverable=False),
             Line(x=v["real"][:, 0], y=v["real"][:, 1], lines=False, name="real",
                  markers=Markers(size=6, colour=REAL, outline="white", outline_width=0.5)),
             Line(x=v["fake"][:, 0], y=v["fake"][:, 1], lines=False, name="G(z)",
                  markers=Markers(size=6, colour=FAKE, outline="white", outline_width=0.5))]
    return Chart(title=f"D(x) and the points, step {v['step']}{PLAYERS[v['players']]}",
                 height=height, marks=marks, images=[image], notes=arrows(v["fake"], v["arrows"]), title_size=16,
                 x=Axis(title="x₁", range=list(box)), y=Axis(title="x₂", range=list(box), equal=True, shrink=True),
                 legend=Legend(below=True), show_legend=True)


def arrows(at: np.ndarray, grad: np.ndarray) -> list[Arrow]:
    """Arrows from the first ARROWS points `at` (N, 2) along −∂ℓ_G/∂x (N, 2), the longest
    ARROW_SHARE of the plane: the way and how hard G's loss pulls each generated point."""
    at, grad = at[:ARROWS], grad[:ARROWS]
    size = np.hypot(grad[:, 0], grad[:, 1])
    top = float(size.max()) if size.size and np.isfinite(size).all() else 0.0
    if top <= 0:
        return []
    tips = at + grad * (ARROW_SHARE * 2 * DOMAIN / top)
    return [Arrow(x0=float(a[0]), y0=float(a[1]), x1=float(b[0]), y1=float(b[1]), colour=FAKE, width=1.2)
            for a, b in zip(at, tips)]


def _latest(history: dict, key: str) -> float | None:
    values = np.asarray(history.get(key, ()), np.float64)
    values = values[np.isfinite(values)]
    return float(values[-1]) if values.size else None


def _readout(history: dict) -> str:
    """The divergence chart's title: JS now and, on the ring, how many of its modes G covers."""
    js, modes = _latest(history, "js"), _latest(history, "modes")
    text = "Divergence, real vs generated" if js is None else f"JS now {js:.3f} nats"
    return text if modes is None else f"{text} · ring modes covered {modes:.0f} of 8"


def curve(history: dict, key: str, **style) -> Line:
    """history[key] (T,) against history["step"], its non-finite entries left out."""
    step = history.get("step", np.zeros(0))
    values = history.get(key, np.full(len(step), np.nan))
    keep = np.isfinite(values)
    return Line(x=step[keep], y=values[keep], **style)


def time_axis(history: dict) -> Axis:
    """The training step, as an index axis."""
    return Axis.index("training step", history.get("step", [0, 1]))


def losses_figure(history: dict, height: int = 300) -> Chart:
    """L_D and L_G (history "d_loss", "g_loss" (T,), on the fixed evaluation batch) against the step;
    dashed: L_D = log 4 where D can tell nothing apart (D = ½ everywhere)."""
    marks = [curve(history, "d_loss", name="L_D (discriminator)", colour=REAL, width=3),
             curve(history, "g_loss", name="L_G (generator)", colour=FAKE, width=3)]
    return Chart(title="Losses of both players", height=height, marks=marks, x=time_axis(history),
                 y=Axis(title="loss (nats)"), lines=[HLine(y=math.log(4), colour=REAL)],
                 notes=[Note(text="log 4: D = ½", x=0.99, y=math.log(4), x_on_paper=True, x_anchor="right",
                             y_anchor="bottom", size=13, colour=REAL)],
                 legend=Legend(below=True), show_legend=True)


def divergence_figure(history: dict, height: int = 300) -> Chart:
    """JS(p_data, p_g) from histograms ("js") and the bound log 2 − L_D/2 ("js_bound") against
    the step; dashed: log 2, JS's largest value (the two share no cell)."""
    marks = [curve(history, "js", name="JS from histograms", colour="#1f4e9c", width=3),
             curve(history, "js_bound", name="log 2 − L_D/2 (from D)", colour="#e08214", width=2, dash="dash")]
    return Chart(title=_readout(history), height=height, marks=marks,
                 x=time_axis(history), y=Axis(title="JS divergence (nats)", range=[-0.05, 0.75]),
                 lines=[HLine(y=math.log(2))],
                 notes=[Note(text="log 2: disjoint", x=0.99, y=math.log(2), x_on_paper=True, x_anchor="right",
                             y_anchor="bottom", size=13)],
                 legend=Legend(below=True), show_legend=True)
