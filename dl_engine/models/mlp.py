"""An explicit multilayer perceptron: hand-written forward and backward over one flat parameter vector.

No autograd: the per-layer gradients the page shows are the ones this code computes, and tiny
networks train at thousands of steps per second on NumPy (or on torch tensors on a GPU).
"""
from __future__ import annotations

import math

import numpy as np

from dl_engine.models.mlp_activations import ACTIVATIONS
from dl_engine.models.mlp_backend import Backend

INIT_NAMES = ("zeros", "small_random", "large_random", "xavier", "he", "lecun")


def init_weights(name: str, n_in: int, n_out: int, rng: np.random.Generator) -> np.ndarray:
    """(n_in, n_out) weights drawn as the registry's initialiser `name` does (fan_in = n_in)."""
    if name == "zeros":
        return np.zeros((n_in, n_out))
    if name == "small_random":
        return rng.normal(0, 0.01, (n_in, n_out))
    if name == "large_random":
        return rng.normal(0, 1.0, (n_in, n_out))
    if name == "xavier":
        bound = math.sqrt(6 / (n_in + n_out))
        return rng.uniform(-bound, bound, (n_in, n_out))
    if name == "he":
        return rng.normal(0, math.sqrt(2 / n_in), (n_in, n_out))
    if name == "lecun":
        return rng.normal(0, math.sqrt(1 / n_in), (n_in, n_out))
    raise ValueError(f"Unknown initialiser '{name}'; choose one of {list(INIT_NAMES)}.")


def augment(backend: Backend, X: np.ndarray):
    """(N, F) NumPy inputs → backend array (N, F + 1) with a trailing column of ones (the bias input)."""
    return backend.asarray(np.hstack([X, np.ones((len(X), 1))]))


class MLP:
    """Fully connected network sizes[0] → … → sizes[-1]; hidden layers use `activations`, output is linear.

    Layer l owns the block W̃_l = [W_l; b_l] of shape (n_l + 1, n_{l+1}) in the flat vector `theta`
    (bias as the last row), so with inputs carrying a trailing 1, z = [a, 1] @ W̃ is one matmul and
    ∂L/∂W̃ = [a, 1]ᵀ δ one more. `grad` mirrors `theta`; `blocks[l]` / `grads[l]` are views into them.
    """

    def __init__(self, sizes: tuple[int, ...], activations: tuple[str, ...], backend: Backend,
                 init: str = "xavier", rng: np.random.Generator | None = None, dropout: float = 0.0):
        if len(activations) != len(sizes) - 2:
            raise ValueError(f"{len(sizes) - 2} hidden layers need as many activations, got {len(activations)}.")
        unknown = [a for a in activations if a not in ACTIVATIONS]
        if unknown:
            raise ValueError(f"Unknown activation(s) {unknown}; choose from {sorted(ACTIVATIONS)}.")
        self.sizes, self.activation_names, self.be, self.xp = tuple(sizes), tuple(activations), backend, backend.xp
        self.activations = [ACTIVATIONS[a] for a in activations]
        self.keep = 1.0 - dropout
        self.names = [f"hidden {i + 1}" for i in range(len(sizes) - 2)] + ["output"]
        shapes = [(a + 1, b) for a, b in zip(sizes[:-1], sizes[1:])]
        self.offsets = np.cumsum([0] + [a * b for a, b in shapes[:-1]])
        n_params = sum(a * b for a, b in shapes)
        rng = rng if rng is not None else np.random.default_rng(0)
        flat, mask = np.zeros(n_params), np.zeros(n_params)
        for (a, b), start in zip(shapes, self.offsets):
            flat[start:start + (a - 1) * b] = init_weights(init, a - 1, b, rng).ravel()
            mask[start:start + (a - 1) * b] = 1.0  # biases (the last row) start at 0, unpenalised
        self.theta, self.weight_mask = backend.asarray(flat), backend.asarray(mask)
        self.grad = backend.zeros(n_params)
        self.blocks = [self.theta[s:s + a * b].reshape(a, b) for (a, b), s in zip(shapes, self.offsets)]
        self.grads = [self.grad[s:s + a * b].reshape(a, b) for (a, b), s in zip(shapes, self.offsets)]
        self._weights_t = [w[:-1].T for w in self.blocks]  # Wᵀ without the bias row, for δ @ Wᵀ
        self._buffers: dict[int, tuple] = {}

    @property
    def n_params(self) -> int:
        return int(self.theta.shape[0])

    def _make_buffers(self, n: int) -> tuple:
        """Per-layer arrays for a batch of n rows: [a, 1] inputs, z, δ, dropout masks and the outputs
        before dropout (f'(z) is computed from those)."""
        hidden = self.sizes[1:-1]
        inputs = [self.be.ones(n, h + 1) for h in hidden]  # trailing 1s stay: only [:, :-1] is written
        zs = [self.be.zeros(n, h) for h in self.sizes[1:]]
        deltas = [self.be.zeros(n, h) for h in hidden]
        kept = [self.be.zeros(n, h) for h in hidden] if self.keep < 1.0 else [None] * len(hidden)
        return inputs, zs, deltas, [None] * len(hidden), kept

    def buffers(self, n: int, reuse: bool = True) -> tuple:
        """Reused buffers for training batches of n rows (at most two sizes: batch and remainder)."""
        if not reuse:
            return self._make_buffers(n)
        if n not in self._buffers:
            self._buffers[n] = self._make_buffers(n)
        return self._buffers[n]

    def forward(self, x_aug, buffers, train: bool = False):
        """x_aug: (B, n_in + 1) with trailing ones → logits (B, n_out), a view into `buffers`.

        With train=True and dropout > 0, each hidden output is multiplied by a fresh mask m/(1−p).
        """
        xp, be = self.xp, self.be
        inputs, zs, _, masks, kept = buffers
        a = x_aug
        for l, act in enumerate(self.activations):
            z, nxt = zs[l], inputs[l]
            be.dot(a, self.blocks[l], z)
            out = nxt[:, :-1]
            act.forward(xp, z, out)
            masks[l] = be.uniform(*z.shape) < self.keep if train and self.keep < 1.0 else None
            if masks[l] is not None:
                kept[l][...] = out
                out *= masks[l]
                out *= 1.0 / self.keep
            a = nxt
        be.dot(a, self.blocks[-1], zs[-1])
        return zs[-1]

    def backward(self, x_aug, buffers, dlogits, record: dict | None = None) -> None:
        """Fill `grad` with ∂L/∂θ from ∂L/∂logits (B, n_out); `record` gets ∂L/∂a per hidden layer."""
        xp, be = self.xp, self.be
        inputs, zs, deltas, masks, kept = buffers
        d = dlogits
        for l in range(len(self.blocks) - 1, -1, -1):
            be.dot((inputs[l - 1] if l else x_aug).T, d, self.grads[l])
            if l == 0:
                break
            nxt = deltas[l - 1]
            be.dot(d, self._weights_t[l], nxt)  # ∂L/∂a_l
            if masks[l - 1] is not None:
                nxt *= masks[l - 1]
                nxt *= 1.0 / self.keep
            if record is not None:
                record[self.names[l - 1]] = be.numpy(nxt)
            a = inputs[l - 1][:, :-1] if masks[l - 1] is None else kept[l - 1]  # f(z) before dropout
            self.activations[l - 1].backward(xp, zs[l - 1], a, nxt)  # → ∂L/∂z_l
            d = nxt

    def layer_outputs(self, x_aug) -> list:
        """Every layer's output for inputs (N, n_in + 1): hidden activations, then logits (eval mode)."""
        buffers = self.buffers(x_aug.shape[0], reuse=False)
        self.forward(x_aug, buffers)
        return [a[:, :-1] for a in buffers[0]] + [buffers[1][-1]]

    def predict(self, x_aug):
        """Logits (N, n_out) in eval mode (no dropout)."""
        return self.layer_outputs(x_aug)[-1]

    def weights(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """[(W (n_l, n_{l+1}), b (n_{l+1},))] per layer, as NumPy copies."""
        return [(self.be.numpy(w[:-1]), self.be.numpy(w[-1])) for w in self.blocks]

    def grad_sq_norms(self) -> np.ndarray:
        """‖∂L/∂θ_l‖² per layer, (L,) NumPy."""
        return self.be.sq_norms(self.grad, self.offsets)
