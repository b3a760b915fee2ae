"""FusedTrainer: trains an `MLP` on the CPU through the compiled step of `mlp_kernel`, in place.

It owns what the kernel needs besides the model: the layer spec as integer arrays, optimizer
state, work buffers for the largest batch and the dropout stream. After a step, `probe(n)` reads
the step's activations and gradients out of the work buffers (copies, as probes must be).
"""
from __future__ import annotations

import numpy as np

from dl_engine.models import mlp_kernel as kernel
from dl_engine.models.mlp import MLP
from dl_engine.models.mlp_backend import Backend


class FusedTrainer:
    """Steps of `model` (NumPy backend) with the given optimizer, loss and penalty, batches ≤ max_batch rows."""

    def __init__(self, model: MLP, head: str, loss: str, optimizer: str, lr: float, regularization: str,
                 reg_rate: float, max_batch: int):
        if not model.be.is_numpy:
            raise ValueError("The fused step runs on the NumPy (CPU) backend only.")
        self.model, self.names = model, model.names
        dtype = model.theta.dtype
        self.sizes = np.asarray(model.sizes, np.int64)
        self.cols = kernel.layer_columns(model.sizes)
        self.woff = np.asarray(model.offsets, np.int64)
        self.acts = np.asarray([kernel.ACTIVATION_CODES[a] for a in model.activation_names], np.int64)
        self.codes = np.asarray([kernel.HEAD_CODES[head], kernel.LOSS_CODES[loss], kernel.OPTIMIZER_CODES[optimizer],
                                 kernel.REGULARISER_CODES[regularization]], np.int64)
        self.hyper = np.asarray([lr, reg_rate, model.keep, 0.0])
        self.state = np.zeros((2, model.n_params), dtype)
        self.work = np.zeros((5, max_batch, int(self.cols[-1])), dtype)
        self.norms = np.zeros(len(model.blocks))
        self._no_dropout = np.zeros((1, 1), dtype)
        self._rows = 0

    def step(self, X: np.ndarray, T: np.ndarray, start: int, stop: int) -> tuple[float, list[float]]:
        """One update on rows start:stop of X (N, ≥ F) and T (N, K) → (loss, per-layer ‖∂L/∂θ‖)."""
        model = self.model
        self._rows = stop - start
        # a full batch of draws even for a short batch: the stream then does not depend on how
        # steps are grouped into calls (see `steps`), so runs stay reproducible
        U = model.be.uniform(*self.work.shape[1:]) if model.keep < 1.0 else self._no_dropout
        loss = kernel.train_step(X, T, start, stop, U, *self._model_and_spec(), self.norms)
        return loss, self.norms.tolist()

    def steps(self, X: np.ndarray, T: np.ndarray, start: int, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Up to k updates on consecutive batches from row `start` (stopping at the end of X or after
        a non-finite step) in one call → (losses (k',), per-layer ‖∂L/∂θ‖ (k', L)). No probe.
        The dropout stream is the same as that many calls of `step` would draw."""
        model, (_, batch, width) = self.model, self.work.shape
        k = max(0, min(k, -(-(len(X) - start) // batch)))  # no more than the data holds: dropout draws
        U = model.be.uniform(k, batch, width) if model.keep < 1.0 else self._no_dropout[None]
        losses, norms = np.empty(k), np.empty((k, len(self.norms)))
        done = kernel.train_steps(X, T, start, batch, U, *self._model_and_spec(), losses, norms)
        return losses[:done], norms[:done]

    def _model_and_spec(self) -> tuple:
        """The kernel's arguments after the data: parameters, gradient, optimizer state, weight mask,
        layer spec, codes, hyper-parameters and work buffers."""
        m = self.model
        return (m.theta, m.grad, self.state, m.weight_mask, self.sizes, self.cols, self.woff, self.acts, self.codes,
                self.hyper, self.work)

    def probe(self) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
        """The last step's ({layer: output (B, n)}, {layer: ∂L/∂output (B, n)}), hidden layers then output."""
        rows, cols = self._rows, self.cols
        take = [slice(int(a), int(b)) for a, b in zip(cols[1:-1], cols[2:])]
        outputs = {n: self.work[kernel.A, :rows, s].copy() for n, s in zip(self.names, take)}
        grads = {n: self.work[kernel.G, :rows, s].copy() for n, s in zip(self.names, take)}
        return outputs, grads


def compile_kernel() -> None:
    """Compile (or load from Numba's disk cache) the fused step and chunk with tiny updates: several
    seconds the first time on a fresh checkout, well under 1 s after that."""
    model = MLP((2, 2, 1), ("tanh",), Backend("numpy"))
    X, T = np.ones((1, 3), np.float32), np.ones((1, 1), np.float32)
    trainer = FusedTrainer(model, "sigmoid", "mse", "sgd", 0.1, "none", 0.0, max_batch=1)
    trainer.step(X, T, 0, 1)
    trainer.steps(X, T, 0, 1)
