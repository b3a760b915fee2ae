"""The array namespace the explicit MLP runs on: NumPy on the CPU, torch tensors elsewhere.

The model code calls `xp.tanh(z, out=a)`, `xp.where(...)`, operators and `Backend.dot`; NumPy and
torch spell these alike, so one implementation serves both (tests run the torch path on the CPU).
"""
from __future__ import annotations

import numpy as np
import torch


class Backend:
    """Arrays of one dtype on one device, plus the few calls NumPy and torch spell differently.

    kind: "numpy" (CPU only; fastest for small nets, no per-op dispatch cost) or "torch".
    """

    def __init__(self, kind: str = "numpy", device: torch.device | str = "cpu", seed: int = 0,
                 dtype: str = "float32"):
        self.device = torch.device(device)
        if kind not in ("numpy", "torch"):
            raise ValueError(f"Unknown backend '{kind}'; choose 'numpy' or 'torch'.")
        if kind == "numpy" and self.device.type != "cpu":
            raise ValueError("The NumPy backend runs on the CPU only; use kind='torch' for other devices.")
        self.kind = kind
        self.is_numpy = kind == "numpy"
        self.xp = np if self.is_numpy else torch
        self.dtype = getattr(self.xp, dtype)
        self.np_dtype = np.dtype(dtype)
        self.rng = np.random.default_rng(seed)
        if not self.is_numpy:
            self.gen = torch.Generator(device=self.device).manual_seed(seed)

    @classmethod
    def for_device(cls, device: torch.device | str, seed: int = 0) -> "Backend":
        """NumPy on the CPU, torch on CUDA / MPS."""
        device = torch.device(device)
        return cls("numpy" if device.type == "cpu" else "torch", device, seed)

    def asarray(self, a) -> np.ndarray | torch.Tensor:
        """A NumPy array (or nested list) → a contiguous array of this backend's dtype and device."""
        a = np.ascontiguousarray(a, dtype=self.np_dtype)
        return a if self.is_numpy else torch.from_numpy(a.copy()).to(self.device)

    def zeros(self, *shape: int):
        if self.is_numpy:
            return np.zeros(shape, self.np_dtype)
        return torch.zeros(shape, dtype=self.dtype, device=self.device)

    def ones(self, *shape: int):
        if self.is_numpy:
            return np.ones(shape, self.np_dtype)
        return torch.ones(shape, dtype=self.dtype, device=self.device)

    def numpy(self, a) -> np.ndarray:
        """A detached NumPy copy on the CPU (snapshots must not share memory with training)."""
        return np.array(a) if self.is_numpy else a.detach().cpu().numpy().copy()

    def dot(self, a, b, out):
        """out = a @ b for 2-D arrays (np.dot with positional out is NumPy's cheapest call)."""
        if self.is_numpy:
            return np.dot(a, b, out)
        return torch.matmul(a, b, out=out)

    def uniform(self, *shape: int):
        """U[0, 1) samples of this dtype (dropout masks), from the backend's seeded generator."""
        if self.is_numpy:
            return self.rng.random(shape, dtype=np.float32 if self.np_dtype == np.float32 else np.float64)
        return torch.rand(shape, generator=self.gen, dtype=self.dtype, device=self.device)

    def take_rows(self, a, order: np.ndarray):
        """a[order] for a NumPy index vector (a new contiguous array)."""
        if self.is_numpy:
            return a[order]
        return a[torch.from_numpy(order).to(self.device)]

    def sq_norms(self, flat, offsets: np.ndarray) -> np.ndarray:
        """Σ flat² over each block starting at `offsets` (one reduction per layer) → NumPy (L,)."""
        if self.is_numpy:
            return np.add.reduceat(flat * flat, offsets).astype(np.float64)
        bounds = list(offsets) + [flat.shape[0]]
        sq = torch.stack([torch.dot(flat[a:b], flat[a:b]) for a, b in zip(bounds[:-1], bounds[1:])])
        return sq.double().cpu().numpy()
