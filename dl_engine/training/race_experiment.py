"""The optimiser race: seven torch.optim optimisers, each on its own (2,) parameter, descend the
same 2-D surface from the same start, one step each per race step.

Every racer has its own parameter and its own optimiser (nothing is shared), so each path is
exactly what a standalone loop `opt.zero_grad(); f(p).backward(); opt.step()` gives with the same
hyperparameters. A racer whose loss or gradient is no longer finite, or that leaves the surface
(|θ| > MAX_COORD), stops where it is and is reported as diverged; the others race on.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch

from dl_engine.config import ConfigError, bounded, choice, items
from dl_engine.models import race_optimisers as ro
from dl_engine.models.loss_surfaces import SURFACES, height_grid
from dl_engine.training.experiment import Experiment, StepResult

MAX_COORD = 1e6   # past this a racer has left any box worth drawing: diverged


@dataclass(frozen=True)
class RaceConfig:
    surface: str = choice("valley", tuple(SURFACES))
    racers: tuple[str, ...] = items(ro.NAMES, options=ro.NAMES)
    steps: int = bounded(300, 20, 1500)          # the race's length (one "epoch")
    lr_sgd: float = bounded(0.09, 1e-5, 1e4)
    lr_momentum: float = bounded(0.09, 1e-5, 1e4)
    lr_nesterov: float = bounded(0.09, 1e-5, 1e4)
    lr_adagrad: float = bounded(0.5, 1e-5, 1e4)
    lr_rmsprop: float = bounded(0.05, 1e-5, 1e4)
    lr_adam: float = bounded(0.1, 1e-5, 1e4)
    lr_adamw: float = bounded(0.1, 1e-5, 1e4)
    momentum: float = bounded(0.9, 0.0, 0.999)   # μ of momentum and Nesterov
    alpha: float = bounded(0.99, 0.0, 0.9999)    # RMSprop's smoothing constant
    beta1: float = bounded(0.9, 0.0, 0.9999)
    beta2: float = bounded(0.999, 0.0, 0.99999)
    weight_decay: float = bounded(0.01, 0.0, 1.0)  # AdamW's λ
    nudge: float = bounded(0.0, -1.0, 1.0)       # added to the surface's start y (off the saddle's ridge)
    noise: float = bounded(0.0, 0.0, 10.0)       # std of Gaussian noise added to every gradient

    def __post_init__(self):
        # a multiselect hands back a list: a tuple keeps the config hashable and equal to a preset's
        object.__setattr__(self, "racers", tuple(self.racers))

    def check(self) -> None:
        if not self.racers:
            raise ConfigError("Pick at least one optimiser to race.", ("racers",))
        if len(set(self.racers)) != len(self.racers):
            raise ConfigError("Each optimiser can race once.", ("racers",))

    @property
    def start(self) -> tuple[float, float]:
        x, y = SURFACES[self.surface].start
        return x, y + self.nudge


class Racer:
    """One optimiser on its own parameter θ (2,) float64; path (T+1, 2) and f(θ_t) (T+1,) so far."""

    def __init__(self, name: str, config: RaceConfig, seed: int):
        self.name = name
        self.theta = torch.tensor(config.start, dtype=torch.float64, requires_grad=True)
        self.optimizer = ro.build(name, [self.theta], config)
        # the same seed for every racer: all of them feel the same noise draws
        self.noise = torch.Generator().manual_seed(seed)
        self.path: list[tuple[float, float]] = [config.start]
        self.losses: list[float] = []
        self.diverged_at: int | None = None


class RaceExperiment(Experiment):
    """The race on config.surface. Runs on the CPU whatever the device: a step is seven 2-number
    updates, which a GPU's launch overhead would only slow down (and MPS has no float64)."""
    evaluate_every = 0.0

    def __init__(self, config: RaceConfig, seed: int = 0, device: torch.device | str = "cpu"):
        self.config, self.seed = config, seed
        self.surface = SURFACES[config.surface]
        self.steps_per_epoch = config.steps
        self.racers = {name: Racer(name, config, seed) for name in config.racers}
        self.steps = 0
        heights, self.x_edges, self.y_edges = height_grid(self.surface)
        self.heights = heights.numpy()

    def _loss_and_grad(self, racer: Racer) -> torch.Tensor:
        """f(θ) with θ.grad = ∇f(θ) (+ noise): what the optimiser's step reads."""
        racer.optimizer.zero_grad(set_to_none=True)
        loss = self.surface.f(racer.theta)
        loss.backward()
        if self.config.noise:
            racer.theta.grad.add_(torch.randn(2, generator=racer.noise, dtype=torch.float64), alpha=self.config.noise)
        return loss

    def train_step(self, probe: bool) -> StepResult:
        losses, norms = [], {}
        for racer in self.racers.values():
            if racer.diverged_at is not None:
                continue
            loss = float(self._loss_and_grad(racer).detach())
            grad = racer.theta.grad
            racer.losses.append(loss)
            if not (math.isfinite(loss) and bool(torch.isfinite(grad).all())
                    and float(racer.theta.detach().abs().max()) <= MAX_COORD):
                racer.diverged_at = self.steps
                continue
            racer.optimizer.step()
            racer.path.append(tuple(racer.theta.detach().tolist()))
            losses.append(loss)
            norms[racer.name] = float(grad.norm())
        self.steps += 1
        # the run stops on a non-finite loss: only when every racer has diverged
        return StepResult(loss=float(np.mean(losses)) if losses else math.nan, grad_norms=norms)

    def evaluate(self) -> dict[str, float]:
        """f(θ) − f* of every racer at its current point (its last finite value once diverged)."""
        floor = self.surface.min_value
        out = {}
        for name, racer in self.racers.items():
            out[f"gap_{name}"] = self._value(racer) - floor
        return out

    def _value(self, racer: Racer) -> float:
        with torch.no_grad():
            return float(self.surface.f(racer.theta))

    def _grad_at(self, racer: Racer) -> np.ndarray:
        """∇f at the racer's current point (without noise), leaving θ.grad as the step left it."""
        theta = racer.theta.detach().clone().requires_grad_(True)
        self.surface.f(theta).backward()
        return theta.grad.numpy()

    def visuals(self, probe=None) -> dict:
        """paths[name]: (T+1, 2) θ_0…θ_T; gaps[name]: (T+1,) f(θ_t) − f*; arrows[name]: (2,) the
        direction the racer moves along (−b for momentum and Nesterov, −m for Adam and AdamW,
        from optimizer.state; −g for those that keep no direction); state[name]: state_of(...);
        grads[name]: (2,) ∇f(θ_T); equations[name]: LaTeX with these numbers; diverged[name]:
        the step it diverged at or None; heights: (120, 120) f over the box, row = y rising."""
        floor = self.surface.min_value
        out = {"paths": {}, "gaps": {}, "arrows": {}, "state": {}, "grads": {}, "equations": {}, "diverged": {},
               "heights": self.heights, "x_edges": self.x_edges, "y_edges": self.y_edges,
               "surface": self.config.surface, "floor": floor, "step": self.steps}
        for name, racer in self.racers.items():
            path = np.array(racer.path, np.float64)
            theta = racer.theta.detach().numpy().copy()
            gaps = [v - floor for v in racer.losses]
            if racer.diverged_at is None:
                gaps.append(self._value(racer) - floor)   # the current point's height, not yet stepped from
            grad = self._grad_at(racer) if racer.diverged_at is None else np.full(2, np.nan)
            state = ro.state_of(racer.optimizer, racer.theta, name)
            direction = state.get(ro.ARROW_KEY.get(name), grad)
            out["paths"][name] = path
            out["gaps"][name] = np.array(gaps, np.float64)
            out["arrows"][name] = -np.asarray(direction, np.float64)
            out["state"][name] = state
            out["grads"][name] = grad
            out["equations"][name] = (ro.filled_latex(name, self.config, grad, state, theta)
                                       if racer.diverged_at is None else ro.diverged_latex(name, racer.diverged_at, theta))
            out["diverged"][name] = racer.diverged_at
        return out

    def state_tensors(self) -> dict[str, torch.Tensor]:
        return {f"{name}.theta": r.theta.detach().clone() for name, r in self.racers.items()}

    def load_state_tensors(self, tensors: dict[str, torch.Tensor]) -> None:
        with torch.no_grad():
            for name, racer in self.racers.items():
                racer.theta.copy_(tensors[f"{name}.theta"])
