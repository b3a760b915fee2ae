"""The MLP's activations: for each name, the compiled kernel's id, the torch module the torch path
(and the exported script, the gradient lab and the CNN) builds, and the equation the page shows."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import torch
from torch import nn

from dl_engine.models import mlp_kernel as kernel


class Step(nn.Module):
    """Heaviside step: 1 where z ≥ 0, else 0 (the notes' perceptron activation; zero gradient)."""

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return (z >= 0).to(z.dtype)


@dataclass(frozen=True)
class Activation:
    """code: the kernel's id; module: builds the nn.Module computing f elementwise; latex: f's definition."""
    code: int
    module: Callable[[], nn.Module]
    latex: str
    note: str = ""


ACTIVATIONS: dict[str, Activation] = {
    "step": Activation(kernel.STEP, Step, r"f(z)=\begin{cases}1 & z\ge 0\\ 0 & z<0\end{cases}"),
    "sigmoid": Activation(kernel.SIGMOID, nn.Sigmoid, r"\sigma(z)=\frac{1}{1+e^{-z}}"),
    "tanh": Activation(kernel.TANH, nn.Tanh, r"\tanh(z)=\frac{e^{z}-e^{-z}}{e^{z}+e^{-z}}"),
    "relu": Activation(kernel.RELU, nn.ReLU, r"\mathrm{ReLU}(z)=\max(0,z)"),
    "leaky_relu": Activation(kernel.LEAKY_RELU, lambda: nn.LeakyReLU(kernel.LEAKY_SLOPE), r"f(z)=\max(0.01z,\,z)"),
    "elu": Activation(kernel.ELU, nn.ELU,
                      r"f(z)=\begin{cases}z & z>0\\ \alpha(e^{z}-1) & z\le 0\end{cases},\ \alpha=1"),
    "selu": Activation(kernel.SELU, nn.SELU, r"f(z)=\lambda\begin{cases}z & z>0\\ \alpha(e^{z}-1) & z\le 0"
                       r"\end{cases},\ \lambda\approx1.0507,\ \alpha\approx1.6733"),
    "linear": Activation(kernel.LINEAR, nn.Identity, r"f(z)=z"),
}
