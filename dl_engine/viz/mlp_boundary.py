"""The decision-boundary heatmap over the input plane, with the train (●) and test (◆) points."""
from __future__ import annotations

import numpy as np

from dl_engine.viz.figure_dicts import axis, figure
from dl_engine.viz.mlp_style import CLASS_COLOURS, DIVERGING


def _class_scale(k: int) -> list:
    """A stepped colourscale giving class c the colour CLASS_COLOURS[c] on z ∈ [0, k−1]."""
    scale = []
    for c in range(k):
        scale += [[c / k, CLASS_COLOURS[c % len(CLASS_COLOURS)]], [(c + 1) / k, CLASS_COLOURS[c % len(CLASS_COLOURS)]]]
    return scale


def _regions(boundary: np.ndarray, ticks: np.ndarray, class_names: list[str]) -> dict:
    """The heatmap under the points: P(last class) for two classes, else the likeliest class."""
    if boundary.shape[0] == 1:
        return {"type": "heatmap", "x": ticks, "y": ticks, "z": boundary[0], "zmin": 0, "zmax": 1,
                "colorscale": DIVERGING, "opacity": 0.75,
                "colorbar": {"title": {"text": f"P({class_names[-1]})"}, "thickness": 12, "len": 0.7},
                "hovertemplate": "x1=%{x:.2f}<br>x2=%{y:.2f}<br>P=%{z:.2f}<extra></extra>"}
    k = boundary.shape[0]
    return {"type": "heatmap", "x": ticks, "y": ticks, "z": boundary.argmax(0), "zmin": -0.5, "zmax": k - 0.5,
            "colorscale": _class_scale(k), "opacity": 0.45, "showscale": False, "customdata": boundary.max(0),
            "hovertemplate": "x1=%{x:.2f}<br>x2=%{y:.2f}<br>class %{z}, P=%{customdata:.2f}<extra></extra>"}


def boundary_figure(boundary: np.ndarray, extent: float, points: dict, class_names: list[str],
                    height: int = 520) -> dict:
    """boundary: (1, G, G) P(class 1) or (K, G, G) class probabilities over [-extent, extent]²
    (row = x2, column = x1); points: X_train (N, 2), y_train (N,), X_test, y_test."""
    ticks = np.linspace(-extent, extent, boundary.shape[-1])
    data = [_regions(boundary, ticks, class_names)]
    for part, symbol in (("train", "circle"), ("test", "diamond")):
        X, y = points[f"X_{part}"], points[f"y_{part}"]
        # one trace per class with one colour: plotly.js styles per-point colours point by point,
        # which cost the browser more than the rest of the chart at every update
        for k, c in enumerate(np.unique(y)):
            data.append({
                "type": "scatter", "x": X[y == c, 0], "y": X[y == c, 1], "mode": "markers",
                "name": f"{part} points", "legendgroup": part, "showlegend": k == 0,
                "marker": {"color": CLASS_COLOURS[c % len(CLASS_COLOURS)], "symbol": symbol, "size": 6,
                           "line": {"color": "white" if part == "train" else "black", "width": 1}},
                "hovertemplate": f"{part}: class {class_names[c]}<extra></extra>"})
    return figure(data, "Decision boundary (● train, ◆ test)", height,
                  xaxis=axis("x1", range=[-extent, extent], constrain="domain"),
                  yaxis=axis("x2", range=[-extent, extent], scaleanchor="x", constrain="domain"),
                  legend=dict(orientation="h", yanchor="top", y=-0.14))
