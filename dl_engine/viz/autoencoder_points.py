"""The autoencoder page's live figures for a 2-D set squeezed through a 1-D code: the plane (test
points, their reconstructions, the decoder's curve, prior samples) and the latent line (each test
point's code, by class). Snapshot data in, specs out."""
from __future__ import annotations

import numpy as np

from dl_engine.viz.mlp_style import CLASS_COLOURS
from dl_engine.viz.spec import Axis, Chart, Legend, Line, Markers

CURVE, LINK, RECON = "#111111", "#9a9a9a", "#444444"


def _segments(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """One polyline of the segments a[i] → b[i] (N, 2 each), NaN between them: (3N, 2)."""
    gaps = np.full_like(a, np.nan)
    return np.stack([a, b, gaps], 1).reshape(-1, 2)


def plane_figure(v: dict, step: int, height: int = 520) -> Chart:
    """The test points by class, each joined to its reconstruction x̂ = decoder(μ); the decoder's
    curve over the codes' box (every x̂ lies on it); the VAE's samples from the prior, decoder(z) for
    z ~ N(0, 1)."""
    links = _segments(v["points"], v["recons"])
    marks = [Line(x=links[:, 0], y=links[:, 1], colour=LINK, width=1, name="x → x̂", hoverable=False)]
    for k in np.unique(v["labels"]):
        mine = v["points"][v["labels"] == k]
        marks.append(Line(x=mine[:, 0], y=mine[:, 1], lines=False, name=f"class {k}",
                          markers=Markers(size=8, colour=CLASS_COLOURS[int(k) % len(CLASS_COLOURS)],
                                          outline="white", outline_width=1)))
    marks.append(Line(x=v["curve"][:, 0], y=v["curve"][:, 1], colour=CURVE, width=3, name="decoder(z) for every z"))
    marks.append(Line(x=v["recons"][:, 0], y=v["recons"][:, 1], lines=False, name="x̂",
                      markers=Markers(size=5, colour=RECON)))
    if v["mode"] == "vae":
        marks.append(Line(x=v["samples"][:, 0], y=v["samples"][:, 1], lines=False, name="prior samples",
                          markers=Markers(size=11, colour="#d62728", symbol="diamond", outline="white",
                                          outline_width=1)))
    return Chart(title=f"Points through a 1-D code and back (step {step})", height=height, marks=marks,
                 x=Axis(title="x₁"), y=Axis(title="x₂", equal=True), legend=Legend(below=True), show_legend=True,
                 title_size=16)


def line_figure(v: dict, step: int, height: int = 520) -> Chart:
    """Each test point's code μ (its only number) along x, spread by class along y (a small fixed
    jitter so that equal codes stay visible)."""
    codes, labels = v["codes"][:, 0], v["labels"]
    jitter = (np.arange(len(codes)) % 9 - 4) / 30.0
    marks = []
    for k in np.unique(labels):
        mine = labels == k
        marks.append(Line(x=codes[mine], y=k + jitter[mine], lines=False, name=f"class {k}",
                          markers=Markers(size=8, colour=CLASS_COLOURS[int(k) % len(CLASS_COLOURS)], opacity=0.8),
                          hover=f"class {k}<br>z %{{x:.3g}}<extra></extra>"))
    classes = [int(k) for k in np.unique(labels)]
    what = "means μ" if v["mode"] == "vae" else "codes z"
    return Chart(title=f"The latent line: {what} of {len(codes)} test points (step {step})", height=height,
                 marks=marks, x=Axis(title="z (the code: one number)"),
                 y=Axis(title="class", range=[min(classes) - 0.6, max(classes) + 0.6], tick_values=classes,
                        tick_labels=[str(k) for k in classes]),
                 legend=Legend(below=True), show_legend=True, title_size=16)
