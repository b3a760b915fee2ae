"""The decision-boundary heatmap over the input plane, with the train (●) and test (◆) points.

The heatmap is a picture under the points (viz.raster): an update swaps the picture, and the
points, which do not change while training, are not drawn again."""
from __future__ import annotations

import numpy as np

from dl_engine.viz.mlp_style import CLASS_COLOURS, DIVERGING
from dl_engine.viz.raster import category_grid, colour_bar_mark, colour_grid, image_layer
from dl_engine.viz.spec import Axis, Chart, Image, Legend, Line, Markers


def _regions(boundary: np.ndarray, extent: float, class_names: list[str]) -> tuple[Image, list[Line]]:
    """The picture under the points (P(last class) for two classes, else the likeliest class'
    colour), and the marks that go with it (a colour bar for two classes)."""
    half_cell = extent / (boundary.shape[-1] - 1)  # grid values sit at cell centres, edge to edge
    box = (-extent - half_cell, extent + half_cell)
    if boundary.shape[0] == 1:
        image = image_layer(colour_grid(boundary[0], DIVERGING, 0, 1, opacity=0.75), box, box)
        return image, [colour_bar_mark(DIVERGING, 0, 1, f"P({class_names[-1]})", (extent, extent))]
    image = image_layer(category_grid(boundary.argmax(0), CLASS_COLOURS, opacity=0.45), box, box)
    return image, []


def boundary_figure(boundary: np.ndarray, extent: float, points: dict, class_names: list[str],
                    height: int = 520, title: str = "Decision boundary (● train, ◆ test)",
                    point_size: float = 6) -> Chart:
    """boundary: (1, G, G) P(class 1) or (K, G, G) class probabilities over [-extent, extent]²
    (row = x2, column = x1); points: X_train (N, 2), y_train (N,), X_test, y_test."""
    image, marks = _regions(boundary, extent, class_names)
    for part, symbol in (("train", "circle"), ("test", "diamond")):
        X, y = points[f"X_{part}"], points[f"y_{part}"]
        # one mark per class in one colour: a colour per point costs the browser a style per point
        for k, c in enumerate(np.unique(y)):
            marker = Markers(colour=CLASS_COLOURS[c % len(CLASS_COLOURS)], symbol=symbol, size=point_size,
                             outline="white" if part == "train" else "black", outline_width=1)
            marks.append(Line(x=X[y == c, 0], y=X[y == c, 1], lines=False, markers=marker, name=f"{part} points",
                              legend=k == 0, hover=f"{part}: class {class_names[c]}"))
    return Chart(title=title, height=height, marks=marks, images=[image],
                 x=Axis(title="x1", range=[-extent, extent]),
                 y=Axis(title="x2", range=[-extent, extent], equal=True, shrink=True), legend=Legend(below=True))
