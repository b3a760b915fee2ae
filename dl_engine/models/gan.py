"""A GAN on the plane: a generator G (z ∈ R² → R²) and a discriminator D (R² → a logit), small
MLPs, with the players' losses and the divergences the page reads out.

Notation: Goodfellow et al. (2014), as the notes (003 §9) name the topic: D(x) = σ(logit) is the
probability D gives x of being real; the game is min_G max_D V(D, G) with
V = E_x[log D(x)] + E_z[log(1 − D(G(z)))]. Every log of D is written through PyTorch's
BCE-with-logits (log D = −BCE(ℓ, 1), log(1 − D) = −BCE(ℓ, 0)), which is stable where D saturates:
log σ(ℓ) is computed without σ(ℓ) rounding to 0 or 1.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

LEAK = 0.2   # LeakyReLU slope: a ReLU unit that dies in the game's see-saw does not come back


def mlp(n_in: int, width: int, depth: int, n_out: int) -> nn.Sequential:
    """n_in → depth hidden layers of `width` (LeakyReLU) → n_out, linear output."""
    layers, size = [], n_in
    for _ in range(depth):
        layers += [nn.Linear(size, width), nn.LeakyReLU(LEAK)]
        size = width
    return nn.Sequential(*layers, nn.Linear(size, n_out))


def bce(logits: torch.Tensor, target: float) -> torch.Tensor:
    """Mean BCE-with-logits of logits (N,) or (N, 1) against a constant label."""
    return F.binary_cross_entropy_with_logits(logits, torch.full_like(logits, target))


def d_loss(real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
    """D's loss −V: −E[log D(x)] − E[log(1 − D(G(z)))], logits (N, 1) of real and generated points."""
    return bce(real_logits, 1.0) + bce(fake_logits, 0.0)


D_LATEX = (r"L_D = -\mathbb{E}_x\left[\log D(x)\right] - \mathbb{E}_z\left[\log\bigl(1 - D(G(z))\bigr)\right]"
           r"\quad(= -V;\ D \text{ maximises } V)")


@dataclass(frozen=True)
class GeneratorLoss:
    """G's loss from D's logits (N, 1) on G(z) (a mean), its LaTeX and where it departs from the game."""
    loss: Callable[[torch.Tensor], torch.Tensor]
    latex: str
    note: str


G_LOSSES = {
    "non_saturating": GeneratorLoss(
        lambda fake_logits: bce(fake_logits, 1.0),
        r"L_G = -\mathbb{E}_z\left[\log D(G(z))\right]",
        "Not the game's own loss: Goodfellow et al.'s non-saturating choice. Same fixed point, but strong "
        "gradients where D rejects G's samples (D(G(z)) ≈ 0), which is where G starts."),
    "minimax": GeneratorLoss(
        lambda fake_logits: -bce(fake_logits, 0.0),
        r"L_G = \mathbb{E}_z\left[\log\bigl(1 - D(G(z))\bigr)\right]",
        "The game's own loss (G minimises V). Where D confidently rejects G's samples its gradient "
        "vanishes (it saturates): G learns slowly or not at all."),
}


def generator_loss(kind: str, fake_logits: torch.Tensor) -> torch.Tensor:
    """L_G of `kind` ("non_saturating" or "minimax") from D's logits (N, 1) on G's samples."""
    return G_LOSSES[kind].loss(fake_logits)


def kl_divergence(p: np.ndarray, q: np.ndarray) -> float:
    """KL(p ‖ q) = Σ p log(p / q) in nats of two histograms (any shape, normalised here); inf where
    q is 0 and p is not."""
    p, q = np.asarray(p, np.float64).ravel(), np.asarray(q, np.float64).ravel()
    p, q = p / p.sum(), q / q.sum()
    on = p > 0
    with np.errstate(divide="ignore"):
        return float(np.sum(p[on] * (np.log(p[on]) - np.log(q[on]))))


def js_divergence(p: np.ndarray, q: np.ndarray) -> float:
    """JS(p, q) = ½ KL(p ‖ m) + ½ KL(q ‖ m), m = (p + q)/2, in nats: 0 … log 2, finite always."""
    p, q = np.asarray(p, np.float64).ravel(), np.asarray(q, np.float64).ravel()
    m = (p / p.sum() + q / q.sum()) / 2
    return 0.5 * kl_divergence(p, m) + 0.5 * kl_divergence(q, m)


def histogram(X: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Counts (B, B) of points X (N, 2) in the square cells edges (B + 1,) × edges; points outside
    fall in the edge cells, so every sample counts."""
    clipped = np.clip(np.asarray(X, np.float64), edges[0], edges[-1])
    counts, _, _ = np.histogram2d(clipped[:, 0], clipped[:, 1], bins=[edges, edges])
    return counts


JS_LATEX = (r"\mathrm{JS}(p_{\text{data}}, p_g) = \tfrac12\,\mathrm{KL}(p_{\text{data}} \,\|\, m) + "
            r"\tfrac12\,\mathrm{KL}(p_g \,\|\, m),\quad m = \tfrac12(p_{\text{data}} + p_g)")
BOUND_LATEX = (r"V(D, G) \le V(D^*, G) = 2\,\mathrm{JS}(p_{\text{data}}, p_g) - \log 4"
               r"\ \Rightarrow\ \mathrm{JS} \ge \log 2 - \tfrac12 L_D")


def js_bound(d_loss_value: float) -> float:
    """The lower bound on JS that D's loss gives: log 2 − L_D/2 (equal to JS when D is optimal)."""
    return math.log(2) - d_loss_value / 2
