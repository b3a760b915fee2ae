"""Train-a-CNN figures: curves, learned kernels, feature maps, gradient norms, confusion, probabilities,
saliency. Snapshot arrays in, plain figure dicts out (redrawn at every live update).
"""
from __future__ import annotations

import numpy as np

from dl_engine.viz.conv import DIVERGING
from dl_engine.viz.figure_dicts import (MARGIN, axis, column, figure, grid, heatmap, image_axes, index_ticks,
                                        panel_colorbar, rect)

BEST = "#ff7f0e"  # the predicted class
MAX_FILTERS, MAX_IN = 16, 4       # tiles per layer: more would be too small to see on a projector
FROZEN = "#2ca02c"
TOP_MARGIN = MARGIN | {"t": 80}   # room for the figure title above the subplot titles


def mosaic(tiles: np.ndarray, ncols: int) -> np.ndarray:
    """(N, h, w) tiles → one (R·(h+1)−1, C·(w+1)−1) array, tiles separated by NaN gaps, row-major."""
    n, h, w = tiles.shape
    nrows = -(-n // ncols)
    out = np.full((nrows * (h + 1) - 1, ncols * (w + 1) - 1), np.nan)
    for i in range(n):
        r, c = divmod(i, ncols)
        out[r * (h + 1):r * (h + 1) + h, c * (w + 1):c * (w + 1) + w] = tiles[i]
    return out


def _image(z: np.ndarray, scale: str, name: str, lim: tuple[float, float] | None = None, **kw) -> dict:
    """A (H, W) grid as an image heatmap without numbers; colours span lim, else z's finite range.
    kw: further trace keys (a colorbar for a value map; showscale=False for a plain picture)."""
    finite = z[np.isfinite(z)]
    lo, hi = lim or ((float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0))
    return heatmap(z, scale, lo, hi, name=name,
                   hovertemplate=f"row %{{y}}, col %{{x}}<br>{name} %{{z:.4g}}<extra></extra>", **kw)


def _mosaic_figure(grids: list[np.ndarray], titles: list[str], traces: list[dict], title: str,
                   height: int | None, v_spacing: float, shapes: list[dict] | None = None,
                   bar_title: str = "value") -> dict:
    """Mosaics stacked in one column, each as high as its aspect (capped), without tick labels,
    each with its colour bar (titled bar_title). traces[i] is drawn on row i (its xaxis/yaxis are set here)."""
    weights = [min(0.4, g.shape[0] / g.shape[1]) for g in grids]   # ≈ height/width of each mosaic
    axes, notes, ids = column(weights, v_spacing, titles=titles)
    for trace, (x, y) in zip(traces, ids):
        # each mosaic's colour bar right of the plot, beside its row, its title turned
        bar = panel_colorbar([0, 1], axes["yaxis" + y[1:]]["domain"], thickness=12)
        bar["title"] = {"text": bar_title, "side": "right"}
        trace |= {"xaxis": x, "yaxis": y, "colorbar": bar}
        ax, ay = image_axes(x, showticklabels=False, ticks="")
        axes["xaxis" + x[1:]] |= ax
        axes["yaxis" + y[1:]] |= ay
    return figure(traces, title, height or int(100 + sum(1000 * w + 70 for w in weights)),
                  margin=TOP_MARGIN, annotations=notes, shapes=shapes or [], **axes)


def _kernel_tiles(w: np.ndarray) -> tuple[np.ndarray, int]:
    """(out, in, k, k) → tiles and columns: one column per filter, one row per input channel
    (a single-channel layer wraps its filters 8 to a row)."""
    w = w[:MAX_FILTERS, :MAX_IN]
    out, cin = w.shape[:2]
    if cin == 1:
        return w[:, 0], min(out, 8)
    return w.transpose(1, 0, 2, 3).reshape(cin * out, *w.shape[2:]), out


def _frozen_boxes(w: np.ndarray, frozen: list[int], ncols: int, rows: int, x: str, y: str) -> list[dict]:
    """Outlines of the frozen filters' tiles (a one-channel layer) or columns of tiles (deeper
    layers) in a kernel mosaic of `rows` rows; w: (out, in, k, k)."""
    k, single = w.shape[-1], w.shape[1] == 1
    boxes = []
    for f in frozen:
        if f >= MAX_FILTERS:
            continue
        r, c = divmod(f, ncols) if single else (0, f)
        bottom = r * (k + 1) + k if single else rows
        box = rect(c * (k + 1) - 0.5, c * (k + 1) + k - 0.5, r * (k + 1) - 0.5, bottom - 0.5,
                   "rgba(0,0,0,0)", FROZEN, 3)
        boxes.append(box | {"xref": x, "yref": y})
    return boxes


def kernel_grid_figure(kernels: dict[str, np.ndarray], frozen: dict[str, list[int]] | None = None,
                       height: int | None = None) -> dict:
    """The learned kernels of every conv layer, each a grid of small images (red > 0 > blue).
    A one-channel layer shows its filters 8 to a row; deeper layers one column per filter and
    one row per input channel (the first 4). Meant for the full page width.

    kernels[layer]: (out, in, k, k). Frozen filters (frozen[layer]: indices) are outlined in green.
    """
    tiles = {n: _kernel_tiles(w) for n, w in kernels.items()}
    grids = [mosaic(t, c) for t, c in tiles.values()]
    titles = [f"{n}: {w.shape[0]} filters × {w.shape[1]} input channel(s), {w.shape[2]}×{w.shape[3]}"
              for n, w in kernels.items()]
    traces, shapes = [], []
    for i, (name, g) in enumerate(zip(kernels, grids), start=1):
        lim = float(np.nanmax(np.abs(g))) or 1.0
        traces.append(_image(g, DIVERGING, "weight", (-lim, lim)))
        x, y = ("x", "y") if i == 1 else (f"x{i}", f"y{i}")
        shapes += _frozen_boxes(kernels[name], (frozen or {}).get(name, []), tiles[name][1], g.shape[0], x, y)
    return _mosaic_figure(grids, titles, traces, "Learned kernels" + (" (green: frozen)" if frozen else ""),
                          height, 0.1, shapes, "weight")


def feature_map_figure(maps: dict[str, np.ndarray], height: int | None = None) -> dict:
    """Every block's feature maps (C_l, h, w) for one image, up to 16 channels each, 8 to a row."""
    grids = [mosaic(m[:MAX_FILTERS], min(8, m.shape[0])) for m in maps.values()]
    titles = [f"{n}: {m.shape[0]} maps of {m.shape[1]}×{m.shape[2]}" for n, m in maps.items()]
    traces = [_image(g, "Viridis", name) for name, g in zip(maps, grids)]
    return _mosaic_figure(grids, titles, traces, "Feature maps of the chosen image (bright = strong activation)",
                          height, 0.12, bar_title="activation")


def confusion_figure(confusion: np.ndarray, class_names, height: int = 460) -> dict:
    """Test-set confusion matrix (K, K): rows true class, columns predicted class."""
    names = [str(n) for n in class_names]
    cells = {"texttemplate": "%{z}", "textfont": {"size": 15}, "xgap": 1, "ygap": 1} if len(names) <= 12 else {}
    trace = heatmap(confusion, "Blues", 0, max(1, int(confusion.max())), x=names, y=names,
                    colorbar={"title": {"text": "images", "side": "right"}, **index_ticks(max(1, int(confusion.max())))},
                    hovertemplate="true %{y}, predicted %{x}: %{z} images<extra></extra>", **cells)
    acc = np.trace(confusion) / max(1, confusion.sum())
    return figure([trace], f"Confusion matrix (test set, accuracy {acc:.1%})", height,
                  xaxis=axis("predicted class", type="category"),
                  yaxis=axis("true class", type="category", autorange="reversed"))


def probs_figure(probs: np.ndarray, class_names, true: int | None = None, height: int = 340) -> dict:
    """Softmax probabilities (K,) as bars; the predicted class dark, the true one (if known) named."""
    names = [str(n) for n in class_names]
    best = int(np.argmax(probs))
    bar = {"type": "bar", "x": names, "y": probs, "text": [f"{p:.0%}" for p in probs], "textposition": "outside",
           "marker": {"color": [BEST if k == best else "#9ecae1" for k in range(len(names))]},
           "hovertemplate": "%{x}: %{y:.3f}<extra></extra>"}
    title = f"Softmax output: predicted {names[best]} ({probs[best]:.0%})"
    if true is not None:
        title += f", true {names[true]}"
    return figure([bar], title, height, xaxis=axis("class", type="category"),
                  yaxis=axis("probability", range=[0, 1.15]))


def saliency_figure(image: np.ndarray, saliency: np.ndarray, height: int = 360) -> dict:
    """The image (C, H, W) beside its saliency (H, W): which pixels most change the class score."""
    axes, notes, ids = grid(1, 2, 0.12, 0.0, titles=["image", "saliency |∂score/∂pixel|"])
    grey = image[0] if image.shape[0] == 1 else image.mean(0)
    data = []
    # the image is a plain picture; the saliency encodes a value: its colour bar on the right
    for (x, y), z, scale, name, y_title, shown in ((ids[0], grey, "gray", "pixel", "row", False),
                                                   (ids[1], saliency, "Hot", "saliency", None, True)):
        bar = {"colorbar": {"thickness": 12, "title": {"text": name, "side": "right"}}} if shown else {}
        data.append(_image(np.asarray(z, dtype=float), scale, name, xaxis=x, yaxis=y, showscale=shown, **bar))
        ticks = index_ticks(max(np.shape(z)))   # pixel positions: whole numbers only
        ax, ay = image_axes(x, "column", y_title)
        ax, ay = ax | ticks, ay | ticks
        axes["xaxis" + x[1:]] |= ax
        axes["yaxis" + y[1:]] |= ay
    return figure(data, "Saliency map of the predicted class", height, margin=TOP_MARGIN, annotations=notes, **axes)
