"""FusedTrainer: trains an `MLP` on the CPU through the compiled steps of `mlp_kernel`, in place.

It owns what the kernel needs besides the model: the layer spec as integer arrays (the tables'
kernel ids), optimizer state, work buffers for the largest batch and the dropout stream. After a
step, `probe()` reads the step's activations and gradients out of the work buffers (copies).
"""
from __future__ import annotations

import numpy as np

from dl_engine.models import mlp_kernel as kernel
from dl_engine.models.mlp import MLP
from dl_engine.models.mlp_activations import ACTIVATIONS
from dl_engine.models.mlp_losses import HEAD_CODES, LOSSES
from dl_engine.models.mlp_optim import OPTIMIZERS, REGULARISERS


class FusedTrainer:
    """Steps of `model` (on the CPU) with the named optimizer, loss and penalty, batches ≤ max_batch
    rows; dropout draws come from `dropout_rng`, a (max_batch, C) table of U[0, 1) per step."""

    def __init__(self, model: MLP, head: str, loss: str, optimizer: str, lr: float, regularization: str,
                 reg_rate: float, max_batch: int, dropout_rng: np.random.Generator | None = None):
        if model.theta.device.type != "cpu":
            raise ValueError("The compiled step runs on the CPU only; CUDA and MPS train on the torch path.")
        self.model, self.names = model, model.names
        self.theta, dtype = model.flat(), model.flat().dtype
        self.grad = np.zeros_like(self.theta)
        self.sizes = np.asarray(model.sizes, np.int64)
        self.cols = kernel.layer_columns(model.sizes)
        self.woff = model.offsets
        self.acts = np.asarray([ACTIVATIONS[a].code for a in model.activation_names], np.int64)
        self.codes = np.asarray([HEAD_CODES[head], LOSSES[loss].code, OPTIMIZERS[optimizer].code,
                                 REGULARISERS[regularization].code], np.int64)
        self.hyper = np.asarray([lr, reg_rate, model.keep, 0.0])
        self.state = np.zeros((2, model.n_params), dtype)
        self.work = np.zeros((5, max_batch, int(self.cols[-1])), dtype)
        self.norms = np.zeros(len(model.shapes))
        self.rng = dropout_rng if dropout_rng is not None else np.random.default_rng(0)
        self._no_dropout = np.zeros((1, 1, 1), dtype)
        self._rows = 0

    def _draws(self, k: int) -> np.ndarray:
        """(k, B, C) dropout draws, a full batch per step even for a short one (so the stream does not
        depend on how steps group into calls), or a dummy without dropout."""
        if self.model.keep == 1.0:
            return self._no_dropout
        return self.rng.random((k, *self.work.shape[1:]), dtype=self.work.dtype)

    def step(self, X: np.ndarray, T: np.ndarray, rows: np.ndarray) -> tuple[float, list[float]]:
        """One update on the rows `rows` (B,) of X (N, F) and T (N, K) → (loss, per-layer ‖∂L/∂θ‖)."""
        self._rows = len(rows)
        loss = kernel.train_step(X, T, rows, self._draws(1)[0], *self._model_and_spec(), self.norms)
        return loss, self.norms.tolist()

    def steps(self, X: np.ndarray, T: np.ndarray, orders: np.ndarray, cursor: np.ndarray,
              k: int) -> tuple[np.ndarray, np.ndarray]:
        """Up to k updates in one call, epoch after epoch of `orders` (E, N) from `cursor` (2,) =
        (epoch, row), which advances (see kernel.train_steps) → (losses (k',), norms (k', L)). No probe."""
        losses, norms = np.empty(k), np.empty((k, len(self.norms)))
        done = kernel.train_steps(X, T, orders, cursor, self.work.shape[1], self._draws(k), *self._model_and_spec(),
                                  losses, norms)
        return losses[:done], norms[:done]

    def _model_and_spec(self) -> tuple:
        """The kernel's arguments after the data: parameters, gradient, optimizer state, weight mask,
        layer spec, codes, hyper-parameters and work buffers."""
        return (self.theta, self.grad, self.state, self.model.weight_mask, self.sizes, self.cols, self.woff,
                self.acts, self.codes, self.hyper, self.work)

    def grads(self) -> list[np.ndarray]:
        """The last step's ∂L/∂W̃_l (n_l + 1, n_{l+1}) per layer, views into the gradient."""
        return [self.grad[s:s + a * b].reshape(a, b) for (a, b), s in zip(self.model.shapes, self.woff)]

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
    model = MLP((2, 2, 1), ("tanh",))
    X, T = np.ones((1, 2), np.float32), np.ones((1, 1), np.float32)
    trainer = FusedTrainer(model, "sigmoid", "mse", "sgd", 0.1, "none", 0.0, max_batch=1)
    trainer.step(X, T, np.zeros(1, np.int64))
    trainer.steps(X, T, np.zeros((1, 1), np.int64), np.zeros(2, np.int64), 1)
