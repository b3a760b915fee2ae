"""The bench's live nets: a sigmoid-output unit started saturated the wrong way round (the same
start for its cross-entropy and its MSE copy), and a one-hidden-layer net whose ReLU units can die.

A hidden unit is dead when its output is 0 on every training input: no input then passes a
gradient through it (ReLU′ = 0 there), so nothing ever revives it.
"""
from __future__ import annotations

import torch
from torch import nn

from dl_engine.models.registry import ACTIVATIONS

DEAD_LATEX = (r"\text{dead share}=\frac{1}{H}\,\#\{\,j : h_j(x_i)=0\ \text{for every training input } x_i\,\}")


def saturated_unit(X: torch.Tensor, y: torch.Tensor, scale: float) -> nn.Linear:
    """z = w·x + b (2 → 1) with w = −scale · (class-1 mean − class-0 mean)/‖·‖ and b = 0: pointing
    the wrong way, so with a large scale σ(z) is near 1 on class 0 and near 0 on class 1.
    X (N, 2), y (N,) of 0/1."""
    unit = nn.Linear(2, 1).to(X.dtype)
    towards = X[y == 1].mean(0) - X[y == 0].mean(0)
    with torch.no_grad():
        unit.weight.copy_(-scale * towards / towards.norm().clamp_min(1e-12))
        unit.bias.zero_()
    return unit


class HiddenNet(nn.Module):
    """x (B, 2) → h = f(W₁x + b₁) (B, H) → logit (B, 1); He-normal W₁ (the notes' init for
    ReLU), b₁ = bias_init for every unit (a negative one starts units dead)."""

    def __init__(self, hidden: int, activation: str, bias_init: float, generator: torch.Generator):
        super().__init__()
        self.hidden, self.out = nn.Linear(2, hidden), nn.Linear(hidden, 1)
        self.act = ACTIVATIONS[activation].build()
        with torch.no_grad():
            self.hidden.weight.normal_(0.0, (2.0 / 2) ** 0.5, generator=generator)
            self.hidden.bias.fill_(bias_init)
            self.out.weight.normal_(0.0, (1.0 / hidden) ** 0.5, generator=generator)
            self.out.bias.zero_()

    def hidden_outputs(self, x: torch.Tensor) -> torch.Tensor:
        """(B, 2) → h (B, H)."""
        return self.act(self.hidden(x))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.out(self.hidden_outputs(x))


def dead_units(h: torch.Tensor) -> torch.Tensor:
    """h (N, H) hidden outputs on every training input → (H,) bool: output exactly 0 on all N."""
    return (h == 0).all(0)
