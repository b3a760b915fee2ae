"""The network diagram: every neuron drawn as a heatmap of its own output over the input plane,
edges coloured by the weight's sign and sized by its magnitude (as in TensorFlow Playground).
The thumbnails are one picture under the edges (viz.raster), swapped whole at each update."""
from __future__ import annotations

import numpy as np
from dl_engine.viz.mlp_style import BLUE, DIVERGING, ORANGE
from dl_engine.viz.raster import colour_bar_mark, colour_grid, tiled_layer
from dl_engine.viz.spec import Axis, Chart, Image, Line, Markers, Note

WIDTH_BINS = 4  # edges are drawn as 2 × WIDTH_BINS traces (sign × thickness), however many there are
MAX_EDGES = 1500  # beyond this only the strongest edges are drawn (keeps a refresh light)


def _node_origins(counts: list[int], t: int) -> list[list[tuple[int, int]]]:
    """Lower-left pixel of every node's thumbnail, columns left to right, nodes top to bottom."""
    gap_x, gap_y = 2 * t, max(2, t // 3)
    tallest = max(counts)
    origins = []
    for c, n in enumerate(counts):
        shift = int(round((tallest - n) / 2 * (t + gap_y)))
        origins.append([(c * (t + gap_x), shift + (n - 1 - i) * (t + gap_y)) for i in range(n)])
    return origins


def _thumbnails(thumbs: list[np.ndarray], origins: list[list[tuple[int, int]]], t: int, top: int) -> Image:
    """Every node's (T, T) thumbnail placed at its origin in one picture (gaps clear), over the
    diagram's [0, width] × [0, top] units: one picture to swap per update."""
    tiles = colour_grid(np.concatenate(thumbs), DIVERGING, -1, 1)  # (nodes, T, T); thumbnail rows = x2 rising
    places = [place for column in origins for place in column]
    return tiled_layer(tiles, places, (origins[-1][0][0] + t, top), (0, origins[-1][0][0] + t), (0, top))


def _edges(weights, origins, t: int) -> list[Line]:
    """Edge traces binned by sign and |w| (None-separated segments keep the trace count small)."""
    magnitudes = np.concatenate([np.abs(w).ravel() for w, _ in weights]) if weights else np.zeros(0)
    magnitudes = magnitudes[np.isfinite(magnitudes)]
    scale = float(magnitudes.max()) if magnitudes.size and magnitudes.max() > 0 else 1.0
    floor = np.sort(magnitudes)[-MAX_EDGES] if magnitudes.size > MAX_EDGES else -1.0
    segments = {}
    for l, (w, _) in enumerate(weights):
        for i, (x0, y0) in enumerate(origins[l]):
            for j, (x1, y1) in enumerate(origins[l + 1]):
                value = float(w[i, j])
                if not np.isfinite(value) or abs(value) < floor:
                    continue
                key = (value >= 0, min(WIDTH_BINS - 1, int(abs(value) / scale * WIDTH_BINS)))
                xs, ys = segments.setdefault(key, ([], []))
                xs += [x0 + t, x1, np.nan]  # NaN breaks the line: one trace, many segments
                ys += [y0 + t / 2, y1 + t / 2, np.nan]
    return [Line(x=np.array(xs, np.float32), y=np.array(ys, np.float32), colour=BLUE if positive else ORANGE,
                 width=0.6 + 2.4 * b, opacity=0.75, hoverable=False, legend=False)
            for (positive, b), (xs, ys) in sorted(segments.items())]


def network_figure(thumbs: list[np.ndarray], weights: list[tuple[np.ndarray, np.ndarray]],
                   column_titles: list[str], node_labels: list[list[str]], height: int | None = None) -> Chart:
    """thumbs[c]: (n_c, T, T) outputs in [-1, 1] of column c's nodes (inputs, hidden layers, output);
    weights[l]: (W (n_l, n_{l+1}), b (n_{l+1},)); node_labels[c][i] is shown on hover."""
    t = thumbs[0].shape[-1]
    counts = [len(c) for c in thumbs]
    origins = _node_origins(counts, t)
    marks = _edges(weights, origins, t)
    centres = [(x + t / 2, y + t / 2, label) for col, labels in zip(origins, node_labels)
               for (x, y), label in zip(col, labels)]
    # the thumbnails' colours as numbers: one bar for every neuron's output in −1…1
    marks.append(colour_bar_mark(DIVERGING, -1, 1, "neuron output", centres[0][:2]))
    # invisible markers over the nodes: hovering one shows its label
    marks.append(Line(x=[c[0] for c in centres], y=[c[1] for c in centres], lines=False,
                      markers=Markers(size=max(6, t), opacity=0), hover_text=[c[2] for c in centres], legend=False))
    top = max(y for col in origins for _, y in col) + t
    picture = _thumbnails(thumbs, origins, t, top)
    titles = [Note(text=title.replace(" (", "<br>(", 1), x=col[0][0] + t / 2, y=top + t * 0.3, y_anchor="bottom",
                   size=14) for col, title in zip(origins, column_titles)]
    height = height or int(np.clip(140 + max(counts) * 46, 340, 900))
    return Chart(title="Network (blue +, orange −)", height=height, marks=marks, background="white", notes=titles,
                 images=[picture], x=Axis(visible=False, range=[-t * 0.6, origins[-1][0][0] + t * 1.6]),
                 y=Axis(visible=False, range=[-t * 0.3, top + t * 2.0], equal=True))
