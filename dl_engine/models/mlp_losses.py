"""The MLP's output heads and losses: for each loss, the compiled kernel's id, the torch function
the torch path differentiates, and the equation the page shows.

Head "sigmoid": one logit, p = σ(z), targets (B, 1) of 0/1. Head "softmax": K ≥ 2 logits,
P = softmax(z), targets (B, K) one-hot. Regression losses (MSE, MAE, Huber) compare probabilities
with targets, mean over all B·K entries, as torch.nn.functional does.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import torch
from torch.nn import functional as F

from dl_engine.models import mlp_kernel as kernel

HEADS = ("sigmoid", "softmax")
HEAD_CODES = {"sigmoid": kernel.SIGMOID_HEAD, "softmax": kernel.SOFTMAX_HEAD}
HEAD_LOSSES = {
    "sigmoid": ("binary_cross_entropy", "mse", "mae", "huber"),
    "softmax": ("cross_entropy", "mse", "mae", "huber"),
}


def probabilities(logits: torch.Tensor) -> torch.Tensor:
    """(B, 1) logits → σ(z); (B, K ≥ 2) logits → softmax(z)."""
    return torch.sigmoid(logits) if logits.shape[1] == 1 else torch.softmax(logits, 1)


def _on_probabilities(fn: Callable) -> Callable:
    return lambda logits, target: fn(probabilities(logits), target)


@dataclass(frozen=True)
class Loss:
    """code: the kernel's id; torch(logits (B, K), target (B, K)) → mean loss; latex: its definition."""
    code: int
    torch: Callable[[torch.Tensor, torch.Tensor], torch.Tensor]
    latex: str
    note: str = ""


# The regression losses on a classifier: what ŷ and the mean are (not said in the notes).
_ON_PROBABILITIES = ("Here ŷ is the predicted probability σ(z) and y the 0/1 label; with a softmax output, "
                     "ŷ and y are K-vectors (y one-hot) and the mean runs over all n·K entries.")
LOSSES: dict[str, Loss] = {
    "mse": Loss(kernel.MSE, _on_probabilities(F.mse_loss), r"L=\frac{1}{n}\sum_i (y_i-\hat y_i)^2",
                _ON_PROBABILITIES),
    "mae": Loss(kernel.MAE, _on_probabilities(F.l1_loss), r"L=\frac{1}{n}\sum_i |y_i-\hat y_i|", _ON_PROBABILITIES),
    "huber": Loss(kernel.HUBER, _on_probabilities(lambda p, t: F.huber_loss(p, t, delta=kernel.HUBER_DELTA)),
                  r"L_\delta=\frac{1}{n}\sum_i\begin{cases}\tfrac12 (y_i-\hat y_i)^2 & |y_i-\hat y_i|\le\delta\\ "
                  r"\delta(|y_i-\hat y_i|-\tfrac12\delta) & \text{otherwise}\end{cases},\ \delta=1",
                  _ON_PROBABILITIES),
    "binary_cross_entropy": Loss(kernel.BCE, F.binary_cross_entropy_with_logits,
                                 r"L=-\frac{1}{n}\sum_i \big[y_i\log\hat y_i+(1-y_i)\log(1-\hat y_i)\big]"),
    # one-hot targets: cross_entropy's class-probability form
    "cross_entropy": Loss(kernel.CROSS_ENTROPY, F.cross_entropy,
                          r"L=-\frac{1}{n}\sum_i \sum_c y_{ic}\log \hat y_{ic}"),
}


def check_head_loss(head: str, loss: str) -> None:
    """Raise ValueError if `loss` cannot train a `head` output."""
    if head not in HEAD_LOSSES:
        raise ValueError(f"Unknown output '{head}'; choose one of {list(HEAD_LOSSES)}.")
    if loss not in HEAD_LOSSES[head]:
        raise ValueError(f"The {head} output trains with one of {list(HEAD_LOSSES[head])}, not '{loss}'. "
                         + ("Binary cross-entropy needs the sigmoid output." if loss == "binary_cross_entropy"
                            else "Categorical cross-entropy needs the softmax output."))
