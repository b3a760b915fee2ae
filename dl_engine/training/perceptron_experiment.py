"""The perceptron as a TrainingRun's experiment: one step = one sample, one epoch = one pass over
the N points (the rule itself is dl_engine.models.perceptron)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

from dl_engine.config import ConfigError, bounded, choice, items
from dl_engine.data import perceptron_data as data
from dl_engine.models.perceptron import cpu_copy, decision_geometry, learn, step, step_equations, weighted_sum
from dl_engine.training.experiment import Experiment, StepResult


@dataclass(frozen=True)
class PerceptronConfig:
    """Data, learning rate η and the initial weights (the notes' example: w = (0.5, −0.6), b = 0.2)."""
    dataset: str = choice("and", data.DATASETS)
    lr: float = bounded(0.1, 0.001, 10.0)
    w1: float = bounded(0.5, -10.0, 10.0)
    w2: float = bounded(-0.6, -10.0, 10.0)
    b: float = bounded(0.2, -10.0, 10.0)
    shuffle: bool = choice(False, (False, True))
    n_points: int = bounded(40, 4, data.MAX_POINTS)
    points: tuple[float, ...] = items((), lo=-data.MAX_ABS, hi=data.MAX_ABS, max_len=3 * data.MAX_POINTS)

    def check(self) -> None:
        """Cross-field rules (`validate` calls this): the flat points list is whole triples
        (x1, x2, y) with labels 0 or 1, so the points table can be drawn from it."""
        if len(self.points) % 3:
            raise ConfigError(f"points must hold triples x1, x2, y ({len(self.points)} numbers is not a "
                              "multiple of 3).", ("points",))
        if any(y not in (0, 1) for y in self.points[2::3]):
            raise ConfigError("points: every third number is a label, and labels must be 0 or 1 "
                              "(the perceptron separates two classes).", ("points",))


class Perceptron(Experiment):
    """A TrainingRun's perceptron: one step = one sample; one epoch = one pass over the N points."""

    def __init__(self, config: PerceptronConfig, seed: int = 0, device: torch.device | str = "cpu"):
        self.config = config
        self.device = torch.device(device)
        dtype = torch.float32 if self.device.type == "mps" else torch.float64  # MPS has no float64
        X, y = data.make_points(config, seed)
        self.X = torch.as_tensor(X, dtype=dtype, device=self.device)  # (N, 2)
        self.y = torch.as_tensor(y, dtype=dtype, device=self.device)  # (N,)
        self.w = torch.tensor([config.w1, config.w2], dtype=dtype, device=self.device)
        self.b = torch.tensor(config.b, dtype=dtype, device=self.device)
        self.box = data.plot_box(X)
        self.steps_per_epoch = len(y)
        self._rng = np.random.default_rng(seed)
        self._order = self._new_order()
        self.position = 0                       # samples done in the current epoch
        self.mistakes = 0                       # mistakes so far in the current epoch
        self.epoch_errors: list[int] = []       # mistakes in each completed epoch
        self.steps_done = 0
        self.last: dict[str, Any] | None = None
        # (step, epoch) at which the line first separated all points; from then on no mistakes
        self.converged: tuple[int, int] | None = (0, 0) if self._separates() else None

    def _new_order(self) -> np.ndarray:
        n = self.steps_per_epoch
        return self._rng.permutation(n) if self.config.shuffle else np.arange(n)

    def train_step(self, probe: bool) -> StepResult:
        i = int(self._order[self.position])
        w_before, b_before = cpu_copy(self.w), float(self.b)
        update = learn(self.w, self.b, self.X[i], float(self.y[i]), self.config.lr)
        self.mistakes += update.error != 0
        self.last = {"index": i, "x": cpu_copy(self.X[i]), "y": int(self.y[i]), "z": update.z,
                     "y_hat": update.y_hat, "error": update.error, "dw": update.dw, "db": update.db,
                     "w_before": w_before, "b_before": b_before,
                     "w_after": cpu_copy(self.w), "b_after": float(self.b)}
        self.position += 1
        self.steps_done += 1
        if update.error != 0 and self.converged is None and self._separates():
            self.converged = (self.steps_done, len(self.epoch_errors) + 1)
        if self.position == self.steps_per_epoch:
            self._end_epoch()
        loss = abs(update.error) if np.isfinite(update.z) else float("nan")
        return StepResult(loss=float(loss), grad_norms={})

    def _end_epoch(self) -> None:
        self.epoch_errors.append(self.mistakes)
        self.position, self.mistakes = 0, 0
        self._order = self._new_order()

    def state_tensors(self) -> dict[str, torch.Tensor]:
        """w (2,) and b (), copies in the experiment's dtype (float64; float32 on MPS)."""
        return {"w": self.w.detach().cpu().clone(), "b": self.b.detach().cpu().clone()}

    def load_state_tensors(self, tensors: dict[str, torch.Tensor]) -> None:
        self.w.copy_(tensors["w"])
        self.b.copy_(tensors["b"])
        # as at the start: a line that already separates every point counts as converged from here
        self.converged = (self.steps_done, len(self.epoch_errors)) if self._separates() else None

    def predictions(self) -> torch.Tensor:
        """ŷ for every point with the current weights: (N,)."""
        return step(weighted_sum(self.w, self.b, self.X))

    def _separates(self) -> bool:
        return bool((self.predictions() == self.y).all())

    def evaluate(self) -> dict[str, float]:
        """Error rate (the 0–1 loss) and accuracy on all points, plus the current w and b."""
        errors = int((self.predictions() != self.y).sum())
        n = self.steps_per_epoch
        w = cpu_copy(self.w)
        return {"train_loss": errors / n, "train_acc": 1 - errors / n, "errors": float(errors),
                "w1": float(w[0]), "w2": float(w[1]), "b": float(self.b)}

    def visuals(self, probe=None) -> dict[str, Any]:
        """Points, weights, the clipped decision line and ŷ = 1 region, the last sample's update
        with its equations (LaTeX, numbers substituted), and mistakes per completed epoch."""
        w, b = cpu_copy(self.w), float(self.b)
        line, region = decision_geometry(w, b, self.box)
        return {
            "X": cpu_copy(self.X), "y": cpu_copy(self.y).astype(np.int64),
            "y_hat": cpu_copy(self.predictions()).astype(np.int64),
            "w": w, "b": b, "lr": self.config.lr, "box": self.box, "line": line, "region": region,
            "last": self.last, "equations": step_equations(self.last, self.config.lr),
            "epoch_errors": np.array(self.epoch_errors, dtype=np.int64),
            "position": self.position, "mistakes": self.mistakes,
            "converged": self.converged,
        }


# ---- the equations the page shows, next to the code above that computes them -------------
