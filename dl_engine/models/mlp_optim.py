"""The MLP's optimizers and weight penalties: for each name, the compiled kernel's id, the torch
object the torch path uses, and the equation the page shows. The kernel follows torch.optim's
rules and defaults (tests/unit/test_mlp_kernel.py checks it against these builders)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import torch

from dl_engine.models import mlp_kernel as kernel


@dataclass(frozen=True)
class Optimizer:
    """code: the kernel's id; build(params, lr) → the torch.optim optimizer; latex: its update rule."""
    code: int
    build: Callable
    latex: str
    note: str = ""


OPTIMIZERS: dict[str, Optimizer] = {
    "sgd": Optimizer(kernel.SGD, lambda params, lr: torch.optim.SGD(params, lr=lr), r"w \leftarrow w-\eta\,g"),
    "momentum": Optimizer(kernel.MOMENTUM, lambda params, lr: torch.optim.SGD(params, lr=lr, momentum=0.9),
                          r"v \leftarrow 0.9\,v+g,\quad w \leftarrow w-\eta\,v"),
    "adagrad": Optimizer(kernel.ADAGRAD, lambda params, lr: torch.optim.Adagrad(params, lr=lr),
                         r"G \leftarrow G+g^2,\quad w \leftarrow w-\frac{\eta}{\sqrt{G}+\epsilon}\,g"),
    "rmsprop": Optimizer(kernel.RMSPROP, lambda params, lr: torch.optim.RMSprop(params, lr=lr),
                         r"s \leftarrow 0.99\,s+0.01\,g^2,\quad w \leftarrow w-\frac{\eta}{\sqrt{s}+\epsilon}\,g"),
    "adam": Optimizer(kernel.ADAM, lambda params, lr: torch.optim.Adam(params, lr=lr),
                      r"m \leftarrow \beta_1 m+(1-\beta_1)g,\ v \leftarrow \beta_2 v+(1-\beta_2)g^2,\ "
                      r"w \leftarrow w-\eta\,\frac{\hat m}{\sqrt{\hat v}+\epsilon}"),
}


def l1_penalty(weights: list[torch.Tensor]) -> torch.Tensor:
    """λ-free L1 term Σ|w| over the given weight tensors."""
    return sum(w.abs().sum() for w in weights)


def l2_penalty(weights: list[torch.Tensor]) -> torch.Tensor:
    """λ-free L2 term Σw² over the given weight tensors."""
    return sum((w * w).sum() for w in weights)


@dataclass(frozen=True)
class Regulariser:
    """code: the kernel's id; torch(weights) → R(w) without λ; latex: the penalised loss."""
    code: int
    torch: Callable[[list[torch.Tensor]], torch.Tensor]
    latex: str
    note: str = ""


_WEIGHTS_ONLY = "The sum runs over the weights; biases are not penalised."
REGULARISERS: dict[str, Regulariser] = {
    "none": Regulariser(kernel.NO_PENALTY, lambda weights: torch.zeros(()), r"R(w)=0"),
    "l1": Regulariser(kernel.L1, l1_penalty, r"L' = L+\lambda\sum|w|", _WEIGHTS_ONLY),
    "l2": Regulariser(kernel.L2, l2_penalty, r"L' = L+\lambda\sum w^2", _WEIGHTS_ONLY),
}
