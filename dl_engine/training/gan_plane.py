"""What is specific to the GAN game on the plane: the real points, G's input grid, D(x) over the
plane, G's gradient arrows, the JS estimate from 2-D histograms and, on the ring, its modes.

The game itself (the players' updates, who steps) is gan_experiment's; this side only reads G and D.
"""
from __future__ import annotations

import numpy as np
import torch
from torch import nn

from dl_engine.data import point_store
from dl_engine.data.gan_targets import TARGETS, ring_modes_covered
from dl_engine.data.toy2d import DOMAIN, fit_to_plane
from dl_engine.models import gan

POOL = 4000          # real points drawn from a built-in distribution (an upload is its own pool)
HEAT = 64            # D(x) on a HEAT × HEAT grid of the plane
GRID_LINES = 11      # the input grid: lines per direction …
GRID_POINTS = 41     # … and points per line
JS_CELLS = 24        # histogram cells per side for the JS estimate


class Plane:
    """Points x ∈ R² from z ∈ R²."""
    z_dim = x_dim = 2
    shown = 300      # real and generated points drawn on the plane (fixed: the same z every snapshot)
    def __init__(self, config):
        self.config = config
        self.z_grid = self._input_grid()

    def head(self) -> list[nn.Module]:
        """G's layers after its linear output: none (the plane has no bounds to squash to)."""
        return []

    def real_pool(self, seed: int) -> np.ndarray:
        """(N, 2) float32 the real points: POOL draws of the named distribution, or the upload
        fitted to the plane (toy2d.fit_to_plane)."""
        if self.config.data == "csv":
            return fit_to_plane(point_store.recall(self.config.upload).X)
        return TARGETS[self.config.data](POOL, np.random.default_rng(seed))

    def _input_grid(self) -> torch.Tensor:
        """(2·GRID_LINES, GRID_POINTS, 2): lines of constant z₂, then of constant z₁, across the
        prior's box ([−1, 1]², or [−2, 2]² for the Gaussian)."""
        half = 2.0 if self.config.noise == "gaussian" else 1.0
        at, along = torch.linspace(-half, half, GRID_LINES), torch.linspace(-half, half, GRID_POINTS)
        rows = torch.stack([along[None].expand(GRID_LINES, -1), at[:, None].expand(-1, GRID_POINTS)], 2)
        return torch.cat([rows, rows.flip(2)])

    def metrics(self, real: torch.Tensor, fake: torch.Tensor) -> dict[str, float]:
        """js (nats) between JS_CELLS² histograms of real and fake (N, 2); on the ring, modes (of 8)."""
        edges = np.linspace(-DOMAIN, DOMAIN, JS_CELLS + 1)
        fake = fake.numpy()
        out = {"js": gan.js_divergence(gan.histogram(real.numpy(), edges), gan.histogram(fake, edges))}
        if self.config.data == "ring":
            out["modes"] = float(ring_modes_covered(fake))
        return out

    def visuals(self, G: nn.Module, D: nn.Module, z_shown: torch.Tensor, real_shown: torch.Tensor) -> dict:
        """heat (HEAT, HEAT) D(x) over the plane, row = y rising, edges (HEAT + 1,); real and fake
        (shown, 2); arrows (shown, 2) −∂ℓ_G/∂x at each fake x = G(z) (ℓ_G the per-sample loss);
        grid (2·GRID_LINES, GRID_POINTS, 2) the input grid through G."""
        edges = np.linspace(-DOMAIN, DOMAIN, HEAT + 1)
        centres = torch.from_numpy(((edges[:-1] + edges[1:]) / 2).astype(np.float32))
        yy, xx = torch.meshgrid(centres, centres, indexing="ij")
        with torch.no_grad():
            heat = torch.sigmoid(D(torch.stack([xx.ravel(), yy.ravel()], 1))).reshape(HEAT, HEAT)
            fake = G(z_shown)
            grid = G(self.z_grid.reshape(-1, 2)).reshape(self.z_grid.shape)
        x = fake.clone().requires_grad_(True)
        # a sum, not a mean: each point's arrow is its own sample's gradient, whatever the batch size;
        # autograd.grad leaves every parameter's .grad alone
        (grad,) = torch.autograd.grad(gan.generator_loss(self.config.g_loss, D(x)) * len(x), x)
        return {"heat": heat.numpy(), "edges": edges, "real": real_shown.numpy().copy(), "fake": fake.numpy(),
                "arrows": -grad.numpy(), "grid": grid.numpy()}
