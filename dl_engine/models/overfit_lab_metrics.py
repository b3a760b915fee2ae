"""Classification metrics the notes list (003: accuracy, precision, recall, F1): a confusion
matrix, and per class precision, recall and F1; for two classes at a decision threshold on P(1)."""
from __future__ import annotations

import numpy as np

PRECISION_LATEX = r"\text{precision}=\frac{TP}{TP+FP}"
RECALL_LATEX = r"\text{recall}=\frac{TP}{TP+FN}"
F1_LATEX = r"F_1=\frac{2\,\text{precision}\cdot\text{recall}}{\text{precision}+\text{recall}}"


def confusion(y_true: np.ndarray, y_pred: np.ndarray, classes: int) -> np.ndarray:
    """(K, K) counts: row = true class, column = predicted class."""
    counts = np.zeros((classes, classes), dtype=np.int64)
    np.add.at(counts, (np.asarray(y_true, int), np.asarray(y_pred, int)), 1)
    return counts


def thresholded(p_one: np.ndarray, threshold: float) -> np.ndarray:
    """Predicted class (N,) of two: 1 where P(class 1) ≥ threshold."""
    return (np.asarray(p_one) >= threshold).astype(np.int64)


def scores(counts: np.ndarray) -> dict[str, np.ndarray | float]:
    """From a (K, K) confusion matrix: precision, recall, F1 per class (K,) (0 where undefined, as
    scikit-learn's zero_division=0), their unweighted means ("macro_*") and accuracy."""
    counts = np.asarray(counts, float)
    hits = np.diag(counts)
    predicted, actual = counts.sum(0), counts.sum(1)
    precision = np.divide(hits, predicted, out=np.zeros_like(hits), where=predicted > 0)
    recall = np.divide(hits, actual, out=np.zeros_like(hits), where=actual > 0)
    both = precision + recall
    f1 = np.divide(2 * precision * recall, both, out=np.zeros_like(hits), where=both > 0)
    total = counts.sum()
    return {"precision": precision, "recall": recall, "f1": f1, "macro_precision": float(precision.mean()),
            "macro_recall": float(recall.mean()), "macro_f1": float(f1.mean()),
            "accuracy": float(hits.sum() / total) if total else 0.0}


def held_out_report(probs: np.ndarray, y: np.ndarray, threshold: float = 0.5) -> dict:
    """probs (N, K) class probabilities, y (N,) → {"confusion": (K, K), **scores}: for two classes
    class 1 is predicted where P(1) ≥ threshold, for more the likeliest class (threshold unused)."""
    classes = probs.shape[1]
    predicted = thresholded(probs[:, 1], threshold) if classes == 2 else probs.argmax(1)
    counts = confusion(y, predicted, classes)
    return {"confusion": counts, **scores(counts)}
