"""Gradient-lab figures: activations and gradient norms per layer, the layer × step gradient
heatmap, update/weight ratios and the loss. Arrays in, plotly Figures out."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

FONT = dict(size=15)
BADGE_COLOURS = {"vanishing": "#1f77b4", "healthy": "#2ca02c", "exploding": "#d62728"}


def style(fig: go.Figure, title: str, height: int) -> go.Figure:
    """Shared look: a readable title and fonts, white template, margins that clip nothing."""
    fig.update_layout(title=dict(text=title, font=dict(size=18)), font=FONT, height=height,
                      template="plotly_white", margin=dict(l=70, r=30, t=60, b=60),
                      legend=dict(font=dict(size=14)))
    return fig


def _finite(values) -> np.ndarray:
    a = np.asarray(values, dtype=float)
    return np.where(np.isfinite(a), a, np.nan)


def _short(layers: list[str]) -> list[str]:
    """Axis labels: "layer 3" → "3", "output" → "out" (the axis title says what they are)."""
    return [name.replace("layer ", "").replace("output", "out") for name in layers]


def activation_violins(layers: list[str], activations: np.ndarray, height: int = 360) -> go.Figure:
    """One violin per hidden layer. layers: (L,) labels; activations: (L, S) sampled outputs h_ℓ."""
    fig = go.Figure()
    for label, values in zip(layers, activations):
        fig.add_trace(go.Violin(y=_finite(values), name=label.replace("layer ", ""), showlegend=False,
                                line_width=1, fillcolor="rgba(31,119,180,0.45)", line_color="#1f77b4",
                                points=False, spanmode="hard", width=0.9))
    fig.update_xaxes(title="hidden layer (input → output)", type="category")
    fig.update_yaxes(title="activation value h")
    return style(fig, "Forward pass: activation distribution per layer", height)


def grad_norm_profile(layers: list[str], norms: np.ndarray, badges: list[str],
                      height: int = 360) -> go.Figure:
    """‖∂L/∂θ_ℓ‖ per layer on a log axis, each bar coloured by its badge. norms: (L+1,)."""
    norms = _finite(norms)
    positive = norms[norms > 0]
    floor = positive.min() / 10 if positive.size else 1e-12
    shown = np.where(norms > 0, norms, floor)  # an exact 0 has no logarithm: drawn at the floor
    text = ["0" if v == 0 else "" for v in norms]
    fig = go.Figure(go.Bar(x=_short(layers), y=shown, marker_color=[BADGE_COLOURS.get(b, "#7f7f7f") for b in badges],
                           text=text, textposition="outside", customdata=badges, showlegend=False,
                           hovertemplate="layer %{x}: %{y:.3g} (%{customdata})<extra></extra>"))
    fig.update_yaxes(type="log", title="‖∂L/∂θ‖ (log scale)", exponentformat="power")
    fig.update_xaxes(title="layer (input → output; colour = badge)", type="category")
    fig.update_layout(bargap=0.15)
    return style(fig, "Backward pass: gradient norm per layer", height)


def grad_heatmap(steps: np.ndarray, layers: list[str], norms: np.ndarray, height: int = 380) -> go.Figure:
    """log₁₀‖∂L/∂θ_ℓ‖ over training. steps: (T,); norms: (L+1, T), NaN where not measured."""
    norms = np.asarray(norms, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(np.isfinite(norms) & (norms > 0), np.log10(np.abs(norms)), np.nan)
    fig = go.Figure(go.Heatmap(x=steps, y=layers, z=z, colorscale="Viridis",
                               colorbar=dict(title=dict(text="log₁₀‖∂L/∂θ‖", side="right")),
                               hovertemplate="step %{x}, %{y}: 10^%{z:.1f}<extra></extra>"))
    fig.update_xaxes(title="training step")
    fig.update_yaxes(title="layer", autorange=True)
    return style(fig, "Gradient norm per layer over training (log colour)", height)


def _note_if_empty(fig: go.Figure, empty: bool, text: str) -> None:
    if empty:
        fig.add_annotation(text=text, showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5,
                           font=dict(size=15, color="#555"))


def update_ratio_profile(layers: list[str], ratios: np.ndarray, height: int = 340) -> go.Figure:
    """‖Δθ_ℓ‖/‖θ_ℓ‖ of the last probed step per layer (log axis), with the ≈10⁻³ rule of thumb."""
    ratios = _finite(ratios)
    fig = go.Figure(go.Bar(x=_short(layers), y=np.where(ratios > 0, ratios, np.nan), marker_color="#9467bd",
                           hovertemplate="layer %{x}: %{y:.3g}<extra></extra>", showlegend=False))
    fig.add_hline(y=1e-3, line_dash="dash", line_color="#555")
    # annotations on a log axis take log10(y): this one sits on the 10⁻³ line
    fig.add_annotation(text="≈10⁻³: healthy rule of thumb", x=1, xref="paper", y=-3, yref="y",
                       xanchor="right", yanchor="bottom", showarrow=False, font=dict(size=14, color="#555"))
    _note_if_empty(fig, not np.any(ratios > 0), "No update yet: press Step or Train")
    fig.update_yaxes(type="log", title="‖Δθ‖ / ‖θ‖ (log scale)", exponentformat="power")
    fig.update_xaxes(title="layer (input → output)", type="category")
    return style(fig, "Weight update / weight ratio per layer", height)


def loss_curve(history: dict[str, np.ndarray], height: int = 340) -> go.Figure:
    """Training loss (mean batch loss between snapshots) and test loss from a Snapshot's history
    ({"step", "loss", "test_loss"} → (T,) arrays; missing names are left out)."""
    fig = go.Figure()
    for name, label, line in (("loss", "training loss", dict(color="#ff7f0e", width=3)),
                              ("test_loss", "test loss", dict(color="#1f77b4", width=2, dash="dot"))):
        if name in history:
            few = len(history["step"]) < 30  # markers until there is a line to see
            fig.add_trace(go.Scatter(x=history["step"], y=_finite(history[name]), name=label, line=line,
                                     mode="lines+markers" if few else "lines", connectgaps=True))
    _note_if_empty(fig, not np.any(np.isfinite(history.get("loss", []))), "No training step yet")
    fig.update_xaxes(title="training step")
    fig.update_yaxes(title="cross-entropy loss")
    fig.update_layout(legend=dict(orientation="h", y=-0.25, x=0))
    return style(fig, "Loss", height)
