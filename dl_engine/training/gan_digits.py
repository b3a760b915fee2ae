"""What is specific to the GAN game on 8×8 digits: the real images as 64 pixels in [0, 1], G's
sigmoid output onto that range, and the pictures of a fixed noise batch.

No 2-D histogram here: 1,797 images cannot fill the cells of a 64-D space, so the page reads
what still holds (the bound log 2 − L_D/2 and D's mean outputs, from the game's evaluate).
"""
from __future__ import annotations

import numpy as np
import torch
from torch import nn

from dl_engine.data.images import digits

SIDE = 8
# z's dimension: enough for ten digit classes and their slants and widths, few enough that a
# minute of CPU training covers the prior; a constant, so every link's fixed batch has one shape
Z_DIM = 16


class Digits:
    """Images x ∈ [0, 1]⁶⁴ from z ∈ R^Z_DIM."""
    z_dim, x_dim = Z_DIM, SIDE * SIDE
    shown = 25       # the fixed noise batch drawn as a 5 × 5 mosaic (and as many real digits)
    def __init__(self, config):
        self.config = config

    def head(self) -> list[nn.Module]:
        """G's layers after its linear output: a sigmoid, so its pixels share the data's [0, 1] and
        D cannot tell a fake by a pixel out of range."""
        return [nn.Sigmoid()]

    def real_pool(self, seed: int) -> np.ndarray:
        """(1797, 64) float32 the digits, row-major pixels in [0, 1] (seed unused: the set is fixed)."""
        return digits().X.reshape(-1, SIDE * SIDE)

    def metrics(self, real: torch.Tensor, fake: torch.Tensor) -> dict[str, float]:
        return {}

    def visuals(self, G: nn.Module, D: nn.Module, z_shown: torch.Tensor, real_shown: torch.Tensor) -> dict:
        """samples (shown, 8, 8) G of the fixed z batch; real (shown, 8, 8) fixed real digits."""
        with torch.no_grad():
            samples = G(z_shown)
        return {"samples": samples.reshape(-1, SIDE, SIDE).numpy(),
                "real": real_shown.reshape(-1, SIDE, SIDE).numpy().copy()}
