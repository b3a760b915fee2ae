"""The overfitting lab's data: a small training set (with a share of its labels flipped, the noise a
big enough net memorises), a validation set (what early stopping watches) and a test set, drawn
from one 2-D toy set or from the 8×8 digits. Validation and test labels are left as drawn."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dl_engine.data.images import digits
from dl_engine.data.toy2d import DATASETS, make_dataset

VALIDATION, TEST = 200, 500     # points (or images) in the held-out sets
SOURCES = (*DATASETS, "digits")


@dataclass(frozen=True)
class LabSplit:
    """X_*: (N, 2) points or (N, 1, 8, 8) images, float32; y_*: (N,) int64 in 0..K−1; flipped:
    (N_train,) bool, the training labels changed from the drawn ones."""
    X_train: np.ndarray
    y_train: np.ndarray
    flipped: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    classes: int

    @property
    def images(self) -> bool:
        return self.X_train.ndim == 4


def flip_labels(y: np.ndarray, share: float, classes: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Give round(share · N) labels, chosen at random, another class (uniform over the other K − 1)
    → (new labels (N,), which changed (N,) bool)."""
    chosen = rng.choice(len(y), size=int(round(share * len(y))), replace=False)
    y = y.copy()
    y[chosen] = (y[chosen] + rng.integers(1, classes, size=len(chosen))) % classes
    flipped = np.zeros(len(y), bool)
    flipped[chosen] = True
    return y, flipped


def lab_split(source: str, train: int, noise: float, label_noise: float, seed: int) -> LabSplit:
    """`train` training examples of `source` (a toy set with positional `noise`, or "digits"), a
    share `label_noise` of their labels flipped, and the held-out sets, all from `seed`."""
    rng = np.random.default_rng(seed)
    if source == "digits":
        data = digits()
        X, y, classes = data.X, data.y, len(data.class_names)
    else:
        X, y = make_dataset(source, train + VALIDATION + TEST, noise, seed)
        classes = 2
    order = rng.permutation(len(y))   # the sets come ordered by class
    X, y = X[order], y[order]
    X_train, y_clean = X[:train], y[:train]
    y_train, flipped = flip_labels(y_clean, label_noise, classes, rng)
    val_end = train + VALIDATION
    return LabSplit(X_train, y_train, flipped, X[train:val_end], y[train:val_end], X[val_end:val_end + TEST],
                    y[val_end:val_end + TEST], classes)
