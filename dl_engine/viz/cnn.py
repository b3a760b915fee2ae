"""Train-a-CNN figures: learned kernels, feature maps, confusion, probabilities, saliency.
Snapshot arrays in, live-figure specs out (redrawn at every live update): `HeatmapGrid`s of
image panels, a `Chart` of bars.
"""
from __future__ import annotations

import numpy as np

from dl_engine.viz.conv import DIVERGING
from dl_engine.viz.figure_dicts import MARGIN, index_ticks
from dl_engine.viz.spec import (Axis, Bars, Chart, ColourBar, GridAxis, Heatmap, HeatmapGrid, Rect, column_cells,
                                grid_cells)

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


def _image(z: np.ndarray, scale: str, name: str, lim: tuple[float, float] | None = None, **kw) -> Heatmap:
    """A (H, W) grid as an image panel without numbers; colours span lim, else z's finite range.
    kw: further Heatmap fields (its axes; a colour bar for a value map)."""
    finite = z[np.isfinite(z)]
    lo, hi = lim or ((float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0))
    return Heatmap(z=z, stops=scale, lo=lo, hi=hi, name=name,
                   hover=f"row %{{y}}, col %{{x}}<br>{name} %{{z:.4g}}<extra></extra>", **kw)


def _mosaic_figure(grids: list[np.ndarray], names: list[str], titles: list[str], scale: str, title: str,
                   height: int | None, v_spacing: float, bar_title: str,
                   lims: list[tuple[float, float]] | None = None, rects: list[Rect] | None = None) -> HeatmapGrid:
    """Mosaics (R_i, C_i) stacked in one column, each as high as its aspect (capped), square cells
    without tick labels, each with its colour bar (titled bar_title) beside its row. Mosaic i's
    colours span lims[i] (default: its finite range); names[i] names its values in the hover."""
    weights = [min(0.4, g.shape[0] / g.shape[1]) for g in grids]   # ≈ height/width of each mosaic
    domains, notes = column_cells(weights, v_spacing, titles=titles)
    panels = []
    for g, name, lim, (_, (lo, hi)) in zip(grids, names, lims or [None] * len(grids), domains):
        # each mosaic's colour bar right of the plot, beside its row, its title turned
        bar = ColourBar(title=bar_title, title_right=True, thickness=12, length=hi - lo, x=1.01, y=(lo + hi) / 2,
                        anchor="middle")
        panels.append(_image(g, scale, name, lim, bar=bar, x_axis=GridAxis(labels=False),
                             y_axis=GridAxis(domain=(lo, hi), labels=False, reversed=True, square=True)))
    return HeatmapGrid(title=title, height=height or int(100 + sum(1000 * w + 70 for w in weights)),
                       panels=panels, notes=notes, rects=rects or [], margin=TOP_MARGIN)


def _kernel_tiles(w: np.ndarray) -> tuple[np.ndarray, int]:
    """(out, in, k, k) → tiles and columns: one column per filter, one row per input channel
    (a single-channel layer wraps its filters 8 to a row)."""
    w = w[:MAX_FILTERS, :MAX_IN]
    out, cin = w.shape[:2]
    if cin == 1:
        return w[:, 0], min(out, 8)
    return w.transpose(1, 0, 2, 3).reshape(cin * out, *w.shape[2:]), out


def _frozen_boxes(w: np.ndarray, frozen: list[int], ncols: int, rows: int, panel: int) -> list[Rect]:
    """Outlines of the frozen filters' tiles (a one-channel layer) or columns of tiles (deeper
    layers) in the kernel mosaic of `rows` rows drawn as panel `panel`; w: (out, in, k, k)."""
    k, single = w.shape[-1], w.shape[1] == 1
    boxes = []
    for f in frozen:
        if f >= MAX_FILTERS:
            continue
        r, c = divmod(f, ncols) if single else (0, f)
        bottom = r * (k + 1) + k if single else rows
        boxes.append(Rect(x0=c * (k + 1) - 0.5, x1=c * (k + 1) + k - 0.5, y0=r * (k + 1) - 0.5, y1=bottom - 0.5,
                          colour=FROZEN, width=3, panel=panel))
    return boxes


def kernel_grid_figure(kernels: dict[str, np.ndarray], frozen: dict[str, list[int]] | None = None,
                       height: int | None = None) -> HeatmapGrid:
    """The learned kernels of every conv layer, each a panel of small images (red > 0 > blue,
    white at 0). A one-channel layer shows its filters 8 to a row; deeper layers one column per
    filter and one row per input channel (the first 4). Meant for the full page width.

    kernels[layer]: (out, in, k, k). Frozen filters (frozen[layer]: indices) are outlined in green.
    """
    tiles = {n: _kernel_tiles(w) for n, w in kernels.items()}
    grids = [mosaic(t, c) for t, c in tiles.values()]
    titles = [f"{n}: {w.shape[0]} filters × {w.shape[1]} input channel(s), {w.shape[2]}×{w.shape[3]}"
              for n, w in kernels.items()]
    lims, rects = [], []
    for i, (name, g) in enumerate(zip(kernels, grids)):
        lim = float(np.nanmax(np.abs(g))) or 1.0
        lims.append((-lim, lim))
        rects += _frozen_boxes(kernels[name], (frozen or {}).get(name, []), tiles[name][1], g.shape[0], i)
    return _mosaic_figure(grids, ["weight"] * len(grids), titles, DIVERGING,
                          "Learned kernels" + (" (green: frozen)" if frozen else ""), height, 0.1, "weight",
                          lims, rects)


def feature_map_figure(maps: dict[str, np.ndarray], height: int | None = None) -> HeatmapGrid:
    """Every block's feature maps (C_l, h, w) for one image, up to 16 channels each, 8 to a row:
    one Viridis panel per block, top to bottom."""
    grids = [mosaic(m[:MAX_FILTERS], min(8, m.shape[0])) for m in maps.values()]
    titles = [f"{n}: {m.shape[0]} maps of {m.shape[1]}×{m.shape[2]}" for n, m in maps.items()]
    return _mosaic_figure(grids, list(maps), titles, "Viridis",
                          "Feature maps of the chosen image (bright = strong activation)", height, 0.12, "activation")


def confusion_figure(confusion: np.ndarray, class_names, height: int = 460) -> HeatmapGrid:
    """Test-set confusion matrix (K, K) as one panel: rows true class (first at the top), columns
    predicted class; counts printed in the cells while there are at most 12 classes."""
    names = [str(n) for n in class_names]
    top = max(1, int(confusion.max()))
    cells = dict(cell_text="%{z}", cell_text_size=15, gap=1) if len(names) <= 12 else {}
    panel = Heatmap(z=confusion, stops="Blues", lo=0, hi=top, x=names, y=names,
                    bar=ColourBar(title="images", title_right=True, step=index_ticks(top)["dtick"]),
                    hover="true %{y}, predicted %{x}: %{z} images<extra></extra>",
                    x_axis=GridAxis(title="predicted class"), y_axis=GridAxis(title="true class", reversed=True),
                    **cells)
    acc = np.trace(confusion) / max(1, confusion.sum())
    return HeatmapGrid(title=f"Confusion matrix (test set, accuracy {acc:.1%})", height=height, panels=[panel],
                       margin=MARGIN)


def probs_figure(probs: np.ndarray, class_names, true: int | None = None, height: int = 340) -> Chart:
    """Softmax probabilities (K,) as bars labelled with their percentage; the predicted class
    orange, the true one (if known) named in the title."""
    names = [str(n) for n in class_names]
    best = int(np.argmax(probs))
    bars = Bars(x=names, y=probs, labels=[f"{p:.0%}" for p in probs],
                colours=[BEST if k == best else "#9ecae1" for k in range(len(names))])
    title = f"Softmax output: predicted {names[best]} ({probs[best]:.0%})"
    if true is not None:
        title += f", true {names[true]}"
    return Chart(title=title, height=height, marks=[bars], x=Axis(title="class"),
                 y=Axis(title="probability", range=[0, 1.15]))


def saliency_figure(image: np.ndarray, saliency: np.ndarray, height: int = 360) -> HeatmapGrid:
    """The image (C, H, W; grey, or its channels' mean) beside its saliency (H, W): which pixels
    most change the class score. Two square-celled panels, row 0 at the top."""
    domains, notes = grid_cells(1, 2, 0.12, 0.0, titles=["image", "saliency |∂score/∂pixel|"])
    grey = image[0] if image.shape[0] == 1 else image.mean(0)
    panels = []
    # the image is a plain picture; the saliency encodes a value: its colour bar on the right
    for (x_domain, y_domain), z, scale, name, y_title, bar in (
            (domains[0], grey, "gray", "pixel", "row", None),
            (domains[1], saliency, "Hot", "saliency", None, ColourBar(title="saliency", title_right=True, thickness=12))):
        z = np.asarray(z, dtype=float)
        step = index_ticks(max(z.shape))["dtick"]   # pixel positions: whole numbers only
        panels.append(_image(z, scale, name, bar=bar,
                             x_axis=GridAxis(domain=x_domain, title="column", step=step),
                             y_axis=GridAxis(domain=y_domain, title=y_title, step=step,
                                             reversed=True, square=True)))
    return HeatmapGrid(title="Saliency map of the predicted class", height=height, panels=panels,
                       notes=notes, margin=TOP_MARGIN)
