"""The network of the optimiser race on a network: a small tanh MLP classifying 2-D points.

x (N, 2) → Linear(2, h) → tanh → Linear(h, h) → tanh → Linear(h, 2) → logits (N, 2), trained
with cross-entropy. float64 throughout, so a loss evaluated by a batched slice and by loading
the same weights agree to rounding.
"""
from __future__ import annotations

import torch
from torch import nn

LOSS_LATEX = r"L(\theta) = -\frac1N \sum_{i=1}^{N} \log \operatorname{softmax}(f_\theta(x_i))_{y_i}"


def build_network(hidden: int, gain: float, seed: int) -> nn.Sequential:
    """The MLP with PyTorch's default initialisation drawn from `seed`, every parameter times
    `gain` (a small gain starts it near the flat region around θ = 0)."""
    # nn.Linear draws from the global generator: seed it inside a fork, leaving the caller's alone
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        net = nn.Sequential(nn.Linear(2, hidden), nn.Tanh(), nn.Linear(hidden, hidden), nn.Tanh(),
                            nn.Linear(hidden, 2)).double()
    with torch.no_grad():
        for p in net.parameters():
            p.mul_(gain)
    return net


def loss(logits: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Mean cross-entropy of logits (N, 2) against labels y (N,) int64 → scalar."""
    return nn.functional.cross_entropy(logits, y)


def losses(logits: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """`loss` for G networks at once: logits (G, N, 2), y (N,) → (G,)."""
    return nn.functional.cross_entropy(logits.transpose(1, 2), y.expand(len(logits), -1), reduction="none").mean(-1)
