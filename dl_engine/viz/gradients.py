"""Gradient-lab figures: activations and gradient norms per layer, the layer × step gradient
heatmap, update/weight ratios and the loss. Arrays in, live-figure specs out (`Chart`s and a
`HeatmapGrid`); `style` is the static lab figures' layout (gradients_sweep, gradients_rnn)."""
from __future__ import annotations

import numpy as np

from dl_engine.viz.figure_dicts import MARGIN, layout
from dl_engine.viz.spec import (Axis, Bars, Chart, ColourBar, GridAxis, Heatmap, HeatmapGrid, HLine, Legend, Line,
                                Markers, Note)

BADGE_COLOURS = {"vanishing": "#1f77b4", "healthy": "#2ca02c", "exploding": "#d62728"}
LEGEND = dict(font=dict(size=14))


def style(title: str, height: int, **kw) -> dict:
    """The gradient lab's layout: the shared look with a 14 px legend."""
    kw["legend"] = LEGEND | kw.get("legend", {})
    return layout(title, height, **kw)


def _finite(values) -> np.ndarray:
    a = np.asarray(values, dtype=float)
    return np.where(np.isfinite(a), a, np.nan)


def _short(layers: list[str]) -> list[str]:
    """Axis labels: "layer 3" → "3", "output" → "out" (the axis title says what they are)."""
    return [name.replace("layer ", "").replace("output", "out") for name in layers]


VIOLIN_POINTS = 48      # density samples along each violin's outline
VIOLIN_HALF_WIDTH = 0.45


def violin_outline(values: np.ndarray, centre: float) -> tuple[np.ndarray, np.ndarray]:
    """A violin's closed outline around x = centre: the Gaussian kernel density (Scott's bandwidth)
    of `values` from their min to their max, as plotly.js's violin draws it with spanmode "hard".
    values: (S,) finite samples. Returns (x, y), each (2 · VIOLIN_POINTS + 1,)."""
    lo, hi = float(values.min()), float(values.max())
    bandwidth = max(1.06 * float(values.std()) * len(values) ** -0.2, 1e-3 * max(hi - lo, abs(hi), 1e-12))
    y = np.linspace(lo, hi, VIOLIN_POINTS)
    density = np.exp(-0.5 * ((y[:, None] - values[None, :]) / bandwidth) ** 2).sum(axis=1)
    half = VIOLIN_HALF_WIDTH * density / density.max()
    return (np.concatenate([centre + half, centre - half[::-1], [centre + half[0]]]),
            np.concatenate([y, y[::-1], [y[0]]]))


def activation_violins(layers: list[str], activations: np.ndarray, height: int = 360) -> Chart:
    """One violin per hidden layer at x = 0, 1, …, outlines computed here (plotly.js's own violins
    spent ~90 ms of the browser's time per live update estimating the densities), and a dot at
    each median; hover a dot for the layer's quartiles. layers: (L,) labels; activations: (L, S)
    sampled outputs h_ℓ (a layer without a finite value has no violin)."""
    short = _short(layers)
    outlines, centres, medians, summaries = [], [], [], []
    for i, values in enumerate(activations):
        values = _finite(values)
        values = values[np.isfinite(values)]
        if not values.size:
            continue
        x, y = violin_outline(values, i)
        outlines.append(Line(x=x, y=y, colour="#1f77b4", width=1, fill="rgba(31,119,180,0.45)", hoverable=False))
        q1, median, q3 = np.percentile(values, [25, 50, 75])
        centres.append(i), medians.append(median)
        summaries.append(f"layer {short[i]}: median {median:.3g}, quartiles {q1:.3g} … {q3:.3g}")
    dots = Line(x=centres, y=medians, lines=False, markers=Markers(size=5, colour="#1f4e79"), hover_text=summaries,
                legend=False)
    return Chart(title="Forward pass: activation distribution per layer", height=height, marks=[*outlines, dots],
                 x=Axis(title="hidden layer (input → output)", tick_values=list(range(len(layers))),
                        tick_labels=short, range=[-0.6, len(layers) - 0.4]),
                 y=Axis(title="activation value h"))


def grad_norm_profile(layers: list[str], norms: np.ndarray, badges: list[str],
                      height: int = 360) -> Chart:
    """‖∂L/∂θ_ℓ‖ per layer (norms: (L+1,)) as bars on a log axis, each coloured by its badge
    (badges: (L+1,), named in the hover); an exact 0 is drawn at a floor below the others, labelled "0"."""
    norms = _finite(norms)
    positive = norms[norms > 0]
    floor = positive.min() / 10 if positive.size else 1e-12
    shown = np.where(norms > 0, norms, floor)  # an exact 0 has no logarithm: drawn at the floor
    bars = Bars(x=_short(layers), y=shown, colours=[BADGE_COLOURS.get(b, "#7f7f7f") for b in badges],
                labels=["0" if v == 0 else "" for v in norms], extra=badges)
    return Chart(title="Backward pass: gradient norm per layer", height=height, marks=[bars], bar_gap=0.15,
                 x=Axis(title="layer (input → output; colour = badge)"),
                 y=Axis(title="‖∂L/∂θ‖ (log scale)", log=True))


def grad_heatmap(steps: np.ndarray, layers: list[str], norms: np.ndarray, height: int = 380) -> HeatmapGrid:
    """log₁₀‖∂L/∂θ_ℓ‖ over training: one panel, a row per layer (first at the bottom), a column
    per probed step. steps: (T,) rising; norms: (L+1, T), NaN where not measured (no colour,
    as are 0 and ±inf)."""
    norms = np.asarray(norms, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(np.isfinite(norms) & (norms > 0), np.log10(np.abs(norms)), np.nan)
    panel = Heatmap(z=z, stops="Viridis", x=steps, y=layers, bar=ColourBar(title="log₁₀‖∂L/∂θ‖", title_right=True),
                    hover="step %{x}, %{y}: 10^%{z:.1f}<extra></extra>",
                    # whole steps, 1-2-5 apart, as on a chart's index axis
                    x_axis=GridAxis(title="training step", step=Axis.index(None, steps).step),
                    y_axis=GridAxis(title="layer"))
    return HeatmapGrid(title="Gradient norm per layer over training (log colour)", height=height, panels=[panel],
                       margin=MARGIN)


def update_ratio_profile(layers: list[str], ratios: np.ndarray, height: int = 340) -> Chart:
    """‖Δθ_ℓ‖/‖θ_ℓ‖ of the last probed step per layer (ratios: (L+1,); none where not positive)
    as bars on a log axis, with the ≈10⁻³ rule of thumb as a dashed line."""
    ratios = _finite(ratios)
    bars = Bars(x=_short(layers), y=np.where(ratios > 0, ratios, np.nan), colour="#9467bd")
    # on the 10⁻³ line (a note's y on a log axis is log10 y), at the plot's right edge
    notes = [Note(text="≈10⁻³: healthy rule of thumb", x=1, x_on_paper=True, y=-3, x_anchor="right",
                  y_anchor="bottom", size=14, colour="#555", background="rgba(255,255,255,0.8)")]   # over tall bars
    if not np.any(ratios > 0):
        notes.append(Note(text="No update yet: press Step or Train", on_paper=True, colour="#555"))
    return Chart(title="Weight update / weight ratio per layer", height=height, marks=[bars], lines=[HLine(y=1e-3)],
                 notes=notes, x=Axis(title="layer (input → output)"), y=Axis(title="‖Δθ‖ / ‖θ‖ (log scale)", log=True))


def loss_curve(history: dict[str, np.ndarray], height: int = 380) -> Chart:
    """Training loss (mean batch loss between snapshots, orange) and test loss (dotted blue) from a
    Snapshot's history ({"step", "loss", "test_loss"} → (T,) arrays; missing names are left out),
    joined across gaps, with markers while there are fewer than 30 points; the legend below."""
    few = len(history.get("step", [])) < 30  # markers until there is a line to see
    marks = [Line(x=history["step"], y=_finite(history[name]), name=label, colour=colour, width=width, dash=dash,
                  markers=Markers() if few else None, connect_gaps=True)
             for name, label, colour, width, dash in (("loss", "training loss", "#ff7f0e", 3, None),
                                                      ("test_loss", "test loss", "#1f77b4", 2, "dot"))
             if name in history]
    empty = not np.any(np.isfinite(history.get("loss", [])))
    return Chart(title="Loss", height=height, marks=marks, x=Axis.index("training step", history.get("step", [])),
                 y=Axis(title="cross-entropy loss"), legend=Legend(below=True),
                 notes=[Note(text="No training step yet", on_paper=True, colour="#555")] if empty else [])
