"""The decision-boundary heatmap over the input plane, with the train (●) and test (◆) points.

The heatmap is a picture under the points (viz.raster): an update swaps the picture, and the
points, which do not change while training, are not drawn again."""
from __future__ import annotations

import numpy as np

from dl_engine.viz.figure_dicts import axis, figure
from dl_engine.viz.mlp_style import CLASS_COLOURS, DIVERGING
from dl_engine.viz.raster import category_grid, colorbar_trace, colour_grid, image_layer


def _regions(boundary: np.ndarray, extent: float, class_names: list[str]) -> tuple[dict, list[dict]]:
    """The picture under the points (P(last class) for two classes, else the likeliest class'
    colour) as a layout image, and the traces that go with it (a colour bar for two classes)."""
    half_cell = extent / (boundary.shape[-1] - 1)  # grid values sit at cell centres, edge to edge
    box = (-extent - half_cell, extent + half_cell)
    if boundary.shape[0] == 1:
        image = image_layer(colour_grid(boundary[0], DIVERGING, 0, 1, opacity=0.75), box, box)
        return image, [colorbar_trace(DIVERGING, 0, 1, f"P({class_names[-1]})", (extent, extent))]
    image = image_layer(category_grid(boundary.argmax(0), CLASS_COLOURS, opacity=0.45), box, box)
    return image, []


def boundary_figure(boundary: np.ndarray, extent: float, points: dict, class_names: list[str],
                    height: int = 520) -> dict:
    """boundary: (1, G, G) P(class 1) or (K, G, G) class probabilities over [-extent, extent]²
    (row = x2, column = x1); points: X_train (N, 2), y_train (N,), X_test, y_test."""
    image, data = _regions(boundary, extent, class_names)
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
                  legend=dict(orientation="h", yanchor="top", y=-0.14), images=[image])
