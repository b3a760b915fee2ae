"""The perceptron's data: AND / OR / XOR truth tables, seeded separable clusters, and the user's
own points (typed into a table or uploaded as CSV), stored flat as (x1, x2, y, x1, x2, y, …).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from dl_engine.data.csv_points import DataError, parse_labelled_points

DATASETS = ("and", "or", "xor", "clusters", "custom")
DATASET_LABELS = {"and": "AND truth table", "or": "OR truth table", "xor": "XOR truth table",
                  "clusters": "Two separable clusters", "custom": "My points (table or CSV)"}
MAX_POINTS = 300    # one step per point: more would make an epoch too long to watch
MAX_ABS = 1e6
TRUTH_INPUTS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
TRUTH_OUTPUTS = {"and": [0, 0, 0, 1], "or": [0, 1, 1, 1], "xor": [0, 1, 1, 0]}
# Separable by x1 + x2 = 4; holds the notes' worked inputs (1, 2) → class 0 and (2, 3), and the
# notes' initial weights w = (0.5, −0.6), b = 0.2 get three of the eight wrong, so there is work to do.
EXAMPLE_POINTS = (1.0, 2.0, 0.0, 2.0, 3.0, 1.0, 0.5, 1.0, 0.0, 3.0, 2.0, 1.0,
                  1.0, 3.5, 1.0, 2.0, 1.0, 0.0, 3.5, 1.5, 1.0, 0.5, 2.5, 0.0)


def truth_table(name: str) -> tuple[np.ndarray, np.ndarray]:
    """X: (4, 2) inputs in {0, 1}; y: (4,) the gate's outputs, rows in the order 00, 01, 10, 11."""
    return TRUTH_INPUTS.copy(), np.array(TRUTH_OUTPUTS[name], dtype=np.int64)


def separable_clusters(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """n points in two Gaussian clusters with a gap between them (so always linearly separable).

    The separating direction and an offset from the origin are drawn from `seed`, so the bias
    matters. Returns X: (n, 2), y: (n,) with n // 2 points of class 1 first.
    """
    rng = np.random.default_rng(seed)
    angle = rng.uniform(0, 2 * np.pi)
    u = np.array([np.cos(angle), np.sin(angle)])
    centre = rng.uniform(-1.0, 1.0, size=2)
    counts = {1: n // 2, 0: n - n // 2}
    X, y = [], []
    for label, count in counts.items():
        side = 1.0 if label == 1 else -1.0
        kept = np.empty((0, 2))
        while len(kept) < count:  # keep points past a margin of 0.3 on their own side
            cand = rng.normal(side * 1.5 * u, 0.7, size=(2 * count, 2))
            kept = np.vstack([kept, cand[side * (cand @ u) > 0.3]])
        X.append(kept[:count] + centre)
        y.append(np.full(count, label))
    return np.vstack(X), np.concatenate(y).astype(np.int64)


def points_array(points: tuple[float, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Flat (x1, x2, y, …) → X: (N, 2), y: (N,). Raises DataError unless N ≥ 1 point of each class."""
    if len(points) % 3:
        raise DataError("The points list must hold triples x1, x2, y.")
    try:
        table = np.array(points, dtype=np.float64).reshape(-1, 3)
    except (TypeError, ValueError):
        raise DataError("The points list must hold numbers: triples x1, x2, y.") from None
    if not np.isfinite(table).all() or np.abs(table).max(initial=0) > MAX_ABS:
        raise DataError(f"Every x1, x2 and label must be a finite number between −{MAX_ABS:,.0f} and {MAX_ABS:,.0f}.")
    X, y = table[:, :2], table[:, 2]
    if not np.isin(y, (0, 1)).all():
        raise DataError("Labels must be 0 or 1: the perceptron separates two classes.")
    if len(table) > MAX_POINTS:
        raise DataError(f"At most {MAX_POINTS} points: the perceptron steps through them one at a time.")
    if not (np.isin(0, y) and np.isin(1, y)):
        raise DataError("Add at least one point of each class (label 0 and label 1).")
    return X, y.astype(np.int64)


def make_points(config, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The dataset a PerceptronConfig names: X: (N, 2) float64, y: (N,) int64 in {0, 1}."""
    if config.dataset in TRUTH_OUTPUTS:
        return truth_table(config.dataset)
    if config.dataset == "clusters":
        return separable_clusters(config.n_points, seed)
    return points_array(config.points)


def points_problem(config) -> str | None:
    """Why the config's points cannot be trained on (a message to show), or None."""
    try:
        make_points(config, seed=0)
    except DataError as err:
        return str(err)
    return None


def plot_box(X: np.ndarray) -> np.ndarray:
    """(x0, x1, y0, y1): a square around the points with a 25% margin (at least 0.5 a side), so
    an equal-aspect plot shows w at a true right angle to the line and fills its space."""
    lo, hi = X.min(axis=0), X.max(axis=0)
    half = max(0.5 * float((hi - lo).max()) * 1.5, 1.0)
    cx, cy = (lo + hi) / 2
    return np.array([cx - half, cx + half, cy - half, cy + half])


def flatten(X: np.ndarray, y: np.ndarray) -> tuple[float, ...]:
    """X: (N, 2), y: (N,) → flat (x1, x2, y, …), rounded to 6 significant digits for short URLs."""
    return tuple(float(f"{v:.6g}") for row in zip(X[:, 0], X[:, 1], y) for v in row)


def points_from_csv(data: bytes) -> tuple[tuple[float, ...], list[str]]:
    """Uploaded CSV bytes → (flat points, the two class names). Raises DataError with advice."""
    pts = parse_labelled_points(data, max_rows=MAX_POINTS)
    if pts.n_classes != 2:
        raise DataError(f"The perceptron separates two classes; this file has {pts.n_classes} "
                        f"({', '.join(pts.class_names)}). Keep two of them, or use the MLP page, "
                        "which handles several classes.")
    return flatten(pts.X.astype(np.float64), pts.y), pts.class_names


def points_table(points: tuple[float, ...]) -> pd.DataFrame:
    """Flat points → an editable table with columns x1, x2, y."""
    table = np.array(points, dtype=np.float64).reshape(-1, 3)
    return pd.DataFrame({"x1": table[:, 0], "x2": table[:, 1], "y": table[:, 2].astype(np.int64)})


def table_points(table: pd.DataFrame) -> tuple[tuple[float, ...], int]:
    """An edited table → (flat points, number of incomplete rows skipped). Cells that are not
    numbers count as missing; labels stay as typed, for points_array to check."""
    numbers = table[["x1", "x2", "y"]].apply(pd.to_numeric, errors="coerce").astype(np.float64).to_numpy()
    complete = numbers[np.isfinite(numbers).all(axis=1)]
    return flatten(complete[:, :2], complete[:, 2]), len(table) - len(complete)
