"""Name → object tables for activations, initialisers, optimizers, losses and regularisers.

Each entry carries the LaTeX the pages show, so the equation on screen and the code that
runs are written in one place.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import torch
from torch import nn


class Step(nn.Module):
    """Heaviside step: 1 where x ≥ 0, else 0 (the notes' perceptron activation; zero gradient)."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return (x >= 0).to(x.dtype)


@dataclass(frozen=True)
class Entry:
    """A registry entry: how to build the object, the equation that defines it, and where that
    departs from the course notes (shown beside the equation; "" when it agrees)."""
    build: Callable
    latex: str
    note: str = ""


ACTIVATIONS: dict[str, Entry] = {
    "step": Entry(Step, r"f(z)=\begin{cases}1 & z\ge 0\\ 0 & z<0\end{cases}"),
    "sigmoid": Entry(nn.Sigmoid, r"\sigma(z)=\frac{1}{1+e^{-z}}"),
    "tanh": Entry(nn.Tanh, r"\tanh(z)=\frac{e^{z}-e^{-z}}{e^{z}+e^{-z}}"),
    "relu": Entry(nn.ReLU, r"\mathrm{ReLU}(z)=\max(0,z)"),
    "leaky_relu": Entry(lambda: nn.LeakyReLU(0.01), r"f(z)=\max(0.01z,\,z)"),
    "elu": Entry(nn.ELU, r"f(z)=\begin{cases}z & z>0\\ \alpha(e^{z}-1) & z\le 0\end{cases},\ \alpha=1"),
    "selu": Entry(nn.SELU, r"f(z)=\lambda\begin{cases}z & z>0\\ \alpha(e^{z}-1) & z\le 0\end{cases},\ "
                  r"\lambda\approx1.0507,\ \alpha\approx1.6733"),
    "linear": Entry(nn.Identity, r"f(z)=z"),
}


def _small_random(w: torch.Tensor) -> None:
    nn.init.normal_(w, 0.0, 0.01)


def _large_random(w: torch.Tensor) -> None:
    nn.init.normal_(w, 0.0, 1.0)


def _lecun(w: torch.Tensor) -> None:
    fan_in = w.shape[1] * (w[0][0].numel() if w.dim() > 2 else 1)
    nn.init.normal_(w, 0.0, 1.0 / math.sqrt(fan_in))


INITIALISERS: dict[str, Entry] = {
    "zeros": Entry(nn.init.zeros_, r"W=0"),
    "small_random": Entry(_small_random, r"W\sim\mathcal{N}(0,\,0.01^2)"),
    "large_random": Entry(_large_random, r"W\sim\mathcal{N}(0,\,1)"),
    "xavier": Entry(nn.init.xavier_uniform_,
                    r"W\sim\mathcal{U}\!\left(-\sqrt{\tfrac{6}{n_{in}+n_{out}}},\sqrt{\tfrac{6}{n_{in}+n_{out}}}\right)",
                    "The notes (000 §42.4) write Xavier as N(0, 1/n_in). Glorot's original, used here as in "
                    "PyTorch and Keras, is uniform with variance 2/(n_in + n_out): the same when n_in = n_out."),
    "he": Entry(lambda w: nn.init.kaiming_normal_(w, nonlinearity="relu"),
                r"W\sim\mathcal{N}\!\left(0,\,\tfrac{2}{n_{in}}\right)"),
    "lecun": Entry(_lecun, r"W\sim\mathcal{N}\!\left(0,\,\tfrac{1}{n_{in}}\right)"),
}
# Every initialiser above draws the weights only; the biases start at 0 (MLP, gradient lab).
BIAS_INIT_LATEX = r"b=0"


OPTIMIZERS: dict[str, Entry] = {
    "sgd": Entry(lambda params, lr: torch.optim.SGD(params, lr=lr), r"w \leftarrow w-\eta\,g"),
    "momentum": Entry(lambda params, lr: torch.optim.SGD(params, lr=lr, momentum=0.9),
                      r"v \leftarrow 0.9\,v+g,\quad w \leftarrow w-\eta\,v"),
    "adagrad": Entry(lambda params, lr: torch.optim.Adagrad(params, lr=lr),
                     r"G \leftarrow G+g^2,\quad w \leftarrow w-\frac{\eta}{\sqrt{G}+\epsilon}\,g"),
    "rmsprop": Entry(lambda params, lr: torch.optim.RMSprop(params, lr=lr),
                     r"s \leftarrow 0.99\,s+0.01\,g^2,\quad w \leftarrow w-\frac{\eta}{\sqrt{s}+\epsilon}\,g"),
    "adam": Entry(lambda params, lr: torch.optim.Adam(params, lr=lr),
                  r"m \leftarrow \beta_1 m+(1-\beta_1)g,\ v \leftarrow \beta_2 v+(1-\beta_2)g^2,\ "
                  r"w \leftarrow w-\eta\,\frac{\hat m}{\sqrt{\hat v}+\epsilon}"),
}


def _bce(logits: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    return nn.functional.binary_cross_entropy_with_logits(logits.squeeze(-1), y.float())


def _probability_loss(fn):
    """Regression-style losses on a binary output compare σ(logit) with the 0/1 label."""
    def loss(logits: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        if logits.shape[-1] == 1:
            return fn(torch.sigmoid(logits.squeeze(-1)), y.float())
        onehot = nn.functional.one_hot(y.long(), logits.shape[-1]).to(logits.dtype)
        return fn(torch.softmax(logits, -1), onehot)
    return loss


# The regression losses on a classifier: what ŷ and the mean are (not said in the notes).
_ON_PROBABILITIES = ("Here ŷ is the predicted probability σ(z) and y the 0/1 label; with a softmax output, "
                     "ŷ and y are K-vectors (y one-hot) and the mean runs over all n·K entries.")
LOSSES: dict[str, Entry] = {
    "mse": Entry(_probability_loss(nn.functional.mse_loss), r"L=\frac{1}{n}\sum_i (y_i-\hat y_i)^2",
                 _ON_PROBABILITIES),
    "mae": Entry(_probability_loss(nn.functional.l1_loss), r"L=\frac{1}{n}\sum_i |y_i-\hat y_i|",
                 _ON_PROBABILITIES),
    "huber": Entry(_probability_loss(nn.functional.huber_loss),
                   r"L_\delta=\frac{1}{n}\sum_i\begin{cases}\tfrac12 (y_i-\hat y_i)^2 & |y_i-\hat y_i|\le\delta\\ "
                   r"\delta(|y_i-\hat y_i|-\tfrac12\delta) & \text{otherwise}\end{cases},\ \delta=1",
                   _ON_PROBABILITIES),
    "binary_cross_entropy": Entry(_bce, r"L=-\frac{1}{n}\sum_i \big[y_i\log\hat y_i+(1-y_i)\log(1-\hat y_i)\big]"),
    "cross_entropy": Entry(nn.functional.cross_entropy, r"L=-\frac{1}{n}\sum_i \sum_c y_{ic}\log \hat y_{ic}"),
}


def l1_penalty(weights: list[torch.Tensor]) -> torch.Tensor:
    """λ-free L1 term Σ|w| over the given weight tensors."""
    return sum(w.abs().sum() for w in weights)


def l2_penalty(weights: list[torch.Tensor]) -> torch.Tensor:
    """λ-free L2 term Σw² over the given weight tensors."""
    return sum((w * w).sum() for w in weights)


REGULARISERS: dict[str, Entry] = {
    "none": Entry(lambda weights: torch.zeros(()), r"R(w)=0"),
    "l1": Entry(l1_penalty, r"L' = L+\lambda\sum|w|", "The sum runs over the weights; biases are not penalised."),
    "l2": Entry(l2_penalty, r"L' = L+\lambda\sum w^2", "The sum runs over the weights; biases are not penalised."),
}


def build(table: dict[str, Entry], name: str, *args):
    """Look `name` up in `table` and build it; unknown names raise a ValueError listing choices."""
    if name not in table:
        raise ValueError(f"Unknown name '{name}'; choose one of {sorted(table)}.")
    return table[name].build(*args)
