"""The optimiser race's 2-D loss surfaces, as pure torch functions with their formulas.

Each surface maps points (..., 2) (x = p[..., 0], y = p[..., 1]) to heights (...), so one
function serves a (2,) parameter being trained (autograd gives its gradient) and a (H, W, 2)
grid being drawn. `box` is the region drawn, `start` where the racers start, `minimum` a
minimiser (exact, or, for the plateau, the bowl's centre, where the gradient is below 1e-6).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import torch


def _xy(p: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    return p[..., 0], p[..., 1]


def valley(p: torch.Tensor) -> torch.Tensor:
    x, y = _xy(p)
    return 0.05 * x ** 2 + 5.0 * y ** 2


def rosenbrock(p: torch.Tensor) -> torch.Tensor:
    x, y = _xy(p)
    return (1.0 - x) ** 2 + 100.0 * (y - x ** 2) ** 2


def beale(p: torch.Tensor) -> torch.Tensor:
    x, y = _xy(p)
    return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y ** 2) ** 2 + (2.625 - x + x * y ** 3) ** 2


def saddle(p: torch.Tensor) -> torch.Tensor:
    x, y = _xy(p)
    return x ** 2 + 0.25 * y ** 4 - 0.5 * y ** 2


def ill_conditioned(p: torch.Tensor) -> torch.Tensor:
    x, y = _xy(p)
    return 0.5 * (0.01 * x ** 2 + 100.0 * y ** 2)


def plateau(p: torch.Tensor) -> torch.Tensor:
    x, y = _xy(p)
    return 1.0 - torch.tanh(6.0 * (x - 1.0)) + 0.02 * (x - 2.5) ** 2 + 0.5 * y ** 2


@dataclass(frozen=True)
class Surface:
    """f: (..., 2) → (...); box: ((x_lo, x_hi), (y_lo, y_hi)); latex: f's formula as written in f."""
    title: str
    f: Callable[[torch.Tensor], torch.Tensor]
    latex: str
    box: tuple[tuple[float, float], tuple[float, float]]
    start: tuple[float, float]
    minimum: tuple[float, float]
    lesson: str

    def value(self, x: float, y: float) -> float:
        return float(self.f(torch.tensor([x, y], dtype=torch.float64)))

    @property
    def min_value(self) -> float:
        """f at `minimum`: the floor the loss charts measure from (f − f*)."""
        return self.value(*self.minimum)


SURFACES = {
    "valley": Surface(
        "Narrow valley", valley, r"f(x, y) = 0.05\,x^2 + 5\,y^2",
        ((-5.0, 5.0), (-1.5, 1.5)), (-4.5, 1.0), (0.0, 0.0),
        "Steep walls (curvature 10 across) and a gentle floor (0.1 along): plain gradient descent "
        "zig-zags across and crawls along; momentum adds up the steps along the floor."),
    "rosenbrock": Surface(
        "Rosenbrock", rosenbrock, r"f(x, y) = (1 - x)^2 + 100\,(y - x^2)^2",
        ((-2.0, 2.0), (-1.0, 3.0)), (-1.5, 2.0), (1.0, 1.0),
        "A curved, flat-bottomed banana valley; the minimum is f(1, 1) = 0."),
    "beale": Surface(
        "Beale", beale,
        r"f(x, y) = (1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2",
        ((-4.5, 4.5), (-4.5, 4.5)), (1.0, 1.5), (3.0, 0.5),
        "Flat regions and sharp ridges, gradients that differ by orders of magnitude; minimum f(3, 0.5) = 0."),
    "saddle": Surface(
        "Saddle", saddle, r"f(x, y) = x^2 + \tfrac14 y^4 - \tfrac12 y^2",
        ((-2.0, 2.0), (-1.8, 1.8)), (-1.5, 0.0), (0.0, 1.0),
        "A saddle point at (0, 0) between two minima at (0, ±1) (f = −¼). On the ridge y = 0 the "
        "gradient has no y part: nothing pushes a racer off it but a nudge or noise."),
    "ill_conditioned": Surface(
        "Ill-conditioned quadratic", ill_conditioned, r"f(x, y) = \tfrac12\,(0.01\,x^2 + 100\,y^2)",
        ((-5.0, 5.0), (-1.5, 1.5)), (-4.5, 1.0), (0.0, 0.0),
        "Curvatures 0.01 and 100 (condition number 10⁴): one learning rate cannot suit both "
        "directions, a per-coordinate scale (Adagrad, RMSprop, Adam) can."),
    "plateau": Surface(
        "Plateau with a cliff", plateau,
        r"f(x, y) = 1 - \tanh(6(x - 1)) + 0.02\,(x - 2.5)^2 + \tfrac12 y^2",
        ((-4.0, 4.0), (-2.0, 2.0)), (-3.5, 1.0), (2.5, 0.0),
        "A nearly flat plateau (slope ≈ 0.2) that ends in a cliff (slope 6) at x = 1: a step of "
        "lr × gradient crawls on the plateau and leaps at the cliff; Adam's step is about lr on both."),
}


def height_grid(surface: Surface, n: int = 120) -> tuple[torch.Tensor, tuple, tuple]:
    """The surface on an n × n grid over its box → (heights (n, n), row = y rising, column = x;
    x edges, y edges of the box the cells fill)."""
    (x0, x1), (y0, y1) = surface.box
    xs = torch.linspace(x0, x1, n, dtype=torch.float64)
    ys = torch.linspace(y0, y1, n, dtype=torch.float64)
    grid = torch.stack(torch.meshgrid(xs, ys, indexing="xy"), -1)   # (n, n, 2): [row j, column i] = (x_i, y_j)
    hx, hy = (x1 - x0) / (2 * (n - 1)), (y1 - y0) / (2 * (n - 1))   # values sit at cell centres
    return surface.f(grid), (x0 - hx, x1 + hx), (y0 - hy, y1 + hy)
