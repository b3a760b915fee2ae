"""Backpropagation-through-time probes: how far back the loss reaches, step by step."""
from __future__ import annotations

import numpy as np
import torch


def grad_norms_through_time(hidden_states: list[torch.Tensor], loss: torch.Tensor) -> np.ndarray:
    """‖∂L/∂h_t‖₂ for every time step t.

    hidden_states: T tensors of shape (B, H) that are part of `loss`'s graph (h_t as used by
    step t+1 and the output). loss: scalar. Returns (T,) float array; the graph is kept so the
    caller can still call loss.backward().
    """
    grads = torch.autograd.grad(loss, hidden_states, retain_graph=True, allow_unused=True)
    return np.array([0.0 if g is None else float(g.norm()) for g in grads])


def jacobian_norms_to_last(hidden_states: list[torch.Tensor]) -> np.ndarray:
    """‖∂h_T/∂h_t‖ (Frobenius, summed over the batch) for t = 1…T: the notes' chain-rule product.

    hidden_states: T tensors (B, H) in one graph. Returns (T,) floats; the last entry is √(B·H).
    """
    last = hidden_states[-1]
    sq = [torch.zeros((), dtype=last.dtype, device=last.device) for _ in hidden_states]
    for j in range(last.shape[1]):  # one backward pass per hidden unit of h_T reaches every h_t
        grads = torch.autograd.grad(last[:, j].sum(), hidden_states, retain_graph=True, allow_unused=True)
        sq = [s if g is None else s + (g ** 2).sum() for s, g in zip(sq, grads)]
    return np.array([float(s.sqrt()) for s in sq])
