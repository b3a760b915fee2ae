"""Convolution-lab figures: annotated grids, the sliding-window step, feature maps, pooling, flatten.

Plain arrays in, plotly Figures out. Grids are drawn as images are seen: row 0 at the top.
Every builder takes `width`, the px its column has at a 1280-px screen (fit.column_width), and
`scale`, the font scale (present mode: 1.5): it writes numbers into cells only where they fit,
gives every value grid a colour bar and its pixel axes whole-number ticks.
"""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dl_engine.viz import fit

FONT, TITLE, CELL = 16, 19, 15   # px at a desk; × scale in present mode
DIVERGING = "RdBu_r"      # negative blue, zero white, positive red
WINDOW = "#ff7f0e"
BAR = 12                  # colour-bar thickness, px
BAR_SIDE = 80             # px right of the plot for a vertical colour bar and its numbers
BAR_BELOW = 70            # px under the x-axis title for a horizontal colour bar, its title and numbers
GAP = 70                  # px between panels: the next panel's row ticks and axis title


def fmt(v: float) -> str:
    """3 significant digits, no '-0'."""
    if not np.isfinite(v):
        return ""
    text = f"{float(v):.3g}"
    return "0" if text == "-0" else text


def _labels(a: np.ndarray) -> np.ndarray:
    return np.vectorize(fmt, otypes=[str])(a) if a.size else np.zeros(a.shape, str)


def margin(scale: float, side_bar: bool = False, bars_below: bool = False, title_lines: int = 1) -> dict:
    """Margins in px that hold the title, tick labels, axis titles and colour bars at this scale."""
    return dict(l=round(70 * scale), r=round((30 + (BAR_SIDE if side_bar else 0)) * scale),
                t=round((30 + 26 * title_lines + 20) * scale),
                b=round((56 + (BAR_BELOW if bars_below else 0)) * scale))


def layout(fig: go.Figure, title: str, height: int, scale: float = 1.0, m: dict | None = None,
           **kw) -> go.Figure:
    """Shared look: readable title and fonts at `scale`, white template, margins that clip nothing."""
    fig.update_layout(title=dict(text=title, font=dict(size=TITLE * scale)), font=dict(size=FONT * scale),
                      height=height, margin=m or margin(scale), template="plotly_white", **kw)
    fig.update_annotations(font_size=FONT * scale)
    return fig


def colorbar(title: str, scale: float, below: tuple[float, float] | None = None,
             plot: tuple[float, float, float] = (0.0, 1.0, 0.0)) -> dict:
    """A colour bar: right of the plot, or horizontal under the panel spanning paper x `below`, at
    the bottom of the margin. plot: (plot width, plot height, bottom margin) in px. It is as long as
    the panel, at most 260 px at a desk, and carries 4 numbers."""
    bar = dict(title=dict(text=title, side="top"), thickness=BAR * scale, tickfont=dict(size=(FONT - 2) * scale),
               outlinewidth=0, nticks=4)
    if below is None:
        return bar | dict(x=1.0, xanchor="left", xpad=12 * scale, len=1.0)
    (x0, x1), (plot_w, plot_h, bottom) = below, plot
    # paper y, not yref="container": plotly.js draws a container-placed bar's title over the bar
    return bar | dict(orientation="h", x=(x0 + x1) / 2, xanchor="center", lenmode="pixels",
                      len=min((x1 - x0) * plot_w * 0.9, 260 * scale), y=-(bottom - 6 * scale) / plot_h,
                      yanchor="bottom", ypad=0)


def grid_trace(a: np.ndarray, colorscale="gray", zmid: float | None = None, annotate: bool = False,
               name: str = "value", showscale: bool = False, zmin=None, zmax=None, scale: float = 1.0,
               bar: dict | None = None) -> go.Heatmap:
    """A (H, W) array as a heatmap, each cell's number written in when `annotate`."""
    a = np.asarray(a, dtype=float)
    return go.Heatmap(z=a, text=_labels(a) if annotate else None, texttemplate="%{text}" if annotate else None,
                      textfont=dict(size=CELL * scale), colorscale=colorscale, zmid=zmid, zmin=zmin, zmax=zmax,
                      showscale=showscale, colorbar=bar, xgap=1 if annotate else 0, ygap=1 if annotate else 0,
                      hovertemplate=f"row %{{y}}, col %{{x}}<br>{name} %{{z:.4g}}<extra></extra>")


def cell_px(shape: tuple[int, int], w_px: float, h_px: float) -> float:
    """Side in px of a square cell when a (rows, cols) grid fills a w_px × h_px panel."""
    rows, cols = shape
    return min(w_px / max(cols, 1), h_px / max(rows, 1))


def fits(arrays, cell: float, scale: float) -> bool:
    """True when every number of `arrays` fits in a square cell of `cell` px."""
    labels = [s for a in arrays for s in _labels(np.asarray(a, dtype=float)).ravel()]
    return fit.fits(labels, cell, cell, CELL * scale)


def index_axes(fig: go.Figure, shape: tuple[int, int], cell: float, scale: float, row: int | None = None,
               col: int | None = None, x_title: str | None = "column", y_title: str | None = "row") -> None:
    """Row 0 at the top, square cells, whole-number ticks that do not touch, no grid lines."""
    where = {} if row is None else dict(row=row, col=col)
    anchor = "x" if row is None else fig.get_subplot(row, col).xaxis.plotly_name.replace("axis", "")
    rows, cols = shape
    size = (FONT - 2) * scale
    x_label = fit.text_width(str(max(cols - 1, 0)), size) + size
    fig.update_xaxes(showgrid=False, zeroline=False, constrain="domain", title_text=x_title,
                     tickfont_size=size, **fit.index_ticks(cols, cell * cols, x_label), **where)
    fig.update_yaxes(autorange="reversed", scaleanchor=anchor, constrain="domain", showgrid=False,
                     zeroline=False, title_text=y_title, tickfont_size=size,
                     **fit.index_ticks(rows, cell * rows, size * 1.6), **where)


def _plot_px(width: int, height: int, m: dict) -> tuple[float, float]:
    return width - m["l"] - m["r"], height - m["t"] - m["b"]


def _title(text: str, width: float, scale: float) -> tuple[str, int]:
    wrapped = fit.wrap(text, width, TITLE * scale)
    return wrapped, wrapped.count("<br>") + 1


def matrix_figure(a: np.ndarray, title: str, colorscale="gray", zmid=None, height: int = 420,
                  width: int = fit.DESK_COLUMN // 2, scale: float = 1.0, name: str = "value") -> go.Figure:
    """One (H, W) grid with its colour bar under it, numbers written in when they fit."""
    a = np.asarray(a, dtype=float)
    text, lines = _title(title, width - 40, scale)
    m = margin(scale, bars_below=True, title_lines=lines)
    plot_w, plot_h = _plot_px(width, height, m)
    cell = cell_px(a.shape, plot_w, plot_h)
    fig = go.Figure(grid_trace(a, colorscale, zmid, fits([a], cell, scale), name, True, scale=scale,
                               bar=colorbar(name, scale, (0.0, 1.0), (plot_w, plot_h, m["b"]))))
    index_axes(fig, a.shape, cell, scale)
    return layout(fig, text, height, scale, m)


def image_figure(img: np.ndarray, title: str, height: int = 420, width: int = fit.DESK_COLUMN * 2 // 5,
                 scale: float = 1.0) -> go.Figure:
    """An input image (C, H, W) in [0, 1] (grey or RGB), row 0 at the top, numbers where they fit."""
    if img.shape[0] != 3:
        return matrix_figure(img[0], title, "gray", height=height, width=width, scale=scale, name="pixel")
    text, lines = _title(title, width - 40, scale)
    m = margin(scale, title_lines=lines)
    fig = go.Figure(go.Image(z=np.clip(img.transpose(1, 2, 0) * 255, 0, 255).astype(np.uint8)))
    index_axes(fig, img.shape[1:], cell_px(img.shape[1:], *_plot_px(width, height, m)), scale)
    fig.update_yaxes(scaleanchor=None)    # go.Image keeps square pixels by itself
    return layout(fig, text, height, scale, m)


def _outline(fig: go.Figure, rows, cols, colour: str, row: int = 1, col: int = 1, width: int = 4) -> None:
    """Outline the cells rows × cols: one rectangle if they are contiguous, else each cell."""
    rows, cols = np.asarray(rows), np.asarray(cols)
    contiguous = np.all(np.diff(rows) == 1) and np.all(np.diff(cols) == 1)
    boxes = ([(rows[0], rows[-1], cols[0], cols[-1])] if contiguous
             else [(r, r, c, c) for r in rows for c in cols])
    for r0, r1, c0, c1 in boxes:
        fig.add_shape(type="rect", x0=c0 - 0.5, x1=c1 + 0.5, y0=r0 - 0.5, y1=r1 + 0.5,
                      line=dict(color=colour, width=width), row=row, col=col)


def _panels(n_cols: list[int], plot_w: float, scale: float, floor: float = 0.2) -> tuple[list[float], float]:
    """Column widths (fractions, ∝ each grid's columns so cells match, none under `floor`) and the
    spacing between panels, for a row of panels over plot_w px."""
    spacing = min(0.3, GAP * scale / plot_w)
    share = np.maximum(np.asarray(n_cols, float) / sum(n_cols), floor)
    return list(share / share.sum()), spacing


def _domains(fig: go.Figure, n: int) -> list[tuple[float, float]]:
    return [tuple(fig.get_subplot(1, j + 1).xaxis.domain) for j in range(n)]


def step_figure(padded: np.ndarray, step, output: np.ndarray, padding: int, full: np.ndarray | None = None,
                height: int = 480, width: int = fit.DESK_COLUMN, scale: float = 1.0) -> go.Figure:
    """The sliding window at one stop: the (padded) input with the window outlined, the
    element-wise products (C·F rows for C channels) and the output so far, this cell outlined.

    padded: (C, Hp, Wp); step: conv_arith.WindowStep; output: (Ho, Wo) with NaN where not reached yet
    (drawn grey); full: the whole output map, whose range fixes the colours as the window moves.
    """
    c = padded.shape[0]
    shown = padded[0] if c == 1 else padded.mean(0)
    products = step.products.reshape(-1, step.products.shape[-1])        # (C·F, F)
    grids = (shown, products, output)
    title = f"Sliding window, step {step.index + 1}: Σ products = {fmt(step.total)}"
    text, lines = _title(title, width - 40, scale)
    m0 = margin(scale, bars_below=True, title_lines=lines)
    plot_w, _ = _plot_px(width, height, m0)
    widths, spacing = _panels([g.shape[1] for g in grids], plot_w, scale, floor=0.24)
    names = ["input" + (f" (zero padding P={padding})" if padding else "") + ("" if c == 1 else ", mean of R,G,B"),
             "window × kernel" + ("" if c == 1 else " (R, G, B)"),
             f"output: cell ({step.out_row},\u00a0{step.out_col}) = {fmt(step.total)}"]   # never wrapped inside (r, c)
    panel_w = [w * plot_w * (1 - 2 * spacing) for w in widths]
    sub = [fit.wrap(n, w, FONT * scale) for n, w in zip(names, panel_w)]
    sub_lines = max(s.count("<br>") + 1 for s in sub)
    m = m0 | dict(t=m0["t"] + round(22 * (sub_lines - 1) * scale))
    plot_w, plot_h = _plot_px(width, height, m)
    fig = make_subplots(1, 3, column_widths=widths, horizontal_spacing=spacing, subplot_titles=sub)
    dom = _domains(fig, 3)
    cells = [cell_px(g.shape, (d[1] - d[0]) * plot_w, plot_h) for g, d in zip(grids, dom)]
    lim = float(np.nanmax(np.abs(output if full is None else full), initial=0.0)) or 1.0
    plim = float(np.abs(products).max(initial=0.0)) or 1.0
    fig.add_trace(grid_trace(shown, "gray", annotate=fits([shown], cells[0], scale), name="pixel",
                             showscale=True, scale=scale, bar=colorbar("pixel", scale, dom[0], (plot_w, plot_h, m["b"]))), 1, 1)
    fig.add_trace(grid_trace(products, DIVERGING, zmin=-plim, zmax=plim, annotate=fits([products], cells[1], scale),
                             name="product", showscale=True, scale=scale, bar=colorbar("product", scale, dom[1], (plot_w, plot_h, m["b"]))), 1, 2)
    fig.add_trace(go.Heatmap(z=np.zeros_like(output), colorscale=[[0, "#e5e5e5"], [1, "#e5e5e5"]], showscale=False,
                             hoverinfo="skip", xgap=1, ygap=1), 1, 3)    # grey: not reached yet
    fig.add_trace(grid_trace(output, DIVERGING, zmin=-lim, zmax=lim, annotate=fits([full if full is not None
                                                                                   else output], cells[2], scale),
                             name="output", showscale=True, scale=scale, bar=colorbar("output", scale, dom[2], (plot_w, plot_h, m["b"]))), 1, 3)
    _outline(fig, step.rows, step.cols, WINDOW)
    _outline(fig, [step.out_row], [step.out_col], WINDOW, col=3)
    if padding:
        hp, wp = shown.shape
        fig.add_shape(type="rect", x0=padding - 0.5, x1=wp - padding - 0.5, y0=padding - 0.5,
                      y1=hp - padding - 0.5, line=dict(color="#1f77b4", width=2, dash="dot"), row=1, col=1)
    for j, (g, cell) in enumerate(zip(grids, cells)):
        kernel = j == 1
        index_axes(fig, g.shape, cell, scale, 1, j + 1, "kernel column" if kernel else "column",
                   "kernel row" if kernel else "row")
    return layout(fig, text, height, scale, m)


def step_sum_text(step, kernel: np.ndarray, max_terms: int = 25) -> str:
    """'(10)(1) + (20)(0) + … = -60': the step's products written out (or just their count and sum)."""
    weights = np.broadcast_to(kernel, step.window.shape).ravel()
    if step.window.size > max_terms:
        return f"sum of {step.window.size} products = **{fmt(step.total)}**"
    terms = " + ".join(f"({fmt(x)})({fmt(k)})" for x, k in zip(step.window.ravel(), weights))
    return f"{terms} = **{fmt(step.total)}**"


def feature_maps_figure(maps: np.ndarray, names: list[str], height: int | None = None,
                        width: int = fit.DESK_COLUMN * 3 // 5, scale: float = 1.0) -> go.Figure:
    """Feature maps before (top row) and after ReLU (bottom row): maps (K, Ho, Wo), one column per
    filter, each column with its colour bar underneath (before and after share its range)."""
    k = maps.shape[0]
    height = height or (560 if k < 3 else 480)
    title = f"Feature maps ({maps.shape[1]}×{maps.shape[2]}), red > 0 > blue"
    text, lines = _title(title, width - 40, scale)
    m0 = margin(scale, bars_below=True, title_lines=lines)
    plot_w, _ = _plot_px(width, height, m0)
    spacing = min(0.3, GAP * scale / plot_w) if k > 1 else 0.0
    panel_w = plot_w * (1 - spacing * (k - 1)) / k
    heads = [fit.wrap(n, panel_w, FONT * scale) for n in names]
    head_lines = max(h.count("<br>") + 1 for h in heads)
    m = m0 | dict(t=m0["t"] + round(22 * (head_lines - 1) * scale))
    plot_w, plot_h = _plot_px(width, height, m)
    v_px = 60 * scale                                   # x ticks of the top row, then air
    fig = make_subplots(2, k, column_titles=heads, vertical_spacing=v_px / plot_h, horizontal_spacing=spacing)
    row_h = plot_h * (1 - v_px / plot_h) / 2
    cell = cell_px(maps.shape[1:], panel_w, row_h)
    annotate = fits([maps], cell, scale)
    for j in range(k):
        lim = float(np.abs(maps[j]).max()) or 1.0
        bar = colorbar("z", scale, tuple(fig.get_subplot(2, j + 1).xaxis.domain), (plot_w, plot_h, m["b"]))
        fig.add_trace(grid_trace(maps[j], DIVERGING, zmin=-lim, zmax=lim, annotate=annotate, name="z",
                                 showscale=True, scale=scale, bar=bar), 1, j + 1)
        fig.add_trace(grid_trace(np.maximum(maps[j], 0), DIVERGING, zmin=-lim, zmax=lim, annotate=annotate,
                                 name="ReLU(z)", scale=scale), 2, j + 1)
        for r, label in ((1, "before ReLU: row"), (2, "after ReLU: row")):
            index_axes(fig, maps.shape[1:], cell, scale, r, j + 1, "column" if r == 2 else None,
                       label if j == 0 else None)
    return layout(fig, text, height, scale, m)


def pool_figure(x: np.ndarray, out: np.ndarray, kind: str, size: int, stride: int, height: int = 440,
                width: int = fit.DESK_COLUMN, scale: float = 1.0) -> go.Figure:
    """Pooling input (H, W) with its windows outlined (first row of windows) and the pooled output,
    on one colour scale (one colour bar)."""
    text, lines = _title(f"{kind.capitalize()} pooling", width - 40, scale)
    m0 = margin(scale, side_bar=True, title_lines=lines)
    plot_w, _ = _plot_px(width, height, m0)
    widths, spacing = _panels([x.shape[1], out.shape[1]], plot_w, scale, floor=0.3)
    names = [f"input {x.shape[0]}×{x.shape[1]}",
             f"{kind} pool {size}×{size}, stride {stride} → {out.shape[0]}×{out.shape[1]}"]
    sub = [fit.wrap(n, w * plot_w * (1 - spacing), FONT * scale) for n, w in zip(names, widths)]
    m = m0 | dict(t=m0["t"] + round(22 * (max(s.count("<br>") for s in sub)) * scale))
    plot_w, plot_h = _plot_px(width, height, m)
    fig = make_subplots(1, 2, column_widths=widths, horizontal_spacing=spacing, subplot_titles=sub)
    dom = _domains(fig, 2)
    cells = [cell_px(g.shape, (d[1] - d[0]) * plot_w, plot_h) for g, d in zip((x, out), dom)]
    lo, hi = float(np.min(x, initial=0.0)), float(np.max(x, initial=0.0))
    span = dict(zmin=lo, zmax=hi if hi > lo else lo + 1)
    fig.add_trace(grid_trace(x, "Blues", annotate=fits([x], cells[0], scale), name="value", scale=scale,
                             **span), 1, 1)
    fig.add_trace(grid_trace(out, "Blues", annotate=fits([out], cells[1], scale), name=kind, scale=scale,
                             showscale=True, bar=colorbar("value", scale), **span), 1, 2)
    palette = ("#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2")
    if x.size <= 12 * 12:     # beyond that the outlines hide the picture
        for j in range(min(out.shape[1], len(palette))):
            rows, cols = np.arange(size), j * stride + np.arange(size)
            _outline(fig, rows, cols, palette[j], width=3)
            _outline(fig, [0], [j], palette[j], col=2, width=3)
    for j, (g, cell) in enumerate(zip((x, out), cells)):
        index_axes(fig, g.shape, cell, scale, 1, j + 1)
    return layout(fig, text, height, scale, m)


def flatten_figure(vector: np.ndarray, shape: tuple[int, ...], height: int | None = None,
                   width: int = fit.DESK_COLUMN, scale: float = 1.0) -> go.Figure:
    """The flattened vector (N,) as one row of cells, index under each, from a map of `shape`."""
    n, height = len(vector), height or round(260 * scale)
    text, lines = _title(f"Flatten: {'×'.join(map(str, shape))} → vector of {n}", width - 40, scale)
    m = margin(scale, side_bar=True, title_lines=lines)
    plot_w, plot_h = _plot_px(width, height, m)
    cell_w = plot_w / max(n, 1)
    annotate = fit.fits(_labels(np.asarray(vector, float)).ravel(), cell_w, plot_h, CELL * scale)
    fig = go.Figure(grid_trace(vector[None], "Blues", annotate=annotate, name="value", showscale=True,
                               scale=scale, bar=colorbar("value", scale)))
    size = (FONT - 2) * scale
    fig.update_yaxes(visible=False)
    fig.update_xaxes(title_text="index in the flattened vector", showgrid=False, tickfont_size=size,
                     **fit.index_ticks(n, plot_w, fit.text_width(str(max(n - 1, 0)), size) + size))
    return layout(fig, text, height, scale, m)
