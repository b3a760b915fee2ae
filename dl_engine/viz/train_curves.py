"""Training curves of the MLP and CNN pages: loss and accuracy (train vs test), per-layer gradient norms."""
from __future__ import annotations

import numpy as np

from dl_engine.viz.mlp_style import BLUE, ORANGE
from dl_engine.viz.spec import Axis, Chart, Line, Note

LAYER_COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#17becf"]


def _pair(history: dict[str, np.ndarray], metric: str, title: str, y_title: str, height: int,
          y_range=None) -> Chart:
    epoch = history.get("epoch", np.zeros(0))
    marks = [Line(x=epoch, y=history[f"{part}_{metric}"], name=part, colour=colour, width=3)
             for part, colour in (("train", BLUE), ("test", ORANGE)) if f"{part}_{metric}" in history]
    return Chart(title=title, height=height, marks=marks, x=Axis.index("epoch", epoch), y=Axis(title=y_title, range=y_range))


def loss_figure(history: dict[str, np.ndarray], height: int = 300) -> Chart:
    """Train and test loss against epochs; history: {"epoch", "train_loss", "test_loss"} → (T,)."""
    return _pair(history, "loss", "Loss", "loss", height)


def accuracy_figure(history: dict[str, np.ndarray], height: int = 300) -> Chart:
    """Train and test accuracy against epochs (0–1)."""
    return _pair(history, "acc", "Accuracy", "accuracy", height, y_range=[0, 1.02])


def grad_norm_figure(history: dict[str, np.ndarray], layers: list[str] | None = None, height: int = 300) -> Chart:
    """‖∂L/∂θ‖ per layer against epochs (log scale); history has "grad_norm/<layer>" → (T,).
    layers: the order and names to draw (default: every layer in the history)."""
    epoch = history.get("epoch", np.zeros(0))
    if layers is None:
        layers = [key.split("/", 1)[1] for key in history if key.startswith("grad_norm/")]
    marks = []
    for i, name in enumerate(layers):
        values = history.get(f"grad_norm/{name}")
        if values is None:
            continue
        keep = np.isfinite(values) & (values > 0)
        marks.append(Line(x=epoch[keep], y=values[keep], name=name, colour=LAYER_COLOURS[i % len(LAYER_COLOURS)]))
    empty = not any(len(m.x) for m in marks)
    return Chart(title="Gradient norm per layer", height=height, marks=marks, x=Axis.index("epoch", epoch),
                 y=Axis(title="gradient norm ‖∂L/∂θ‖", log=True),
                 notes=[Note(text="No gradient yet: press Step or Train", on_paper=True)] if empty else [])
