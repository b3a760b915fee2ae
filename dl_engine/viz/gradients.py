"""Gradient-lab figures: activations and gradient norms per layer, the layer × step gradient
heatmap, update/weight ratios and the loss. Arrays in, plain figure dicts out."""
from __future__ import annotations

import numpy as np

from dl_engine.viz.figure_dicts import (LEGEND_BELOW, LEGEND_BELOW_MARGIN, MARGIN, axis, colorscale, hline, layout,
                                        line, note)

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


def activation_violins(layers: list[str], activations: np.ndarray, height: int = 360) -> dict:
    """One violin per hidden layer. layers: (L,) labels; activations: (L, S) sampled outputs h_ℓ."""
    data = [{"type": "violin", "y": _finite(values), "name": label.replace("layer ", ""), "showlegend": False,
             "line": {"width": 1, "color": "#1f77b4"}, "fillcolor": "rgba(31,119,180,0.45)",
             "points": False, "spanmode": "hard", "width": 0.9}
            for label, values in zip(layers, activations)]
    return _figure(data, "Forward pass: activation distribution per layer", height,
                   xaxis=axis("hidden layer (input → output)", type="category"),
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
                   xaxis=axis("training step"), yaxis=axis("layer", autorange=True))


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
                   xaxis=axis("training step"), yaxis=axis("cross-entropy loss"),
                   legend=LEGEND_BELOW, margin=dict(MARGIN, b=LEGEND_BELOW_MARGIN))
