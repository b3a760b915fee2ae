"""Training curves of the MLP page: loss and accuracy (train vs test), per-layer gradient norms."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from dl_engine.viz.mlp_style import BLUE, ORANGE, layout

LAYER_COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#17becf"]


def _pair(history: dict[str, np.ndarray], metric: str, title: str, y_title: str, height: int,
          y_range=None) -> go.Figure:
    epoch = history.get("epoch", np.zeros(0))
    fig = go.Figure()
    for part, colour in (("train", BLUE), ("test", ORANGE)):
        values = history.get(f"{part}_{metric}")
        if values is not None:
            fig.add_trace(go.Scatter(x=epoch, y=values, mode="lines", name=part, line=dict(color=colour, width=3)))
    fig.update_xaxes(title="epoch")
    fig.update_yaxes(title=y_title, range=y_range)
    return layout(fig, title, height, legend=dict(orientation="h", yanchor="bottom", y=1.0, x=1, xanchor="right"))


def loss_figure(history: dict[str, np.ndarray], height: int = 300) -> go.Figure:
    """Train and test loss against epochs; history: {"epoch", "train_loss", "test_loss"} → (T,)."""
    return _pair(history, "loss", "Loss", "loss", height)


def accuracy_figure(history: dict[str, np.ndarray], height: int = 300) -> go.Figure:
    """Train and test accuracy against epochs (0–1)."""
    return _pair(history, "acc", "Accuracy", "accuracy", height, y_range=[0, 1.02])


def grad_norm_figure(history: dict[str, np.ndarray], layers: list[str], height: int = 300) -> go.Figure:
    """‖∂L/∂θ‖ per layer against epochs (log scale); history has "grad_norm/<layer>" → (T,)."""
    epoch = history.get("epoch", np.zeros(0))
    fig = go.Figure()
    for i, name in enumerate(layers):
        values = history.get(f"grad_norm/{name}")
        if values is None:
            continue
        keep = np.isfinite(values) & (values > 0)
        fig.add_trace(go.Scatter(x=epoch[keep], y=values[keep], mode="lines", name=name,
                                 line=dict(color=LAYER_COLOURS[i % len(LAYER_COLOURS)], width=2)))
    fig.update_xaxes(title="epoch")
    fig.update_yaxes(title="gradient norm ‖∂L/∂θ‖", type="log")
    return layout(fig, "Gradient norm per layer", height)
