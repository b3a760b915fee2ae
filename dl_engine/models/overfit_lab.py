"""The overfitting lab's network and its regularisers, each beside the equation it computes.

L1 and L2 are penalties added to the loss (models.mlp_optim's, over the weights, not the biases);
dropout and batch normalisation are layers; label smoothing softens the targets. Early stopping
and augmentation act on the training loop and the data (training.overfit_lab_experiment,
data.overfit_lab_augment).
"""
from __future__ import annotations

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from dl_engine.models.mlp_optim import REGULARISERS

L1_LATEX = REGULARISERS["l1"].latex.replace(r"\lambda", r"\lambda_1")
L2_LATEX = REGULARISERS["l2"].latex.replace(r"\lambda", r"\lambda_2")
DROPOUT_LATEX = (r"\tilde h_j=\frac{m_j\,h_j}{1-p},\quad m_j\sim\text{Bernoulli}(1-p)"
                 r"\ \text{(training)},\qquad \tilde h_j=h_j\ \text{(evaluation)}")
BATCHNORM_LATEX = r"\hat a=\gamma\,\frac{a-\mu_B}{\sqrt{\sigma_B^2+\epsilon}}+\beta"
SMOOTHING_LATEX = r"\tilde y_k=(1-\varepsilon)\,[k=y]+\frac{\varepsilon}{K}"
EARLY_STOP_LATEX = (r"e^\ast=\arg\min_{e}\,L_{\text{val}}(e);\ \text{stop when } e-e^\ast\ge\text{patience},"
                    r"\ \text{restore } \theta(e^\ast)")
NEAR_ZERO = 1e-3   # |w| below this counts as driven to zero (gradient steps hover near 0, never land on it)


class OverfitNet(nn.Module):
    """x (B, D) → `depth` hidden layers of `width` ReLU units (each Linear → [BatchNorm] → ReLU →
    [Dropout p]) → logits (B, K). The Linear layers draw their initial weights first and alone
    (batch norm and dropout draw none), so two nets built after the same seed start alike."""

    def __init__(self, inputs: int, width: int, depth: int, classes: int, dropout: float = 0.0,
                 batchnorm: bool = False):
        super().__init__()
        layers: list[nn.Module] = []
        for i in range(depth):
            layers.append(nn.Linear(inputs if i == 0 else width, width))
            if batchnorm:
                layers.append(nn.BatchNorm1d(width))
            layers.append(nn.ReLU())
            if dropout > 0:
                layers.append(nn.Dropout(dropout))
        layers.append(nn.Linear(width, classes))
        self.body = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.body(x.flatten(1))

    def weights(self) -> list[torch.Tensor]:
        """The Linear layers' weight matrices, input layer first (what L1 and L2 penalise)."""
        return [m.weight for m in self.body if isinstance(m, nn.Linear)]


def penalty(model: OverfitNet, l1: float, l2: float) -> torch.Tensor:
    """λ₁ Σ|w| + λ₂ Σw² over the model's weights (a scalar; 0 when both λ are 0)."""
    weights = model.weights()
    total = torch.zeros((), device=weights[0].device)
    if l1 > 0:
        total = total + l1 * REGULARISERS["l1"].torch(weights)
    if l2 > 0:
        total = total + l2 * REGULARISERS["l2"].torch(weights)
    return total


def smoothed_targets(y: torch.Tensor, classes: int, epsilon: float) -> torch.Tensor:
    """y (B,) class indices → (B, K) targets (1 − ε)·one-hot + ε/K (rows sum to 1)."""
    return (1 - epsilon) * F.one_hot(y, classes).float() + epsilon / classes


def smoothed_loss(logits: torch.Tensor, y: torch.Tensor, epsilon: float) -> torch.Tensor:
    """Cross-entropy of logits (B, K) against the smoothed targets: −mean Σ_k ỹ_k log softmax(z)_k."""
    return F.cross_entropy(logits, y, label_smoothing=epsilon)


def near_zero_share(weights: list[torch.Tensor]) -> float:
    """The share of all weights with |w| < NEAR_ZERO."""
    flat = torch.cat([w.detach().flatten() for w in weights])
    return float((flat.abs() < NEAR_ZERO).float().mean())


def weight_histogram(nets: dict[str, list[torch.Tensor]], bins: int = 41) -> dict:
    """Each net's finite weights counted over one set of bins, symmetric about 0 and reaching the
    largest |w| of any: {"edges": (bins + 1,), "counts": {name: (bins,)}}."""
    flats = {name: torch.cat([w.detach().flatten().cpu() for w in ws]).numpy() for name, ws in nets.items()}
    flats = {name: f[np.isfinite(f)] for name, f in flats.items()}   # a diverging net's inf would span no bins
    reach = max((float(np.abs(f).max()) for f in flats.values() if f.size), default=0.0) or 1.0
    edges = np.linspace(-reach, reach, bins + 1)
    return {"edges": edges, "counts": {name: np.histogram(f, edges)[0] for name, f in flats.items()}}
