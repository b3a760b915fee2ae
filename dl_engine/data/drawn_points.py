"""Points a user paints on a canvas: the canvas is a grid of cells over the plane; each cell a
selection covers gets a few points scattered uniformly inside it, so a lasso or box stroke lays
down a patch of points shaped like the stroke."""
from __future__ import annotations

import numpy as np

from dl_engine.data.csv_points import MIN_POINTS

CELLS = 31          # cells per side of the canvas
REACH = 5.0         # the canvas spans [-REACH, REACH]² (inside the plane the GAN draws)
PER_CELL = 3        # points laid in each selected cell per stroke
MAX_DRAWN = 5000    # the same limit as an uploaded file's


def cell_centres(cells: int = CELLS, reach: float = REACH) -> np.ndarray:
    """(cells², 2) the centres of the canvas' cells, row-major (x₂ rising by row, x₁ along it)."""
    width = 2 * reach / cells
    ticks = -reach + width * (np.arange(cells) + 0.5)
    x1, x2 = np.meshgrid(ticks, ticks)
    return np.stack([x1.ravel(), x2.ravel()], 1)


def paint(centres: np.ndarray, rng: np.random.Generator, per_cell: int = PER_CELL,
          width: float = 2 * REACH / CELLS) -> np.ndarray:
    """(M, 2) selected cell centres → (M·per_cell, 2) float32 points, uniform in each cell."""
    centres = np.asarray(centres, dtype=np.float64).reshape(-1, 2)
    offsets = rng.uniform(-width / 2, width / 2, size=(len(centres), per_cell, 2))
    return (centres[:, None, :] + offsets).reshape(-1, 2).astype(np.float32)


def add_stroke(drawn: np.ndarray, centres: np.ndarray, stroke: int) -> np.ndarray:
    """The drawn points (N, 2) with one more stroke's points (from a generator seeded by the stroke's
    number, so the same strokes give the same points), capped at MAX_DRAWN."""
    more = paint(centres, np.random.default_rng(stroke))
    return np.concatenate([np.asarray(drawn, np.float32).reshape(-1, 2), more])[:MAX_DRAWN]


def enough(drawn: np.ndarray) -> bool:
    """Whether the drawing holds a distribution the GAN can learn (as many points as a file must)."""
    return len(drawn) >= MIN_POINTS
