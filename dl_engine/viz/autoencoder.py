"""The autoencoder page's live figures: the latent plane (test codes coloured by digit), image
strips (inputs and reconstructions, prior samples, an interpolation), the decoded grid over the
plane, and the loss terms. Snapshot data in, specs out; images are 8×8 tiles in [0, 1], ink bright."""
from __future__ import annotations

import numpy as np

from dl_engine.viz.cnn import mosaic
from dl_engine.viz.figure_dicts import MARGIN
from dl_engine.viz.spec import (Axis, Chart, ColourBar, GridAxis, Heatmap, HeatmapGrid, Legend, Line, Markers, Note,
                                Rect, column_cells)

DIGIT_COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                 "#bcbd22", "#17becf"]
INK = "gray"          # pixel value 0 black … 1 white, as the digits are stored (bright ink on dark)
PATH = "#111111"      # the interpolation line over the codes
TOP_MARGIN = MARGIN | {"t": 80, "b": 20}


def latent_figure(v: dict, step: int, line: np.ndarray | None = None, height: int = 520) -> Chart:
    """The test digits' codes μ (N, 2) in the latent plane, one colour per digit with its number
    at the class's mean code; the decoded grid's box dashed; `line` (n, 2) the interpolation."""
    codes, labels = v["codes"], v["labels"]
    marks = []
    for k in range(10):
        mine = codes[labels == k]
        marks.append(Line(x=mine[:, 0], y=mine[:, 1], name=str(k), lines=False,
                          markers=Markers(size=7, colour=DIGIT_COLOURS[k], opacity=0.75),
                          hover=f"digit {k}<br>z₁ %{{x:.3g}}, z₂ %{{y:.3g}}<extra></extra>"))
    centres = np.array([codes[labels == k].mean(0) for k in range(10)])
    marks.append(Line(x=centres[:, 0], y=centres[:, 1], lines=False, labels=[str(k) for k in range(10)],
                      label_position="middle center", label_size=20, label_colour="#000000", legend=False,
                      hoverable=False))
    if line is not None:
        marks.append(Line(x=line[:, 0], y=line[:, 1], name="interpolation", colour=PATH, width=2,
                          markers=Markers(size=6, colour=PATH, symbol="diamond")))
    (x0, y0), (x1, y1) = v["grid_lo"], v["grid_hi"]
    box = Rect(x0=float(x0), x1=float(x1), y0=float(y0), y1=float(y1), colour="#555555", width=1)
    what = "means μ" if v["mode"] == "vae" else "codes z"
    return Chart(title=f"Latent plane: {what} of {len(codes)} test digits (step {step})", height=height,
                 marks=marks, rects=[box], x=Axis(title="z₁"), y=Axis(title="z₂", equal=True),
                 legend=Legend(title="digit"), show_legend=True, title_size=16)


def strip(tiles: np.ndarray, ncols: int) -> np.ndarray:
    """Tiles (n, 8, 8) side by side, `ncols` to a row, as one picture."""
    return mosaic(np.asarray(tiles, dtype=float), ncols)


def _picture(z: np.ndarray, domain: tuple[float, float], name: str, bar: bool = False, **axes) -> Heatmap:
    """Pixels in [0, 1] as a grey picture, square cells, row 0 at the top."""
    return Heatmap(z=z, stops=INK, lo=0.0, hi=1.0, name=name,
                   bar=ColourBar(title="pixel", title_right=True, thickness=12) if bar else None,
                   hover=f"{name}<br>pixel %{{z:.2f}}<extra></extra>",
                   x_axis=axes.get("x_axis", GridAxis(labels=False)),
                   y_axis=GridAxis(domain=domain, labels=False, reversed=True, square=True))


def image_strips(strips: list[np.ndarray], titles: list[str], title: str, height: int, bar: bool = True) -> HeatmapGrid:
    """Image strips (each a mosaic) stacked in one column, titled; the first with a colour bar
    (`bar`: a lone strip's would crowd its title on a small screen)."""
    domains, notes = column_cells([1.0] * len(strips), 0.16, titles=titles)
    panels = [_picture(s, y, t, bar=bar and i == 0) for i, (s, t, (_, y)) in enumerate(zip(strips, titles, domains))]
    return HeatmapGrid(title=title, height=height, panels=panels, notes=notes, margin=TOP_MARGIN)


def reconstruction_figure(v: dict, step: int, height: int = 300) -> HeatmapGrid:
    """The first test image of each digit 0…9 (10, 8, 8) above its reconstruction from its code μ."""
    return image_strips([strip(v["inputs"], 10), strip(v["recons"], 10)],
                        ["inputs: the first test image of each digit", "reconstructions x̂ = decoder(μ)"],
                        f"Reconstructions (step {step})", height)


def samples_figure(v: dict, step: int, height: int = 280) -> HeatmapGrid:
    """The decoder's images (16, 8, 8) of 16 fixed draws z ~ N(0, I): the same z at every step."""
    what = "from the prior" if v["mode"] == "vae" else "(the autoencoder has no prior)"
    return image_strips([strip(v["samples"], 8)], [f"16 fixed z ~ N(0, I) {what}"], f"Samples (step {step})", height,
                        bar=False)


def interpolation_figure(z: np.ndarray, tiles: np.ndarray, a: int, b: int, step: int, height: int = 230) -> HeatmapGrid:
    """Images (n, 8, 8) decoded at n points z (n, 2) on the line from digit a's code to digit b's."""
    return image_strips([strip(tiles, len(tiles))], [f"{len(z)} points from the code of {a} to that of {b}"],
                        f"Interpolation {a} → {b} (step {step})", height, bar=False)


def grid_figure(v: dict, step: int, height: int = 520) -> HeatmapGrid:
    """The decoder's image at each of the GRID × GRID points of the dashed box on the latent
    plane (v["grid"]: (GRID², 8, 8), row-major, z₂ falling down the rows); ticks name z at the
    tiles' centres."""
    tiles = v["grid"]
    n = int(round(np.sqrt(len(tiles))))
    side = tiles.shape[-1]
    (x0, y0), (x1, y1) = v["grid_lo"], v["grid_hi"]
    # every other tile's z at its centre: ten labels would crowd a half-width panel
    centres = [i * (side + 1) + (side - 1) / 2 for i in range(n)][::2]
    fmt = lambda values: [f"{t:.1f}" for t in values[::2]]
    x_axis = GridAxis(title="z₁", tick_values=centres, tick_labels=fmt(np.linspace(x0, x1, n)))
    y_axis = GridAxis(title="z₂", tick_values=centres, tick_labels=fmt(np.linspace(y1, y0, n)),
                      reversed=True, square=True)
    panel = Heatmap(z=mosaic(np.asarray(tiles, dtype=float), n), stops=INK, lo=0.0, hi=1.0, name="decoded",
                    hover="pixel %{z:.2f}<extra></extra>", x_axis=x_axis, y_axis=y_axis,
                    bar=ColourBar(title="pixel", title_right=True, thickness=12))
    reach = "the prior's ±2σ" if v["mode"] == "vae" else "the codes' range"
    return HeatmapGrid(title=f"Decoded grid over the latent plane ({reach}, step {step})", height=height,
                       panels=[panel], margin=MARGIN | {"b": 70})


def loss_terms_figure(history: dict[str, np.ndarray], mode: str, beta: float, height: int = 340,
                      per: str = "image") -> Chart:
    """The test set's reconstruction term, KL term (VAE only) and loss, and the training batches'
    loss, against epochs (nats `per` image, −log p summed over the 64 pixels, or per point)."""
    epoch = history.get("epoch", np.zeros(0))
    series = [("test_recon", "reconstruction −log p(x|z) (test)", "#1f77b4", None)]
    if mode == "vae":
        series += [("test_kl", "KL(q(z|x) ‖ N(0, I)) (test)", "#d62728", None),
                   ("test_loss", f"loss = recon + {beta:g}·KL (test)", "#111111", None)]
    series.append(("loss", "loss (training batches)", "#7f7f7f", "dot"))
    marks = []
    for key, name, colour, dash in series:
        values = history.get(key)
        if values is None:
            continue
        keep = np.isfinite(values)
        marks.append(Line(x=epoch[keep], y=values[keep], name=name, colour=colour, dash=dash, width=3))
    empty = not any(len(m.x) for m in marks)
    return Chart(title=f"Loss terms per {per}", height=height, marks=marks, x=Axis.index("epoch", epoch),
                 y=Axis(title=f"nats per {per}", to_zero=True), legend=Legend(below=True), show_legend=True,
                 notes=[Note(text="No step yet: press Train or Step", on_paper=True)] if empty else [])
