"""Mechanics-lab figures: the walkthrough's matrices with their numbers, Q, K and V together, the
four score functions side by side, and the sinusoidal positional-encoding heatmap. Plain figure
dicts (st.plotly_chart draws them as they are).

Every builder takes `width`, the px its column has at a 1280-px screen (fit.column_width), and
`scale`, the font scale (present mode: 1.5): numbers are written into the cells only where they
fit, every heatmap has a colour bar, and index axes have whole-number ticks.
"""
from __future__ import annotations

import numpy as np

from dl_engine.viz import figure_dicts, fit
from dl_engine.viz.attention_style import SIGNED, heatmap, style, token_axis
from dl_engine.viz.figure_dicts import FONT_SIZE, TITLE_SIZE, axis, grid

CELL = 14          # px of a number in a cell at a desk
ROW = 44           # px of one token row at a desk
BAR = 90           # px right of the plot for the colour bar and its numbers
DECIMALS = 2


def _margin(scale: float, left: float = 80, bar: bool = True) -> dict:
    return dict(l=round(left), r=round((30 + (BAR if bar else 0)) * scale), t=round(70 * scale),
                b=round(70 * scale))


def _left(labels, scale: float) -> float:
    """Left margin in px for row labels `labels` and the axis title beside them."""
    return max(fit.text_width(str(s), FONT_SIZE * scale) for s in labels) + 50 * scale


def _fits(values: np.ndarray, cell_w: float, cell_h: float, scale: float) -> bool:
    finite = np.asarray(values, float)[np.isfinite(values)]
    return fit.fits([f"{v:.{DECIMALS}f}" for v in finite], cell_w, cell_h, CELL * scale)


def _numbers(trace: dict, show: bool, scale: float) -> dict:
    """The trace with its cell numbers at `scale`, or without them where they do not fit."""
    if not show:
        return {k: v for k, v in trace.items() if k not in ("texttemplate", "textfont")}
    return trace | {"textfont": {"size": CELL * scale}}


def _style(title: str, height: int, scale: float, margin: dict, **kw) -> dict:
    return style(title, height, font_size=round(FONT_SIZE * scale), title_size=round(TITLE_SIZE * scale),
                 margin=margin, **kw)


def _matrix(values, rows, cols, title, x_title, y_title, *, signed: bool, width: int, scale: float,
            height: int | None = None) -> dict:
    """One labelled matrix; numbers in the cells where they fit at `width`."""
    values = np.asarray(values, float)
    height = height or round(max(300, 150 + ROW * len(rows)) * scale)
    m = _margin(scale, _left(rows, scale))
    cell_w = (width - m["l"] - m["r"]) / len(cols)
    cell_h = (height - m["t"] - m["b"]) / len(rows)
    trace = _numbers(heatmap(values, signed=signed), _fits(values, cell_w, cell_h, scale), scale)
    return {"data": [trace], "layout": _style(title, height, scale, m,
                                              xaxis=axis(x_title, side="bottom", **token_axis(cols)),
                                              yaxis=axis(y_title, autorange="reversed", **token_axis(rows)))}


def _dims(d: int) -> list[str]:
    return [f"d{i + 1}" for i in range(d)]


def vectors_figure(values: np.ndarray, tokens: list[str], title: str, width: int = fit.DESK_COLUMN,
                   scale: float = 1.0) -> dict:
    """Token × dimension matrix (X or the output). values: (T, d)."""
    return _matrix(values, tokens, _dims(values.shape[1]), title, "dimension", "token", signed=True,
                   width=width, scale=scale)


def qkv_figure(q: np.ndarray, k: np.ndarray, v: np.ndarray, tokens: list[str], width: int = fit.DESK_COLUMN,
               scale: float = 1.0) -> dict:
    """Q, K and V (each (T, d)) on one colour scale: side by side where their numbers fit so, else
    one under the other at full width."""
    mats = {"Q = X W_Q": q, "K = X W_K": k, "V = X W_V": v}
    t, d = q.shape
    bound = float(max(np.abs(a).max() for a in mats.values())) or 1.0
    m = _margin(scale, _left(tokens, scale))
    plot_w = width - m["l"] - m["r"]
    gap = 0.04
    side = _fits(np.concatenate(list(mats.values())), plot_w * (1 - 2 * gap) / 3 / d, ROW * scale, scale)
    rows, cols = (1, 3) if side else (3, 1)
    block = (150 + ROW * t) * scale
    height = round(block + (0 if side else 2 * (ROW * t + 110) * scale))
    axes, titles, ids = grid(rows, cols, gap if side else 0.0, 0.0 if side else 110 * scale / height,
                             titles=list(mats), title_size=round(FONT_SIZE * scale))
    cell_w = plot_w * ((1 - 2 * gap) / 3 if side else 1.0) / d
    show = _fits(np.concatenate(list(mats.values())), cell_w, ROW * scale, scale)
    data = []
    for i, ((x, y), values) in enumerate(zip(ids, mats.values())):
        trace = heatmap(values, signed=True, showscale=i == 0, xaxis=x, yaxis=y,
                        colorbar={"title": {"text": "value"}})
        data.append(_numbers(trace | {"zmin": -bound, "zmax": bound}, show, scale))
        axes["xaxis" + x[1:]] |= axis("dimension", **token_axis(_dims(d)))
        axes["yaxis" + y[1:]] |= axis("token" if i == 0 or not side else None, autorange="reversed",
                                      **token_axis(tokens if i == 0 or not side else [""] * t))
    return {"data": data, "layout": _style("Queries, keys and values", height, scale, m, annotations=titles, **axes)}


def token_matrix_figure(values: np.ndarray, tokens: list[str], title: str, *, weights: bool = False,
                        row_sums: np.ndarray | None = None, width: int = fit.DESK_COLUMN,
                        scale: float = 1.0) -> dict:
    """Query × key matrix (scores or weights). values: (T, T); −inf (masked) cells show as blank.

    row_sums (T,): written beside each query token, e.g. 'cat (Σ=1.00)'.
    """
    rows = tokens if row_sums is None else [f"{t} (Σ={s:.2f})" for t, s in zip(tokens, row_sums)]
    shown = np.where(np.isfinite(values), values, np.nan)
    return _matrix(shown, rows, tokens, title, "key j (attended to)", "query t (attending)",
                   signed=not weights, width=width, scale=scale)


def score_functions_figure(by_score: dict[str, tuple[np.ndarray, np.ndarray]], names: dict[str, str],
                           tokens: list[str], height: int | None = None, width: int = fit.DESK_COLUMN,
                           scale: float = 1.0) -> dict:
    """α for each score function, 2 × 2. by_score: name → (scores (T, T), weights (T, T))."""
    keys, t = list(by_score), len(tokens)
    height = height or round((2 * (ROW * t + 90) + 80) * scale)
    m = _margin(scale, _left(tokens, scale))
    h_gap = min(0.3, (_left(tokens, scale) + 10) / (width - m["l"] - m["r"]))
    v_gap = 100 * scale / (height - m["t"] - m["b"])
    axes, titles, ids = grid(2, 2, h_gap, v_gap, titles=[names[k] for k in keys],
                             title_size=round(FONT_SIZE * scale))
    cell_w = (width - m["l"] - m["r"]) * (1 - h_gap) / 2 / t
    cell_h = (height - m["t"] - m["b"]) * (1 - v_gap) / 2 / t
    show = _fits(np.stack([w for _, w in by_score.values()]), cell_w, cell_h, scale)
    data = []
    for i, ((x, y), name) in enumerate(zip(ids, keys)):
        data.append(_numbers(heatmap(by_score[name][1], showscale=i == 0, xaxis=x, yaxis=y,
                                     colorbar={"title": {"text": "α"}}), show, scale))
        axes["xaxis" + x[1:]] |= axis("key j", **token_axis(tokens))
        axes["yaxis" + y[1:]] |= axis("query t", autorange="reversed", **token_axis(tokens))
    return {"data": data, "layout": _style("Attention weights α from each score function (same Q and K)",
                                           height, scale, m, annotations=titles, **axes)}


def positional_encoding_figure(pe: np.ndarray, height: int | None = None, width: int = fit.DESK_COLUMN,
                               scale: float = 1.0) -> dict:
    """Sinusoidal PE, positions × dimensions. pe: (positions, d). Early dimensions wiggle fast."""
    height = height or round(420 * scale)
    m = _margin(scale)
    n, d = pe.shape
    size = FONT_SIZE * scale
    trace = figure_dicts.heatmap(pe, SIGNED, -1.0, 1.0, colorbar={"title": {"text": "PE"}},
                                 hovertemplate="position %{y}, dimension %{x}: %{z:.3f}<extra></extra>")
    x_ticks = fit.index_ticks(d, width - m["l"] - m["r"], fit.text_width(str(d - 1), size) + size)
    y_ticks = fit.index_ticks(n, height - m["t"] - m["b"], size * 1.6)
    return {"data": [trace], "layout": _style(
        "Sinusoidal positional encoding: each position gets a unique pattern", height, scale, m,
        xaxis=axis("encoding dimension i", **x_ticks),
        yaxis=axis("position in the sequence", autorange="reversed", **y_ticks))}
