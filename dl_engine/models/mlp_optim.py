"""Optimizers and weight penalties for the explicit MLP, on one flat parameter vector in place.

Same update rules and defaults as torch.optim (SGD, SGD momentum 0.9, Adagrad, RMSprop, Adam), so
the registry's LaTeX describes them; working on one flat vector costs a handful of array ops a step.
"""
from __future__ import annotations

import math


class SGD:
    """w ← w − η g."""

    def __init__(self, xp, theta, lr: float):
        self.xp, self.lr = xp, lr

    def step(self, theta, g) -> None:
        theta -= self.lr * g


class Momentum(SGD):
    """v ← 0.9 v + g, w ← w − η v (torch's SGD momentum, dampening 0)."""
    beta = 0.9

    def __init__(self, xp, theta, lr: float):
        super().__init__(xp, theta, lr)
        self.v = xp.zeros_like(theta)

    def step(self, theta, g) -> None:
        self.v *= self.beta
        self.v += g
        theta -= self.lr * self.v


class Adagrad(SGD):
    """G ← G + g², w ← w − η g / (√G + ε)."""
    eps = 1e-10

    def __init__(self, xp, theta, lr: float):
        super().__init__(xp, theta, lr)
        self.G = xp.zeros_like(theta)

    def step(self, theta, g) -> None:
        self.G += g * g
        theta -= self.lr * g / (self.xp.sqrt(self.G) + self.eps)


class RMSprop(SGD):
    """s ← 0.99 s + 0.01 g², w ← w − η g / (√s + ε)."""
    alpha, eps = 0.99, 1e-8

    def __init__(self, xp, theta, lr: float):
        super().__init__(xp, theta, lr)
        self.s = xp.zeros_like(theta)

    def step(self, theta, g) -> None:
        self.s *= self.alpha
        self.s += (1 - self.alpha) * g * g
        theta -= self.lr * g / (self.xp.sqrt(self.s) + self.eps)


class Adam(SGD):
    """m, v: running means of g and g²; w ← w − η m̂ / (√v̂ + ε) with bias-corrected m̂, v̂."""
    beta1, beta2, eps = 0.9, 0.999, 1e-8

    def __init__(self, xp, theta, lr: float):
        super().__init__(xp, theta, lr)
        self.m, self.v, self.t = xp.zeros_like(theta), xp.zeros_like(theta), 0

    def step(self, theta, g) -> None:
        self.t += 1
        self.m *= self.beta1
        self.m += (1 - self.beta1) * g
        self.v *= self.beta2
        self.v += (1 - self.beta2) * g * g
        correction1 = 1 - self.beta1 ** self.t
        root_correction2 = math.sqrt(1 - self.beta2 ** self.t)
        theta -= (self.lr / correction1) * self.m / (self.xp.sqrt(self.v) / root_correction2 + self.eps)


OPTIMIZERS = {"sgd": SGD, "momentum": Momentum, "adagrad": Adagrad, "rmsprop": RMSprop, "adam": Adam}


def make_optimizer(name: str, xp, theta, lr: float) -> SGD:
    """The named optimizer for the flat parameter vector `theta` (shape (P,))."""
    if name not in OPTIMIZERS:
        raise ValueError(f"Unknown optimizer '{name}'; choose one of {sorted(OPTIMIZERS)}.")
    return OPTIMIZERS[name](xp, theta, lr)


def add_penalty_grad(xp, kind: str, rate: float, theta, weight_mask, g) -> None:
    """g += ∂(λ R(w))/∂θ for R = Σ|w| (l1) or Σw² (l2) over weights only (biases are not penalised)."""
    if kind == "l1" and rate:
        g += rate * xp.sign(theta) * weight_mask
    elif kind == "l2" and rate:
        g += (2 * rate) * theta * weight_mask


def penalty(xp, kind: str, rate: float, theta, weight_mask) -> float:
    """λ R(w) as a float (0 when there is no regulariser)."""
    if kind == "l1" and rate:
        return rate * float(xp.sum(xp.abs(theta) * weight_mask))
    if kind == "l2" and rate:
        return rate * float(xp.sum(theta * theta * weight_mask))
    return 0.0
