"""The MLP's parameters and its torch path: one flat parameter vector, a forward built from the
activation table's torch modules, and autograd for the gradient.

On the CPU the compiled kernel (mlp_kernel) trains the same memory in place through `flat()`, a
NumPy view; on CUDA / MPS the torch path trains it (mlp_torch). Either way the page's evaluation
and pictures come from `forward` here.
"""
from __future__ import annotations

import numpy as np
import torch

from dl_engine.models.mlp_activations import ACTIVATIONS
from dl_engine.models.mlp_init import init_weights


class MLP:
    """Fully connected network sizes[0] → … → sizes[-1]; hidden layers use `activations`, output is linear.

    Layer l owns the block W̃_l = [W_l; b_l] of shape (n_l + 1, n_{l+1}) in the flat vector `theta`
    (P,) (bias as the last row), the kernel's layout; `theta` is a torch leaf on `device`.
    """

    def __init__(self, sizes: tuple[int, ...], activations: tuple[str, ...], init: str = "xavier",
                 rng: np.random.Generator | None = None, dropout: float = 0.0, device: torch.device | str = "cpu",
                 dtype: torch.dtype = torch.float32):
        if len(activations) != len(sizes) - 2:
            raise ValueError(f"{len(sizes) - 2} hidden layers need as many activations, got {len(activations)}.")
        unknown = [a for a in activations if a not in ACTIVATIONS]
        if unknown:
            raise ValueError(f"Unknown activation(s) {unknown}; choose from {sorted(ACTIVATIONS)}.")
        self.sizes, self.activation_names = tuple(sizes), tuple(activations)
        self.activations = [ACTIVATIONS[a].module() for a in activations]
        self.keep = 1.0 - dropout
        self.names = [f"hidden {i + 1}" for i in range(len(sizes) - 2)] + ["output"]
        self.shapes = [(a + 1, b) for a, b in zip(sizes[:-1], sizes[1:])]
        self.offsets = np.cumsum([0] + [a * b for a, b in self.shapes[:-1]]).astype(np.int64)
        rng = rng if rng is not None else np.random.default_rng(0)
        flat, mask = np.zeros(sum(a * b for a, b in self.shapes)), np.zeros(sum(a * b for a, b in self.shapes))
        for (a, b), start in zip(self.shapes, self.offsets):
            flat[start:start + (a - 1) * b] = init_weights(init, a - 1, b, rng).ravel()
            mask[start:start + (a - 1) * b] = 1.0  # biases (the last row) start at 0, unpenalised
        self.theta = torch.tensor(flat, dtype=dtype, device=device).requires_grad_()
        self.weight_mask = mask.astype(str(dtype).removeprefix("torch."))  # the kernel's (P,) NumPy mask

    @property
    def n_params(self) -> int:
        return int(self.theta.shape[0])

    def flat(self) -> np.ndarray:
        """(P,) NumPy view of `theta` (CPU only): what the kernel updates in place."""
        return self.theta.detach().numpy()

    def blocks(self, theta: torch.Tensor | None = None) -> list[torch.Tensor]:
        """Views [W̃_l (n_l + 1, n_{l+1})] into `theta` (default: the model's own)."""
        theta = self.theta if theta is None else theta
        parts = torch.split(theta, [a * b for a, b in self.shapes])
        return [p.view(a, b) for p, (a, b) in zip(parts, self.shapes)]

    def forward(self, x: torch.Tensor, masks: list | None = None, record: list | None = None) -> torch.Tensor:
        """x: (B, n_in) → logits (B, n_out). masks: a (B, n_l) keep mask per hidden layer (inverted
        dropout: kept units scaled by 1/keep), or None. record gets (f(z), output after dropout) per
        hidden layer."""
        blocks = self.blocks()
        a = x
        for l, act in enumerate(self.activations):
            f = act(torch.addmm(blocks[l][-1], a, blocks[l][:-1]))
            a = f if masks is None else f * masks[l] / self.keep
            if record is not None:
                record.append((f, a))
        return torch.addmm(blocks[-1][-1], a, blocks[-1][:-1])

    def layer_outputs(self, x: torch.Tensor) -> list[np.ndarray]:
        """Every layer's output for inputs (N, n_in) in eval mode: hidden activations, then logits."""
        record = []
        with torch.no_grad():
            logits = self.forward(x, record=record)
        return [f.cpu().numpy() for f, _ in record] + [logits.cpu().numpy()]

    def weights(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """[(W (n_l, n_{l+1}), b (n_{l+1},))] per layer, as NumPy copies."""
        return [(w[:-1].detach().cpu().numpy().copy(), w[-1].detach().cpu().numpy().copy()) for w in self.blocks()]

    def sq_norms(self, flat: torch.Tensor) -> np.ndarray:
        """Σ flat² over each layer's block of a (P,) vector laid out as theta → NumPy (L,)."""
        parts = torch.split(flat.detach(), [a * b for a, b in self.shapes])
        return torch.stack([torch.dot(p, p) for p in parts]).double().cpu().numpy()

