"""Is each layer's gradient vanishing, exploding or healthy? The badge rule users see, a watch
that remembers where gradients first left their bounds, and the divergence post-mortem."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

VANISH_RATIO = 1e-2   # a layer gets < 1/100 of the output layer's gradient
EXPLODE_RATIO = 1e2   # … or > 100× of it
EXPLODE_BOUND = 1e3   # an absolute ceiling: ‖∂L/∂θ‖ above this is already an explosion

RULE_LATEX = (r"g_\ell=\Big\|\tfrac{\partial L}{\partial \theta_\ell}\Big\|_2:\quad"
              r"\begin{cases}\text{vanishing} & g_\ell<10^{-2}\,g_{\text{out}}\\"
              r"\text{exploding} & g_\ell>10^{2}\,g_{\text{out}}\ \text{or}\ g_\ell>10^{3}\ \text{or not finite}\\"
              r"\text{healthy} & \text{otherwise}\end{cases}")

CHAIN_RULE_LATEX = (r"\frac{\partial L}{\partial W} = \frac{\partial L}{\partial h_n}\cdot"
                    r"\frac{\partial h_n}{\partial h_{n-1}}\cdot \dots \cdot\frac{\partial h_1}{\partial W}")

HEALTHY, VANISHING, EXPLODING = "healthy", "vanishing", "exploding"

FIXES = {
    VANISHING: ("ReLU instead of sigmoid or tanh (notes §42.3)",
                "better initialisation: Xavier for sigmoid/tanh, He for ReLU (§42.4)",
                "batch normalisation (003: less sensitive to initialisation)",
                "for RNNs, LSTM or GRU cells (§42.5)"),
    EXPLODING: ("gradient clipping: if ‖∇W‖ > τ, ∇W ← τ·∇W/‖∇W‖ (§43.3)",
                "L2 regularisation, L + λΣW² (§43.4)",
                "batch normalisation (§43.5)",
                "a lower learning rate (003)",
                "a smaller initialisation: Xavier or He instead of large random (003)"),
}


def badge(norm: float, out_norm: float) -> str:
    """The rule in RULE_LATEX for one layer with gradient norm `norm` (output layer: `out_norm`)."""
    if not np.isfinite(norm) or norm > EXPLODE_BOUND or (out_norm > 0 and norm > EXPLODE_RATIO * out_norm):
        return EXPLODING
    if norm < VANISH_RATIO * out_norm or norm == 0.0:
        return VANISHING
    return HEALTHY


def badges(grad_norms: dict[str, float]) -> dict[str, str]:
    """{layer: badge} for layers ordered input → output (the last one is the output layer)."""
    if not grad_norms:
        return {}
    out_norm = list(grad_norms.values())[-1]
    out_norm = out_norm if np.isfinite(out_norm) else 0.0
    return {name: badge(norm, out_norm) for name, norm in grad_norms.items()}


def summarise(layer_badges: dict[str, str], label=str) -> list[tuple[str, str]]:
    """Runs of consecutive layers sharing a badge: [(badge, "layer 1 – layer 14"), …]."""
    runs: list[tuple[str, list[str]]] = []
    for name, value in layer_badges.items():
        if runs and runs[-1][0] == value:
            runs[-1][1].append(name)
        else:
            runs.append((value, [name]))
    return [(value, label(names[0]) if len(names) == 1 else f"{label(names[0])} – {label(names[-1])}")
            for value, names in runs]


def out_of_bounds_layer(grad_norms: dict[str, float], bound: float = EXPLODE_BOUND) -> str | None:
    """The layer nearest the output whose gradient is non-finite or above `bound` (backprop
    reaches it first, so it is where the chain-rule product first crossed the bound)."""
    for name in reversed(list(grad_norms)):
        value = grad_norms[name]
        if not np.isfinite(value) or value > bound:
            return name
    return None


@dataclass(frozen=True)
class Exceedance:
    """The first step at which a layer's gradient norm left its bound."""
    step: int
    layer: str
    norm: float
    layers_over: int = 1  # how many layers were over the bound at that step


class BoundsWatch:
    """Fed every step's per-layer gradient norms; keeps the first step any layer exceeded `bound`.

    History only holds probed (snapshot) steps; the watch sees every step, so the post-mortem
    can point at the step before the NaN even when it was never drawn.
    """

    def __init__(self, bound: float = EXPLODE_BOUND):
        self.bound = bound
        self.first: Exceedance | None = None

    def observe(self, step: int, grad_norms: dict[str, float]) -> None:
        if self.first is not None:
            return
        layer = out_of_bounds_layer(grad_norms, self.bound)
        if layer is not None:
            over = sum(1 for v in grad_norms.values() if not np.isfinite(v) or v > self.bound)
            self.first = Exceedance(step, layer, float(grad_norms[layer]), over)


@dataclass(frozen=True)
class PostMortem:
    """Why a run diverged: where the gradient first exceeded bounds, where it became NaN/Inf."""
    diverged_step: int
    nonfinite_layer: str | None
    first: Exceedance | None
    fixes: tuple[str, ...]

    def summary(self, label=str) -> str:
        """Markdown for the page; `label` turns layer names into words."""
        lines = []
        if self.first is not None:
            lines.append(f"**Step {self.first.step}**: the gradient of **{label(self.first.layer)}** first "
                         f"exceeded the bound ({self.first.norm:.3g} > {EXPLODE_BOUND:g}); "
                         f"{self.first.layers_over} layer(s) were over it at that step.")
        where = f"the gradient of **{label(self.nonfinite_layer)}**" if self.nonfinite_layer else "the loss"
        lines.append(f"**Step {self.diverged_step}**: {where} became NaN/Inf and training stopped.")
        lines.append("Fixes from the notes: " + "; ".join(self.fixes) + ".")
        return "  \n".join(lines)


def post_mortem(diverged_step: int, nonfinite_layer: str | None, watch: BoundsWatch,
                already_on: tuple[str, ...] = ()) -> PostMortem:
    """Assemble the post-mortem; fixes whose text starts with a name in `already_on` are dropped
    (e.g. "gradient clipping" when it was on)."""
    fixes = tuple(f for f in FIXES[EXPLODING] if not any(f.startswith(name) for name in already_on))
    return PostMortem(diverged_step, nonfinite_layer, watch.first, fixes)
