"""Train-a-CNN figures: curves, learned kernels, feature maps, gradient norms, confusion, probabilities,
saliency. Snapshot arrays in, plotly Figures out.
"""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dl_engine.viz.conv import DIVERGING, _image_axes, _outline, grid_trace, layout

TRAIN, TEST = "#1f77b4", "#ff7f0e"
MAX_FILTERS, MAX_IN = 16, 4       # tiles per layer: more would be too small to see on a projector
FROZEN = "#2ca02c"


def mosaic(tiles: np.ndarray, ncols: int) -> np.ndarray:
    """(N, h, w) tiles → one (R·(h+1)−1, C·(w+1)−1) array, tiles separated by NaN gaps, row-major."""
    n, h, w = tiles.shape
    nrows = -(-n // ncols)
    out = np.full((nrows * (h + 1) - 1, ncols * (w + 1) - 1), np.nan)
    for i in range(n):
        r, c = divmod(i, ncols)
        out[r * (h + 1):r * (h + 1) + h, c * (w + 1):c * (w + 1) + w] = tiles[i]
    return out


def curves_figure(history: dict[str, np.ndarray], height: int = 380) -> go.Figure:
    """Loss and accuracy against epochs, train vs test (history arrays from a Snapshot)."""
    fig = make_subplots(1, 2, subplot_titles=("cross-entropy loss", "accuracy"), horizontal_spacing=0.1)
    epoch = history.get("epoch", np.zeros(0))
    for col, metric in ((1, "loss"), (2, "acc")):
        for part, colour in (("train", TRAIN), ("test", TEST)):
            y = history.get(f"{part}_{metric}")
            if y is not None:
                fig.add_trace(go.Scatter(x=epoch, y=y, name=part, legendgroup=part, showlegend=col == 1,
                                         line=dict(color=colour, width=3)), 1, col)
        fig.update_xaxes(title_text="epoch", row=1, col=col)
    fig.update_yaxes(title_text="loss", rangemode="tozero", row=1, col=1)
    fig.update_yaxes(title_text="accuracy", range=[0, 1.02], row=1, col=2)
    return layout(fig, "Loss and accuracy (train vs test)", height,
                  legend=dict(orientation="h", yanchor="bottom", y=1.08, x=1, xanchor="right"))


def _kernel_tiles(w: np.ndarray) -> tuple[np.ndarray, int]:
    """(out, in, k, k) → tiles and columns: one column per filter, one row per input channel
    (a single-channel layer wraps its filters 8 to a row)."""
    w = w[:MAX_FILTERS, :MAX_IN]
    out, cin = w.shape[:2]
    if cin == 1:
        return w[:, 0], min(out, 8)
    return w.transpose(1, 0, 2, 3).reshape(cin * out, *w.shape[2:]), out


def kernel_grid_figure(kernels: dict[str, np.ndarray], frozen: dict[str, list[int]] | None = None,
                       height: int | None = None) -> go.Figure:
    """The learned kernels of every conv layer, each a grid of small images (red > 0 > blue).
    A one-channel layer shows its filters 8 to a row; deeper layers one column per filter and
    one row per input channel (the first 4). Meant for the full page width.

    kernels[layer]: (out, in, k, k). Frozen filters (frozen[layer]: indices) are outlined in green.
    """
    names = list(kernels)
    tiles = [_kernel_tiles(kernels[n]) for n in names]
    grids = [mosaic(t, c) for t, c in tiles]
    titles = [f"{n}: {kernels[n].shape[0]} filters × {kernels[n].shape[1]} input channel(s), "
              f"{kernels[n].shape[2]}×{kernels[n].shape[3]}" for n in names]
    weights = [min(0.4, g.shape[0] / g.shape[1]) for g in grids]   # ≈ height/width of each mosaic
    fig = make_subplots(len(names), 1, subplot_titles=titles, row_heights=weights, vertical_spacing=0.1)
    for i, (name, grid, (_, ncols)) in enumerate(zip(names, grids, tiles), start=1):
        lim = float(np.nanmax(np.abs(grid))) or 1.0
        fig.add_trace(grid_trace(grid, DIVERGING, zmin=-lim, zmax=lim, annotate=False, name="weight"), i, 1)
        k = kernels[name].shape[-1]
        single = kernels[name].shape[1] == 1
        for f in (frozen or {}).get(name, []):
            if f < MAX_FILTERS:   # the frozen filter's tile (or its column of tiles)
                r, c = divmod(f, ncols) if single else (0, f)
                bottom = r * (k + 1) + k if single else grid.shape[0]
                _outline(fig, np.arange(r * (k + 1), bottom), np.arange(c * (k + 1), c * (k + 1) + k), FROZEN,
                         row=i, width=3)
    _image_axes(fig, len(names), 1)
    fig.update_xaxes(showticklabels=False, title_text="")
    fig.update_yaxes(showticklabels=False, title_text="")
    return layout(fig, "Learned kernels" + (" (green: frozen)" if frozen else ""),
                  height or int(100 + sum(1000 * w + 70 for w in weights)))


def feature_map_figure(maps: dict[str, np.ndarray], height: int | None = None) -> go.Figure:
    """Every block's feature maps (C_l, h, w) for one image, up to 16 channels each, 8 to a row."""
    grids = [mosaic(m[:MAX_FILTERS], min(8, m.shape[0])) for m in maps.values()]
    titles = [f"{n}: {m.shape[0]} maps of {m.shape[1]}×{m.shape[2]}" for n, m in maps.items()]
    weights = [min(0.4, g.shape[0] / g.shape[1]) for g in grids]
    fig = make_subplots(len(grids), 1, subplot_titles=titles, vertical_spacing=0.12, row_heights=weights)
    for i, (name, grid) in enumerate(zip(maps, grids), start=1):
        fig.add_trace(grid_trace(grid, "Viridis", annotate=False, name=name), i, 1)
    _image_axes(fig, len(grids), 1)
    fig.update_xaxes(showticklabels=False, title_text="")
    fig.update_yaxes(showticklabels=False, title_text="")
    return layout(fig, "Feature maps of the chosen image (bright = strong activation)",
                  height or int(100 + sum(1000 * w + 70 for w in weights)))


def grad_norm_figure(history: dict[str, np.ndarray], height: int = 360) -> go.Figure:
    """‖∂L/∂θ‖ per layer against epochs (log scale)."""
    fig = go.Figure()
    epoch = history.get("epoch", np.zeros(0))
    for key in [k for k in history if k.startswith("grad_norm/")]:
        keep = np.isfinite(history[key])
        fig.add_trace(go.Scatter(x=epoch[keep], y=history[key][keep], name=key.split("/", 1)[1],
                                 mode="lines+markers", line=dict(width=2)))
    fig.update_yaxes(type="log", dtick=1, exponentformat="power", title_text="gradient norm ‖∂L/∂θ‖")
    fig.update_xaxes(title_text="epoch")
    return layout(fig, "Gradient norm per layer", height, legend=dict(title="layer"))


def confusion_figure(confusion: np.ndarray, class_names, height: int = 460) -> go.Figure:
    """Test-set confusion matrix (K, K): rows true class, columns predicted class."""
    names = [str(n) for n in class_names]
    trace = grid_trace(confusion, "Blues", annotate=len(names) <= 12, name="images")
    trace.update(x=names, y=names, hovertemplate="true %{y}, predicted %{x}: %{z} images<extra></extra>")
    fig = go.Figure(trace)
    fig.update_yaxes(autorange="reversed", title_text="true class", type="category")
    fig.update_xaxes(title_text="predicted class", type="category")
    acc = np.trace(confusion) / max(1, confusion.sum())
    return layout(fig, f"Confusion matrix (test set, accuracy {acc:.1%})", height)


def probs_figure(probs: np.ndarray, class_names, true: int | None = None, height: int = 340) -> go.Figure:
    """Softmax probabilities (K,) as bars; the predicted class dark, the true one (if known) named."""
    names = [str(n) for n in class_names]
    best = int(np.argmax(probs))
    colours = [TEST if k == best else "#9ecae1" for k in range(len(names))]
    fig = go.Figure(go.Bar(x=names, y=probs, marker_color=colours, text=[f"{p:.0%}" for p in probs],
                           textposition="outside", hovertemplate="%{x}: %{y:.3f}<extra></extra>"))
    fig.update_yaxes(range=[0, 1.15], title_text="probability")
    fig.update_xaxes(title_text="class", type="category")
    title = f"Softmax output: predicted {names[best]} ({probs[best]:.0%})"
    if true is not None:
        title += f", true {names[true]}"
    return layout(fig, title, height)


def saliency_figure(image: np.ndarray, saliency: np.ndarray, height: int = 360) -> go.Figure:
    """The image (C, H, W) beside its saliency (H, W): which pixels most change the class score."""
    fig = make_subplots(1, 2, subplot_titles=("image", "saliency |∂score/∂pixel|"), horizontal_spacing=0.12)
    grey = image[0] if image.shape[0] == 1 else image.mean(0)
    fig.add_trace(grid_trace(grey, "gray", annotate=False, name="pixel"), 1, 1)
    fig.add_trace(grid_trace(saliency, "Hot", annotate=False, name="saliency"), 1, 2)
    _image_axes(fig, 1, 2)
    fig.update_yaxes(title_text="", row=1, col=2)
    return layout(fig, "Saliency map of the predicted class", height)
