"""The sweep: ‖∂L/∂W₁‖ at initialisation for every activation × initialiser × depth, all at once.

Nets of depth d are prefixes of the deepest net, so one batched forward pass serves every depth,
and one explicit chain-rule backward pass (the notes' product of ∂h_i/∂h_{i−1}) carries all depths.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch.nn import functional as F

from dl_engine.models.deep_mlp import ACTIVATION_NAMES, INIT_NAMES
from dl_engine.models.registry import ACTIVATIONS, INITIALISERS, build

DEPTHS = tuple(range(5, 51, 5))


@dataclass(frozen=True)
class Sweep:
    """first[a, i, k] = ‖∂L/∂W₁‖ and last[a, i, k] = ‖∂L/∂W_out‖ for activation a, initialiser i
    and depth depths[k] (arrays of shape (A, I, D), float64; 0 where the gradient is exactly 0)."""
    activations: tuple[str, ...]
    inits: tuple[str, ...]
    depths: tuple[int, ...]
    first: np.ndarray
    last: np.ndarray


def init_weights(inits, depth: int, width: int, n_out: int = 2):
    """Hidden weights (I, depth, width, width) and heads (I, n_out, width), float64, drawn with
    the registry's initialisers (so the formulas shown on the page are the ones used)."""
    hidden = torch.empty(len(inits), depth, width, width, dtype=torch.float64)
    head = torch.empty(len(inits), n_out, width, dtype=torch.float64)
    for i, name in enumerate(inits):
        for layer in range(depth):
            build(INITIALISERS, name, hidden[i, layer])
        build(INITIALISERS, name, head[i])
    return hidden, head


def slopes(z: torch.Tensor, activations) -> torch.Tensor:
    """f′(z) elementwise for z of shape (L, A, …), activation a on z[:, a] (autograd of Σf)."""
    out = []
    for a, name in enumerate(activations):
        za = z[:, a].detach().requires_grad_()
        (grad,) = torch.autograd.grad(build(ACTIVATIONS, name)(za).sum(), za)
        out.append(grad)
    return torch.stack(out, 1)


@torch.no_grad()
def chain_rule_grads(x, y, hidden, head, activations, depths):
    """‖∂L/∂W₁‖ and ‖∂L/∂W_out‖ (each (A, I, D)) for cross-entropy nets without biases.

    x: (B, W) inputs, y: (B,) labels, hidden: (I, L, W, W), head: (I, C, W).
    """
    fs = [build(ACTIVATIONS, name) for name in activations]
    n_layers, batch = max(depths), x.shape[0]
    h = x.expand(len(activations), hidden.shape[0], *x.shape)     # (A, I, B, W)
    zs, hs = [], []
    for layer in range(n_layers):
        z = h @ hidden[:, layer].transpose(-1, -2)                  # (A, I, B, W)
        h = torch.stack([f(z[a]) for a, f in enumerate(fs)])
        zs.append(z)
        hs.append(h)
    with torch.enable_grad():
        fprime = slopes(torch.stack(zs), activations)               # (L, A, I, B, W)
    onehot = F.one_hot(y, head.shape[1]).to(x.dtype)
    delta = torch.zeros(len(depths), *h.shape, dtype=x.dtype)      # (D, A, I, B, W): ∂L_d/∂h_l
    last = torch.zeros(len(depths), *h.shape[:2], dtype=x.dtype)
    for layer in reversed(range(n_layers)):
        if layer + 1 in depths:  # the depth-(layer+1) net's loss enters here
            k = depths.index(layer + 1)
            err = (torch.softmax(hs[layer] @ head.transpose(-1, -2), -1) - onehot) / batch  # ∂L/∂logits
            delta[k] = err @ head
            last[k] = torch.linalg.matrix_norm(err.transpose(-1, -2) @ hs[layer])
        delta = delta * fprime[layer]                                # ∂L/∂z_l
        if layer > 0:
            delta = delta @ hidden[:, layer]                          # ∂L/∂h_{l−1} = ∂L/∂z_l · W_l
    first = torch.linalg.matrix_norm(delta.transpose(-1, -2) @ x)   # ∂L/∂W₁ = δ₁ᵀ x
    return first.permute(1, 2, 0), last.permute(1, 2, 0)


def gradient_sweep(activations=ACTIVATION_NAMES, inits=INIT_NAMES, depths=DEPTHS,
                   width: int = 32, batch: int = 32, seed: int = 0) -> Sweep:
    """Every cell a fresh net at initialisation on one random batch (x ~ N(0, I), 2 classes)."""
    depths = tuple(sorted(depths))
    with torch.random.fork_rng():  # leave the caller's random stream alone
        torch.manual_seed(seed)
        hidden, head = init_weights(inits, max(depths), width)
        x = torch.randn(batch, width, dtype=torch.float64)
        y = torch.randint(0, 2, (batch,))
    first, last = chain_rule_grads(x, y, hidden, head, activations, depths)
    return Sweep(tuple(activations), tuple(inits), depths, first.numpy(), last.numpy())
