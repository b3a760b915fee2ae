"""The decision-boundary heatmap over the input plane, with the train (●) and test (◆) points."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from dl_engine.viz.mlp_style import CLASS_COLOURS, DIVERGING, layout


def _class_scale(k: int) -> list:
    """A stepped colourscale giving class c the colour CLASS_COLOURS[c] on z ∈ [0, k−1]."""
    scale = []
    for c in range(k):
        scale += [[c / k, CLASS_COLOURS[c % len(CLASS_COLOURS)]], [(c + 1) / k, CLASS_COLOURS[c % len(CLASS_COLOURS)]]]
    return scale


def boundary_figure(boundary: np.ndarray, extent: float, points: dict, class_names: list[str],
                    height: int = 520) -> go.Figure:
    """boundary: (1, G, G) P(class 1) or (K, G, G) class probabilities over [-extent, extent]²
    (row = x2, column = x1); points: X_train (N, 2), y_train (N,), X_test, y_test."""
    grid = boundary.shape[-1]
    ticks = np.linspace(-extent, extent, grid)
    fig = go.Figure()
    if boundary.shape[0] == 1:
        fig.add_trace(go.Heatmap(x=ticks, y=ticks, z=boundary[0], zmin=0, zmax=1, colorscale=DIVERGING,
                                 opacity=0.75, colorbar=dict(title=f"P({class_names[-1]})", thickness=12, len=0.7),
                                 hovertemplate="x1=%{x:.2f}<br>x2=%{y:.2f}<br>P=%{z:.2f}<extra></extra>"))
    else:
        k = boundary.shape[0]
        fig.add_trace(go.Heatmap(x=ticks, y=ticks, z=boundary.argmax(0), zmin=-0.5, zmax=k - 0.5,
                                 colorscale=_class_scale(k), opacity=0.45, showscale=False,
                                 customdata=boundary.max(0),
                                 hovertemplate="x1=%{x:.2f}<br>x2=%{y:.2f}<br>class %{z}, "
                                               "P=%{customdata:.2f}<extra></extra>"))
    for part, symbol in (("train", "circle"), ("test", "diamond")):
        X, y = points[f"X_{part}"], points[f"y_{part}"]
        colours = [CLASS_COLOURS[c % len(CLASS_COLOURS)] for c in y]
        fig.add_trace(go.Scatter(
            x=X[:, 0], y=X[:, 1], mode="markers", name=f"{part} points",
            marker=dict(color=colours, symbol=symbol, size=6, line=dict(color="white" if part == "train" else "black",
                                                                         width=1)),
            customdata=[class_names[c] for c in y],
            hovertemplate=f"{part}: class %{{customdata}}<extra></extra>"))
    fig.update_xaxes(title="x1", range=[-extent, extent], constrain="domain")
    fig.update_yaxes(title="x2", range=[-extent, extent], scaleanchor="x", constrain="domain")
    return layout(fig, "Decision boundary (● train, ◆ test)", height,
                  legend=dict(orientation="h", yanchor="top", y=-0.14))
