"""The loss and activation bench's math: each activation with its derivative (autograd's, and the
closed form it must equal), each loss against the prediction for a fixed target with its
gradient, and softmax with a temperature.

Activations and their definitions are the registry's (models/registry.py, the MLP's table); the
classification losses are the MLP's (models/mlp_losses.py: BCE on the logit, MSE on σ(z)).
Curves are float64 so that a saturated f′ (10⁻⁹ and below) is not rounded to 0.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np
import torch
from torch.nn import functional as F

from dl_engine.models.mlp_kernel import HUBER_DELTA, LEAKY_SLOPE, SELU_ALPHA, SELU_LAMBDA
from dl_engine.models.mlp_losses import LOSSES as MLP_LOSSES
from dl_engine.models.registry import ACTIVATIONS

# the notes' activations (003: sigmoid, tanh, ReLU, leaky ReLU, ELU; SELU in its initialisation part)
NAMES = ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu")
LABELS = {"sigmoid": "sigmoid σ", "tanh": "tanh", "relu": "ReLU", "leaky_relu": "leaky ReLU", "elu": "ELU",
          "selu": "SELU"}


@dataclass(frozen=True)
class Derivative:
    """f′ in closed form: fn(z) → f′(z) (same shape), and its LaTeX."""
    fn: Callable[[torch.Tensor], torch.Tensor]
    latex: str


def _sigmoid_prime(z):
    s = torch.sigmoid(z)
    return s * (1 - s)


DERIVATIVES: dict[str, Derivative] = {
    "sigmoid": Derivative(_sigmoid_prime, r"\sigma'(z)=\sigma(z)\,(1-\sigma(z))"),
    "tanh": Derivative(lambda z: 1 - torch.tanh(z) ** 2, r"\tanh'(z)=1-\tanh^2(z)"),
    # torch takes ReLU′(0) = 0 (and leaky ReLU′(0) = 0.01, ELU′(0) = 1): the one point the notes leave open
    "relu": Derivative(lambda z: (z > 0).to(z.dtype),
                       r"\mathrm{ReLU}'(z)=\begin{cases}1 & z>0\\ 0 & z\le 0\end{cases}"),
    "leaky_relu": Derivative(lambda z: torch.where(z > 0, torch.ones_like(z), torch.full_like(z, LEAKY_SLOPE)),
                             r"f'(z)=\begin{cases}1 & z>0\\ 0.01 & z\le 0\end{cases}"),
    "elu": Derivative(lambda z: torch.where(z > 0, torch.ones_like(z), torch.exp(z)),
                      r"f'(z)=\begin{cases}1 & z>0\\ \alpha e^{z} & z\le 0\end{cases}"),
    "selu": Derivative(lambda z: SELU_LAMBDA * torch.where(z > 0, torch.ones_like(z), SELU_ALPHA * torch.exp(z)),
                       r"f'(z)=\lambda\begin{cases}1 & z>0\\ \alpha e^{z} & z\le 0\end{cases}"),
}


def activation_curve(name: str, lo: float = -6.0, hi: float = 6.0, n: int = 601) -> dict:
    """z (n,), f(z) (n,) and f′(z) (n,) by autograd (what backward() multiplies by), float64."""
    if name not in NAMES:
        raise ValueError(f"Unknown activation '{name}'; choose one of {list(NAMES)}.")
    z = torch.linspace(lo, hi, n, dtype=torch.float64, requires_grad=True)
    f = ACTIVATIONS[name].build()(z)
    (grad,) = torch.autograd.grad(f.sum(), z)   # elementwise f: ∂Σf/∂z_i = f′(z_i)
    return {"z": z.detach().numpy(), "f": f.detach().numpy(), "df": grad.numpy()}


def saturated_spans(z, df, threshold: float) -> list[tuple[float, float]]:
    """The runs of z (n,) where |f′| < threshold, as (first z, last z) pairs: where learning stalls."""
    low = np.abs(np.asarray(df)) < threshold
    edges = np.flatnonzero(np.diff(np.concatenate([[0], low.astype(np.int8), [0]])))   # starts, ends+1
    return [(float(z[a]), float(z[b - 1])) for a, b in zip(edges[::2], edges[1::2])]


# ---- losses against the prediction -------------------------------------------------------------
PSEUDO_HUBER_DELTA = 1.0


def _pseudo_huber(pred, target):
    # the notes' fourth regression loss; torch has no function for it
    d = PSEUDO_HUBER_DELTA
    return d ** 2 * (torch.sqrt(1 + ((pred - target) / d) ** 2) - 1)


# regression losses per sample, ŷ − y free (torch.nn.functional with reduction="none")
REGRESSION: dict[str, tuple[str, Callable, str]] = {
    "mse": ("MSE (y − ŷ)²", lambda p, t: F.mse_loss(p, t, reduction="none"), MLP_LOSSES["mse"].latex),
    "mae": ("MAE |y − ŷ|", lambda p, t: F.l1_loss(p, t, reduction="none"), MLP_LOSSES["mae"].latex),
    "huber": ("Huber, δ = 1", lambda p, t: F.huber_loss(p, t, reduction="none", delta=HUBER_DELTA),
              MLP_LOSSES["huber"].latex),
    "pseudo_huber": ("pseudo-Huber, δ = 1", _pseudo_huber,
                     r"L_\delta=\frac{1}{n}\sum_i \delta^2\Big(\sqrt{1+\big((y_i-\hat y_i)/\delta\big)^2}-1\Big),"
                     r"\ \delta=1"),
}
# classification losses on the logit z of a sigmoid output: the MLP's own (B, 1) functions
CLASSIFICATION = {"binary_cross_entropy": "cross-entropy", "mse": "MSE on σ(z)"}


def regression_curves(target: float, half_width: float = 3.0, n: int = 401) -> dict:
    """pred (n,) over target ± half_width; per loss: L(pred) (n,) and ∂L/∂ŷ (n,) by autograd."""
    pred = torch.linspace(target - half_width, target + half_width, n, dtype=torch.float64, requires_grad=True)
    t = torch.full_like(pred, target)
    out = {"pred": pred.detach().numpy(), "loss": {}, "grad": {}}
    for name, (_, fn, _) in REGRESSION.items():
        loss = fn(pred, t)
        (grad,) = torch.autograd.grad(loss.sum(), pred)
        out["loss"][name], out["grad"][name] = loss.detach().numpy(), grad.numpy()
    return out


def classification_curves(label: int, lo: float = -8.0, hi: float = 8.0, n: int = 401) -> dict:
    """z (n,) logits of a sigmoid output for one 0/1 label; per loss L(z) (n,) and ∂L/∂z (n,) —
    the gradient that reaches the pre-activation. Each z is its own batch of one (B = 1)."""
    z = torch.linspace(lo, hi, n, dtype=torch.float64).reshape(n, 1, 1).requires_grad_(True)
    y = torch.full((1, 1), float(label), dtype=torch.float64)
    out = {"z": z.detach().reshape(n).numpy(), "p": torch.sigmoid(z).detach().reshape(n).numpy(),
           "loss": {}, "grad": {}}
    for name in CLASSIFICATION:
        losses = torch.stack([MLP_LOSSES[name].torch(zi, y) for zi in z])
        (grad,) = torch.autograd.grad(losses.sum(), z)
        out["loss"][name], out["grad"][name] = losses.detach().numpy(), grad.reshape(n).numpy()
    return out


# the gradient at the logit of one sample, closed form (torch's mse_loss has no ½: hence the 2)
GRAD_Z_LATEX = {"binary_cross_entropy": r"\frac{\partial L_{CE}}{\partial z}=\sigma(z)-y",
                "mse": r"\frac{\partial L_{MSE}}{\partial z}=2\,(\sigma(z)-y)\,\sigma(z)\,(1-\sigma(z))"}


def grad_z_formula(name: str, z: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """∂L/∂z of one sample's loss (elementwise over z, y of one shape): GRAD_Z_LATEX in code."""
    s = torch.sigmoid(z)
    return s - y if name == "binary_cross_entropy" else 2 * (s - y) * s * (1 - s)


# ---- softmax with a temperature ----------------------------------------------------------------
SOFTMAX_LATEX = r"p_k=\frac{e^{z_k/T}}{\sum_j e^{z_j/T}}"
ENTROPY_LATEX = r"H(p)=-\sum_k p_k\log_2 p_k"


def softmax_t(logits, temperature: float) -> dict:
    """logits (K,) → p (K,) = softmax(z/T), its entropy in bits, and the uniform's (log2 K)."""
    if temperature <= 0:
        raise ValueError("The temperature T must be above 0.")
    z = torch.as_tensor(logits, dtype=torch.float64)
    p = torch.softmax(z / temperature, 0)
    entropy = float(-(torch.special.xlogy(p, p)).sum()) / math.log(2)
    return {"p": p.numpy(), "entropy": entropy, "max_entropy": math.log2(len(z))}


def parse_logits(text: str) -> tuple[float, ...]:
    """"2, 1, 0.1" → (2.0, 1.0, 0.1); a ValueError in words for anything else (2 to 12 numbers)."""
    parts = [p for p in text.replace(";", ",").replace(" ", ",").split(",") if p]
    try:
        values = tuple(float(p) for p in parts)
    except ValueError:
        raise ValueError(f"Write the logits as numbers separated by commas, e.g. 2, 1, 0.1 (not '{text}').")
    if not 2 <= len(values) <= 12 or not all(math.isfinite(v) for v in values):
        raise ValueError("Give between 2 and 12 finite logits, e.g. 2, 1, 0.1.")
    return values
