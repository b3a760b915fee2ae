"""The notes' perceptron, exactly and without autograd: z = w·x + b, step activation, and the
learning rule Δw = η(y − ŷ)x, b ← b + η(y − ŷ), applied only on mistakes, one sample per step;
the equations the page shows, filled in with one step's numbers."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import torch


def cpu_copy(t: torch.Tensor) -> np.ndarray:
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
    return Update(z=float(z), y_hat=int(y_hat), error=int(error), dw=cpu_copy(dw), db=float(db))


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
