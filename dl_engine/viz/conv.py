"""Convolution-lab figures: annotated grids, the sliding-window step, feature maps, pooling, flatten.

Plain arrays in, plotly Figures out. Grids are drawn as images are seen: row 0 at the top.
"""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

FONT = dict(size=16)
ANNOTATE_MAX = 12 * 12    # beyond this many cells, numbers would be unreadable on a projector
ANNOTATE_ACROSS = 12      # numbers need ≥ ~45 px per cell: at most 12 cells across a full-width chart
DIVERGING = "RdBu_r"      # negative blue, zero white, positive red
WINDOW = "#ff7f0e"


def layout(fig: go.Figure, title: str, height: int, **kw) -> go.Figure:
    """Shared look: a readable title and fonts, white template, margins that clip nothing."""
    fig.update_layout(title=dict(text=title, font=dict(size=19)), font=FONT, height=height,
                      margin=dict(l=60, r=30, t=80, b=50), template="plotly_white", **kw)
    fig.update_annotations(font_size=16)
    return fig


def fmt(v: float) -> str:
    """3 significant digits, no '-0'."""
    if not np.isfinite(v):
        return ""
    text = f"{float(v):.3g}"
    return "0" if text == "-0" else text


def grid_trace(a: np.ndarray, colorscale="gray", zmid: float | None = None, annotate: bool | None = None,
               name: str = "value", showscale: bool = False, zmin=None, zmax=None) -> go.Heatmap:
    """A (H, W) array as a heatmap, with each cell's number written in when it fits."""
    a = np.asarray(a, dtype=float)
    annotate = a.size <= ANNOTATE_MAX if annotate is None else annotate
    text = np.vectorize(fmt, otypes=[str])(a) if annotate and a.size else None
    return go.Heatmap(z=a, text=text, texttemplate="%{text}" if annotate else None,
                      textfont=dict(size=15), colorscale=colorscale, zmid=zmid, zmin=zmin, zmax=zmax,
                      showscale=showscale, xgap=1 if annotate else 0, ygap=1 if annotate else 0,
                      hovertemplate=f"row %{{y}}, col %{{x}}<br>{name} %{{z:.4g}}<extra></extra>")


def _image_axes(fig: go.Figure, rows: int = 1, cols: int = 1) -> None:
    """Row 0 at the top, square cells, no grid lines, on every subplot (or the only axes)."""
    grid = fig._grid_ref is not None
    for r in range(1, rows + 1):
        for c in range(1, cols + 1):
            where = dict(row=r, col=c) if grid else {}
            fig.update_yaxes(autorange="reversed", scaleanchor=_anchor(fig, r, c) if grid else "x",
                             constrain="domain", showgrid=False, zeroline=False, title_text="row", **where)
            fig.update_xaxes(showgrid=False, zeroline=False, constrain="domain", title_text="column", **where)


def _anchor(fig: go.Figure, row: int, col: int) -> str:
    """The x axis id ('x', 'x2', …) of subplot (row, col), so each grid keeps square cells."""
    return fig.get_subplot(row, col).xaxis.plotly_name.replace("axis", "")


def matrix_figure(a: np.ndarray, title: str, colorscale="gray", zmid=None, height: int = 420) -> go.Figure:
    """One annotated (H, W) grid, e.g. the notes' 5×5 image or a pooling input."""
    fig = go.Figure(grid_trace(a, colorscale, zmid, showscale=True))
    _image_axes(fig)
    return layout(fig, title, height)


def image_figure(img: np.ndarray, title: str, height: int = 420) -> go.Figure:
    """An input image (C, H, W) in [0, 1] (grey or RGB), row 0 at the top, numbers if small."""
    if img.shape[0] == 3:
        fig = go.Figure(go.Image(z=np.clip(img.transpose(1, 2, 0) * 255, 0, 255).astype(np.uint8)))
        fig.update_yaxes(title_text="row")
        fig.update_xaxes(title_text="column")
    else:
        fig = go.Figure(grid_trace(img[0], "gray", annotate=img.shape[2] <= ANNOTATE_ACROSS // 2))
        _image_axes(fig)
    return layout(fig, title, height)


def _outline(fig: go.Figure, rows, cols, colour: str, row: int = 1, col: int = 1, width: int = 4) -> None:
    """Outline the cells rows × cols: one rectangle if they are contiguous, else each cell."""
    rows, cols = np.asarray(rows), np.asarray(cols)
    contiguous = np.all(np.diff(rows) == 1) and np.all(np.diff(cols) == 1)
    boxes = ([(rows[0], rows[-1], cols[0], cols[-1])] if contiguous
             else [(r, r, c, c) for r in rows for c in cols])
    for r0, r1, c0, c1 in boxes:
        fig.add_shape(type="rect", x0=c0 - 0.5, x1=c1 + 0.5, y0=r0 - 0.5, y1=r1 + 0.5,
                      line=dict(color=colour, width=width), row=row, col=col)


def step_figure(padded: np.ndarray, step, output: np.ndarray, padding: int, full: np.ndarray | None = None,
                height: int = 480) -> go.Figure:
    """The sliding window at one stop: the (padded) input with the window outlined, the
    element-wise products (C·F rows for C channels) and the output so far, this cell outlined.

    padded: (C, Hp, Wp); step: conv_arith.WindowStep; output: (Ho, Wo) with NaN where not reached yet
    (drawn grey); full: the whole output map, whose range fixes the colours as the window moves.
    """
    c = padded.shape[0]
    shown = padded[0] if c == 1 else padded.mean(0)
    products = step.products.reshape(-1, step.products.shape[-1])        # (C·F, F)
    fig = make_subplots(1, 3, column_widths=[0.42, 0.2, 0.38], horizontal_spacing=0.08, subplot_titles=(
        "input" + (f" (zero padding P={padding})" if padding else "") + ("" if c == 1 else ", mean of R,G,B"),
        "window × kernel" + ("" if c == 1 else " (R, G, B)"),
        f"output: cell ({step.out_row}, {step.out_col}) = {fmt(step.total)}"))
    fig.add_trace(grid_trace(shown, "gray", name="pixel"), 1, 1)
    fig.add_trace(grid_trace(products, DIVERGING, zmid=0, annotate=True, name="product"), 1, 2)
    lim = float(np.nanmax(np.abs(output if full is None else full), initial=0.0)) or 1.0
    fig.add_trace(go.Heatmap(z=np.zeros_like(output), colorscale=[[0, "#e5e5e5"], [1, "#e5e5e5"]], showscale=False,
                             hoverinfo="skip", xgap=1, ygap=1), 1, 3)    # grey: not reached yet
    fig.add_trace(grid_trace(output, DIVERGING, zmin=-lim, zmax=lim, name="output"), 1, 3)
    _outline(fig, step.rows, step.cols, WINDOW)
    _outline(fig, [step.out_row], [step.out_col], WINDOW, col=3)
    if padding:
        hp, wp = shown.shape
        fig.add_shape(type="rect", x0=padding - 0.5, x1=wp - padding - 0.5, y0=padding - 0.5,
                      y1=hp - padding - 0.5, line=dict(color="#1f77b4", width=2, dash="dot"), row=1, col=1)
    _image_axes(fig, 1, 3)
    fig.update_yaxes(title_text="kernel row", row=1, col=2)
    fig.update_xaxes(title_text="kernel column", row=1, col=2)
    return layout(fig, f"Sliding window, step {step.index + 1}: Σ products = {fmt(step.total)}", height)


def step_sum_text(step, kernel: np.ndarray, max_terms: int = 25) -> str:
    """'(10)(1) + (20)(0) + … = -60': the step's products written out (or just their count and sum)."""
    weights = np.broadcast_to(kernel, step.window.shape).ravel()
    if step.window.size > max_terms:
        return f"sum of {step.window.size} products = **{fmt(step.total)}**"
    terms = " + ".join(f"({fmt(x)})({fmt(k)})" for x, k in zip(step.window.ravel(), weights))
    return f"{terms} = **{fmt(step.total)}**"


def feature_maps_figure(maps: np.ndarray, names: list[str], height: int | None = None) -> go.Figure:
    """Feature maps before (top row) and after ReLU (bottom row): maps (K, Ho, Wo), one column per filter."""
    k = maps.shape[0]
    annotate = maps.shape[2] * k <= ANNOTATE_ACROSS
    titles = [f"{n}: before ReLU" for n in names] + [f"{n}: after ReLU" for n in names]
    fig = make_subplots(2, k, subplot_titles=titles, vertical_spacing=0.24, horizontal_spacing=0.06)
    for j in range(k):
        lim = float(np.abs(maps[j]).max()) or 1.0
        fig.add_trace(grid_trace(maps[j], DIVERGING, zmin=-lim, zmax=lim, annotate=annotate, name="z"), 1, j + 1)
        fig.add_trace(grid_trace(np.maximum(maps[j], 0), DIVERGING, zmin=-lim, zmax=lim, annotate=annotate,
                                 name="ReLU(z)"), 2, j + 1)
    _image_axes(fig, 2, k)
    return layout(fig, f"Feature maps ({maps.shape[1]}×{maps.shape[2]}), red > 0 > blue",
                  height or (560 if k < 3 else 480))


def pool_figure(x: np.ndarray, out: np.ndarray, kind: str, size: int, stride: int, height: int = 440) -> go.Figure:
    """Pooling input (H, W) with its windows outlined (first row of windows) and the pooled output."""
    fig = make_subplots(1, 2, column_widths=[0.6, 0.4], horizontal_spacing=0.12,
                        subplot_titles=(f"input {x.shape[0]}×{x.shape[1]}",
                                        f"{kind} pool {size}×{size}, stride {stride} → {out.shape[0]}×{out.shape[1]}"))
    fig.add_trace(grid_trace(x, "Blues", name="value"), 1, 1)
    fig.add_trace(grid_trace(out, "Blues", name=f"{kind}"), 1, 2)
    palette = ("#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2")
    if x.size <= ANNOTATE_MAX:
        for j in range(min(out.shape[1], len(palette))):
            rows, cols = np.arange(size), j * stride + np.arange(size)
            _outline(fig, rows, cols, palette[j], width=3)
            _outline(fig, [0], [j], palette[j], col=2, width=3)
    _image_axes(fig, 1, 2)
    if x.size <= ANNOTATE_MAX:
        fig.update_xaxes(dtick=1)
        fig.update_yaxes(dtick=1)
    return layout(fig, f"{kind.capitalize()} pooling", height)


def flatten_figure(vector: np.ndarray, shape: tuple[int, ...], height: int = 260) -> go.Figure:
    """The flattened vector (N,) as one row of cells, index under each, from a map of `shape`."""
    n = len(vector)
    fig = go.Figure(grid_trace(vector[None], "Blues", annotate=n <= 20, name="value"))
    fig.update_yaxes(visible=False)
    fig.update_xaxes(title_text="index in the flattened vector", dtick=1 if n <= 20 else None)
    shape_text = "×".join(map(str, shape))
    return layout(fig, f"Flatten: {shape_text} → vector of {n}", height)
