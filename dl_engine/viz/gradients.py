"""Gradient-lab figures: activations and gradient norms per layer, the layer × step gradient
heatmap, update/weight ratios and the loss. Arrays in, plain figure dicts out."""
from __future__ import annotations

import numpy as np

from dl_engine.viz.figure_dicts import (LEGEND_BELOW, LEGEND_BELOW_MARGIN, MARGIN, axis, colorscale, hline,
                                        index_axis, layout, line, note)

BADGE_COLOURS = {"vanishing": "#1f77b4", "healthy": "#2ca02c", "exploding": "#d62728"}
LEGEND = dict(font=dict(size=14))


def style(title: str, height: int, **kw) -> dict:
    """The gradient lab's layout: the shared look with a 14 px legend."""
    kw["legend"] = LEGEND | kw.get("legend", {})
    return layout(title, height, **kw)


def _figure(data: list[dict], title: str, height: int, **kw) -> dict:
    return {"data": data, "layout": style(title, height, **kw)}


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


def activation_violins(layers: list[str], activations: np.ndarray, height: int = 360) -> dict:
    """One violin per hidden layer, outlines computed here (plotly.js's own violins spend ~90 ms of
    the browser's time per live update estimating the densities). layers: (L,) labels;
    activations: (L, S) sampled outputs h_ℓ. Hover a violin's centre for its quartiles."""
    data, centres, notes = [], [], []
    for i, values in enumerate(activations):
        values = _finite(values)
        values = values[np.isfinite(values)]
        if not values.size:
            continue
        x, y = violin_outline(values, i)
        data.append({"type": "scatter", "x": x, "y": y, "mode": "lines", "fill": "toself",
                     "fillcolor": "rgba(31,119,180,0.45)", "line": {"width": 1, "color": "#1f77b4"},
                     "hoverinfo": "skip", "showlegend": False})
        q1, median, q3 = np.percentile(values, [25, 50, 75])
        centres.append((i, median))
        notes.append(f"layer {_short(layers)[i]}: median {median:.3g}, quartiles {q1:.3g} … {q3:.3g}")
    if centres:
        data.append({"type": "scatter", "x": [c[0] for c in centres], "y": [c[1] for c in centres],
                     "mode": "markers", "marker": {"size": 5, "color": "#1f4e79"}, "text": notes,
                     "hovertemplate": "%{text}<extra></extra>", "showlegend": False})
    ticks = list(range(len(layers)))
    return _figure(data, "Forward pass: activation distribution per layer", height,
                   xaxis=axis("hidden layer (input → output)", tickvals=ticks, ticktext=_short(layers),
                              range=[-0.6, len(layers) - 0.4]),
                   yaxis=axis("activation value h"))


def grad_norm_profile(layers: list[str], norms: np.ndarray, badges: list[str],
                      height: int = 360) -> dict:
    """‖∂L/∂θ_ℓ‖ per layer on a log axis, each bar coloured by its badge. norms: (L+1,)."""
    norms = _finite(norms)
    positive = norms[norms > 0]
    floor = positive.min() / 10 if positive.size else 1e-12
    shown = np.where(norms > 0, norms, floor)  # an exact 0 has no logarithm: drawn at the floor
    bar = {"type": "bar", "x": _short(layers), "y": shown,
           "marker": {"color": [BADGE_COLOURS.get(b, "#7f7f7f") for b in badges]},
           "text": ["0" if v == 0 else "" for v in norms], "textposition": "outside", "customdata": badges,
           "showlegend": False, "hovertemplate": "layer %{x}: %{y:.3g} (%{customdata})<extra></extra>"}
    return _figure([bar], "Backward pass: gradient norm per layer", height, bargap=0.15,
                   xaxis=axis("layer (input → output; colour = badge)", type="category"),
                   yaxis=axis("‖∂L/∂θ‖ (log scale)", type="log", exponentformat="power"))


def grad_heatmap(steps: np.ndarray, layers: list[str], norms: np.ndarray, height: int = 380) -> dict:
    """log₁₀‖∂L/∂θ_ℓ‖ over training. steps: (T,); norms: (L+1, T), NaN where not measured."""
    norms = np.asarray(norms, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(np.isfinite(norms) & (norms > 0), np.log10(np.abs(norms)), np.nan)
    heat = {"type": "heatmap", "x": steps, "y": layers, "z": z, "colorscale": colorscale("Viridis"),
            "colorbar": {"title": {"text": "log₁₀‖∂L/∂θ‖", "side": "right"}},
            "hovertemplate": "step %{x}, %{y}: 10^%{z:.1f}<extra></extra>"}
    return _figure([heat], "Gradient norm per layer over training (log colour)", height,
                   xaxis=index_axis("training step", steps), yaxis=axis("layer", autorange=True))


def update_ratio_profile(layers: list[str], ratios: np.ndarray, height: int = 340) -> dict:
    """‖Δθ_ℓ‖/‖θ_ℓ‖ of the last probed step per layer (log axis), with the ≈10⁻³ rule of thumb."""
    ratios = _finite(ratios)
    bar = {"type": "bar", "x": _short(layers), "y": np.where(ratios > 0, ratios, np.nan),
           "marker": {"color": "#9467bd"}, "hovertemplate": "layer %{x}: %{y:.3g}<extra></extra>",
           "showlegend": False}
    # annotations on a log axis take log10(y): this one sits on the 10⁻³ line
    notes = [{"text": "≈10⁻³: healthy rule of thumb", "x": 1, "xref": "paper", "y": -3, "yref": "y",
              "xanchor": "right", "yanchor": "bottom", "showarrow": False, "font": {"size": 14, "color": "#555"}}]
    if not np.any(ratios > 0):
        notes.append(note("No update yet: press Step or Train"))
    return _figure([bar], "Weight update / weight ratio per layer", height,
                   shapes=[hline(1e-3)], annotations=notes,
                   xaxis=axis("layer (input → output)", type="category"),
                   yaxis=axis("‖Δθ‖ / ‖θ‖ (log scale)", type="log", exponentformat="power"))


def loss_curve(history: dict[str, np.ndarray], height: int = 380) -> dict:
    """Training loss (mean batch loss between snapshots) and test loss from a Snapshot's history
    ({"step", "loss", "test_loss"} → (T,) arrays; missing names are left out)."""
    few = len(history.get("step", [])) < 30  # markers until there is a line to see
    data = [line(history["step"], _finite(history[name]), label, colour, width, dash=dash,
                 mode="lines+markers" if few else "lines", connectgaps=True)
            for name, label, colour, width, dash in (("loss", "training loss", "#ff7f0e", 3, None),
                                                     ("test_loss", "test loss", "#1f77b4", 2, "dot"))
            if name in history]
    empty = not np.any(np.isfinite(history.get("loss", [])))
    return _figure(data, "Loss", height, annotations=[note("No training step yet")] if empty else [],
                   xaxis=index_axis("training step", history.get("step", [])), yaxis=axis("cross-entropy loss"),
                   legend=LEGEND_BELOW, margin=dict(MARGIN, b=LEGEND_BELOW_MARGIN))
