"""Activations of the explicit MLP, each forward beside its backward, by the registry's names.

forward(xp, z, out) writes f(z) into out; backward(xp, z, a, d) multiplies d in place by f'(z)
(a = f(z) is passed because most derivatives are cheapest from it). Works on NumPy and torch arrays.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

SELU_LAMBDA, SELU_ALPHA = 1.0507009873554805, 1.6732632423543772
LEAKY_SLOPE = 0.01


@dataclass(frozen=True)
class Activation:
    forward: Callable
    backward: Callable


def _copy(xp, z, out):
    out[...] = z


def _nothing(xp, z, a, d):
    pass


def _sigmoid(xp, z, out):
    # σ(z) = ½·tanh(z/2) + ½: no exp overflow for large |z|
    xp.multiply(z, 0.5, out=out)
    xp.tanh(out, out=out)
    out *= 0.5
    out += 0.5


def _elu(xp, z, out, scale=1.0, alpha=1.0):
    negative = xp.expm1(xp.clip(z, None, 0))  # clipped so the unused branch cannot overflow
    out[...] = xp.where(z > 0, z, alpha * negative)
    if scale != 1.0:
        out *= scale


ACTIVATIONS: dict[str, Activation] = {
    "linear": Activation(_copy, _nothing),
    "tanh": Activation(lambda xp, z, out: xp.tanh(z, out=out),
                       lambda xp, z, a, d: d.__imul__(1 - a * a)),
    "sigmoid": Activation(_sigmoid, lambda xp, z, a, d: d.__imul__(a * (1 - a))),
    "relu": Activation(lambda xp, z, out: xp.multiply(z, z > 0, out=out),
                       lambda xp, z, a, d: d.__imul__(z > 0)),
    # piecewise derivatives select between two products of d, so the result keeps d's dtype
    "leaky_relu": Activation(lambda xp, z, out: _copy(xp, xp.where(z > 0, z, LEAKY_SLOPE * z), out),
                             lambda xp, z, a, d: _copy(xp, xp.where(z > 0, d, LEAKY_SLOPE * d), d)),
    "elu": Activation(_elu, lambda xp, z, a, d: _copy(xp, xp.where(z > 0, d, d * (a + 1.0)), d)),
    "selu": Activation(lambda xp, z, out: _elu(xp, z, out, SELU_LAMBDA, SELU_ALPHA),
                       lambda xp, z, a, d: _copy(xp, xp.where(z > 0, SELU_LAMBDA * d,
                                                              d * (a + SELU_LAMBDA * SELU_ALPHA)), d)),
    # the perceptron's step: f'(z) = 0 almost everywhere, so nothing below it can learn
    "step": Activation(lambda xp, z, out: _copy(xp, z >= 0, out), lambda xp, z, a, d: d.__imul__(0.0)),
}
