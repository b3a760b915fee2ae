"""The notes' perceptron, exactly and without autograd: z = w·x + b, step activation, and the
learning rule Δw = η(y − ŷ)x, b ← b + η(y − ŷ), applied only on mistakes, one sample per step.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

from dl_engine.config import ConfigError, bounded, choice, items
from dl_engine.data import perceptron_data as data
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


def _np(t: torch.Tensor) -> np.ndarray:
    """A CPU copy: snapshots must not change when the weights are updated in place later."""
    return t.detach().cpu().numpy().copy()


def weighted_sum(w: torch.Tensor, b: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    """z = w·x + b. w: (2,), b: (), x: (2,) or (N, 2) → z: () or (N,)."""
    return x @ w + b


def step(z: torch.Tensor) -> torch.Tensor:
    """The Heaviside step: 1 where z ≥ 0, else 0 (same shape and dtype as z)."""
    return (z >= 0).to(z.dtype)


@dataclass(frozen=True)
class Update:
    """One application of the learning rule to one sample (all plain floats)."""
    z: float
    y_hat: int
    error: int          # y − ŷ ∈ {−1, 0, 1}
    dw: np.ndarray      # (2,) Δw = η(y − ŷ)x
    db: float           # Δb = η(y − ŷ)


def learn(w: torch.Tensor, b: torch.Tensor, x: torch.Tensor, y: float, lr: float) -> Update:
    """Apply the learning rule to sample (x, y) in place: w, b change only when ŷ ≠ y.

    w: (2,), b: () tensors updated in place; x: (2,); y ∈ {0, 1}.
    """
    z = weighted_sum(w, b, x)
    y_hat = step(z)
    error = y - y_hat
    dw, db = lr * error * x, lr * error
    if error != 0:  # the rule is silent on correct samples: nothing moves
        w += dw
        b += db
    return Update(z=float(z), y_hat=int(y_hat), error=int(error), dw=_np(dw), db=float(db))


def decision_geometry(w: np.ndarray, b: float, box: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Clip the line w·x + b = 0 and the half-plane z ≥ 0 (ŷ = 1) to the box (x0, x1, y0, y1).

    Returns line (2, 2) endpoints, or (0, 2) when the line misses the box (or w = 0), and the
    ŷ = 1 region as a polygon (K, 2), K = 0 when the whole box is class 0.
    """
    x0, x1, y0, y1 = box
    corners = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], dtype=float)
    z = corners @ w + b
    region, line = [], []
    for i in range(4):  # Sutherland–Hodgman against one half-plane
        j = (i + 1) % 4
        if z[i] >= 0:
            region.append(corners[i])
        if (z[i] >= 0) != (z[j] >= 0):
            t = z[i] / (z[i] - z[j])
            cross = corners[i] + t * (corners[j] - corners[i])
            region.append(cross)
            line.append(cross)
    return np.array(line, dtype=float).reshape(-1, 2)[:2], np.array(region, dtype=float).reshape(-1, 2)


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
        w_before, b_before = _np(self.w), float(self.b)
        update = learn(self.w, self.b, self.X[i], float(self.y[i]), self.config.lr)
        self.mistakes += update.error != 0
        self.last = {"index": i, "x": _np(self.X[i]), "y": int(self.y[i]), "z": update.z,
                     "y_hat": update.y_hat, "error": update.error, "dw": update.dw, "db": update.db,
                     "w_before": w_before, "b_before": b_before,
                     "w_after": _np(self.w), "b_after": float(self.b)}
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
        w = _np(self.w)
        return {"train_loss": errors / n, "train_acc": 1 - errors / n, "errors": float(errors),
                "w1": float(w[0]), "w2": float(w[1]), "b": float(self.b)}

    def visuals(self, probe=None) -> dict[str, Any]:
        """Points, weights, the clipped decision line and ŷ = 1 region, the last sample's update
        with its equations (LaTeX, numbers substituted), and mistakes per completed epoch."""
        w, b = _np(self.w), float(self.b)
        line, region = decision_geometry(w, b, self.box)
        return {
            "X": _np(self.X), "y": _np(self.y).astype(np.int64),
            "y_hat": _np(self.predictions()).astype(np.int64),
            "w": w, "b": b, "lr": self.config.lr, "box": self.box, "line": line, "region": region,
            "last": self.last, "equations": step_equations(self.last, self.config.lr),
            "epoch_errors": np.array(self.epoch_errors, dtype=np.int64),
            "position": self.position, "mistakes": self.mistakes,
            "converged": self.converged,
        }


# ---- the equations the page shows, next to the code above that computes them -------------
EQ_SUM = r"z = \sum_{i=1}^{n} w_i x_i + b = \mathbf{w}^T\mathbf{x} + b"
EQ_STEP = r"\hat{y} = \operatorname{step}(z) = \begin{cases} 1 & \text{if } z \ge 0 \\ 0 & \text{if } z < 0 \end{cases}"
EQ_RULE = (r"\Delta w_i = \eta\,(y - \hat{y})\,x_i, \qquad w_i \leftarrow w_i + \Delta w_i, "
           r"\qquad b \leftarrow b + \eta\,(y - \hat{y})")
def fmt(v: float) -> str:
    """A number as the equations print it: 3 significant digits; float dust (|v| < 1e-9) and -0 as 0."""
    text = f"{float(v):.3g}" if abs(float(v)) >= 1e-9 else "0"
    return "0" if text in ("-0", "0") else text


def _factor(v: float) -> str:
    """A number inside a product: negatives in parentheses, as the notes write (−0.6)·2."""
    text = fmt(v)
    return f"({text})" if text.startswith("-") else text


def _vec(v: np.ndarray) -> str:
    return f"({fmt(v[0])},\\ {fmt(v[1])})"


def step_equations(last: dict[str, Any] | None, lr: float) -> str:
    """One LaTeX `aligned` block for the last step, numbers substituted; "" before the first step.

    last: the Perceptron's record of one step (x, y, z, y_hat, error, dw, db, w/b before/after).
    Rows stay short enough for half a projector screen.
    """
    if last is None:
        return ""
    x, w, b, e = last["x"], last["w_before"], last["b_before"], last["error"]
    sign = r"\ge" if last["z"] >= 0 else "<"
    rule = r"\eta\,(y - \hat{y})"
    rows = [
        r"z &= w_1 x_1 + w_2 x_2 + b",
        rf"&= {_factor(w[0])} \cdot {_factor(x[0])} + {_factor(w[1])} \cdot {_factor(x[1])} + {_factor(b)}",
        rf"&= {fmt(last['z'])}",
        rf"\hat{{y}} &= \operatorname{{step}}({fmt(last['z'])}) = {last['y_hat']} \quad (z {sign} 0)",
        rf"y - \hat{{y}} &= {last['y']} - {last['y_hat']} = {e}",
        rf"\Delta\mathbf{{w}} &= {rule}\,\mathbf{{x}} = {fmt(lr)} \cdot {_factor(e)} \cdot {_vec(x)}",
        rf"&= {_vec(last['dw'])}",
        rf"\Delta b &= {rule} = {fmt(lr)} \cdot {_factor(e)} = {fmt(last['db'])}",
    ]
    if e != 0:
        rows += [rf"\mathbf{{w}} &\leftarrow {_vec(w)} + {_vec(last['dw'])}", rf"&= {_vec(last['w_after'])}",
                 rf"b &\leftarrow {fmt(b)} + {_factor(last['db'])} = {fmt(last['b_after'])}"]
    else:
        rows.append(r"\hat{y} = y &\;\Rightarrow\; \text{correct: no update}")
    return r"\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}"
