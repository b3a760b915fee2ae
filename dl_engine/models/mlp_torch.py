"""The MLP's torch path: a step by autograd and torch.optim, with the tables' torch functions.

It trains on CUDA / MPS, gives the CPU its step-0 look at the gradients, and is the reference the
compiled kernel is tested against (tests/unit/test_mlp_kernel.py).
"""
from __future__ import annotations

import numpy as np
import torch

from dl_engine.models.mlp import MLP
from dl_engine.models.mlp_losses import LOSSES
from dl_engine.models.mlp_optim import OPTIMIZERS, REGULARISERS


class TorchTrainer:
    """Gradients (and, given an optimizer name, steps) of `model` with the named loss and penalty."""

    def __init__(self, model: MLP, loss: str, optimizer: str | None, lr: float, regularization: str,
                 reg_rate: float):
        self.model, self.loss = model, LOSSES[loss].torch
        self.penalty = REGULARISERS[regularization].torch
        self.rate = reg_rate if regularization != "none" else 0.0
        self.optimizer = OPTIMIZERS[optimizer].build([model.theta], lr) if optimizer else None

    def objective(self, x: torch.Tensor, t: torch.Tensor, masks=None, record=None) -> torch.Tensor:
        """Mean loss of x (B, n_in) against targets t (B, K), plus λ R(w) over the weights; record
        gets (f(z), output) per hidden layer and then (logits, logits)."""
        logits = self.model.forward(x, masks, record)
        if record is not None:
            record.append((logits, logits))
        value = self.loss(logits, t)
        if self.rate:
            value = value + self.rate * self.penalty([w[:-1] for w in self.model.blocks()])
        return value

    def gradient(self, x, t, masks=None, probe: bool = False) -> tuple[float, list[float], tuple | None]:
        """Fill theta.grad for one batch → (loss, per-layer ‖∂L/∂θ_l‖, probe or None), where a probe is
        ({layer: output (B, n)}, {layer: ∂L/∂f(z) (B, n)}), hidden layers then the logits."""
        model, record = self.model, [] if probe else None
        model.theta.grad = None
        with torch.enable_grad():
            value = self.objective(x, t, masks, record)
            for f, _ in record or ():
                if f.requires_grad:  # below a step activation nothing has a gradient
                    f.retain_grad()
            value.backward()
        norms = np.sqrt(model.sq_norms(model.theta.grad)).tolist()
        if not probe:
            return float(value.detach()), norms, None
        outputs = {n: a.detach().cpu().numpy() for n, (_, a) in zip(model.names, record)}
        grads = {n: (f.grad.cpu().numpy() if f.grad is not None else np.zeros(tuple(f.shape), np.float32))
                 for n, (f, _) in zip(model.names, record)}
        return float(value.detach()), norms, (outputs, grads)

    def step(self, x, t, masks=None, probe: bool = False) -> tuple[float, list[float], tuple | None]:
        """`gradient`, then one update unless the loss or a gradient is not finite (the last good
        weights stay for the post-mortem)."""
        loss, norms, seen = self.gradient(x, t, masks, probe)
        if np.isfinite(loss) and np.isfinite(sum(norms)):
            self.optimizer.step()
        return loss, norms, seen
