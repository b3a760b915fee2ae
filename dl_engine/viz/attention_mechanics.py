"""Mechanics-lab figures: the walkthrough's matrices with their numbers, the four score functions
side by side, and the sinusoidal positional-encoding heatmap. Plain figure dicts (st.plotly_chart
draws them as they are)."""
from __future__ import annotations

import numpy as np

from dl_engine.viz import figure_dicts
from dl_engine.viz.attention_style import SIGNED, heatmap, matrix_figure, style, token_axis
from dl_engine.viz.figure_dicts import axis, grid


def vectors_figure(values: np.ndarray, tokens: list[str], title: str) -> dict:
    """Token × dimension matrix (X, Q, K, V or the output). values: (T, d)."""
    dims = [f"d{i + 1}" for i in range(values.shape[1])]
    return matrix_figure(values, tokens, dims, title, "dimension", "token", signed=True)


def token_matrix_figure(values: np.ndarray, tokens: list[str], title: str, *, weights: bool = False,
                        row_sums: np.ndarray | None = None) -> dict:
    """Query × key matrix (scores or weights). values: (T, T); −inf (masked) cells show as blank.

    row_sums (T,): written beside each query token, e.g. 'cat (Σ=1.00)'.
    """
    rows = tokens if row_sums is None else [f"{t} (Σ={s:.2f})" for t, s in zip(tokens, row_sums)]
    shown = np.where(np.isfinite(values), values, np.nan)
    return matrix_figure(shown, rows, tokens, title, "key j (attended to)", "query t (attending)",
                         signed=not weights)


def score_functions_figure(by_score: dict[str, tuple[np.ndarray, np.ndarray]], names: dict[str, str],
                           tokens: list[str], height: int | None = None) -> dict:
    """α for each score function, 2 × 2. by_score: name → (scores (T, T), weights (T, T))."""
    keys = list(by_score)
    axes, titles, ids = grid(2, 2, 0.14, 0.16, titles=[names[k] for k in keys])
    data = []
    for i, ((x, y), name) in enumerate(zip(ids, keys)):
        data.append(heatmap(by_score[name][1], showscale=i == 0, xaxis=x, yaxis=y))
        axes["xaxis" + x[1:]] |= axis("key j", **token_axis(tokens))
        axes["yaxis" + y[1:]] |= axis("query t", autorange="reversed", **token_axis(tokens))
    return {"data": data, "layout": style("Attention weights α from each score function (same Q and K)",
                                          height or 2 * (50 * len(tokens) + 90) + 80, annotations=titles, **axes)}


def positional_encoding_figure(pe: np.ndarray, height: int = 420) -> dict:
    """Sinusoidal PE, positions × dimensions. pe: (positions, d). Early dimensions wiggle fast."""
    trace = figure_dicts.heatmap(pe, SIGNED, -1.0, 1.0, colorbar={"title": {"text": "PE"}},
                                 hovertemplate="position %{y}, dimension %{x}: %{z:.3f}<extra></extra>")
    return {"data": [trace], "layout": style(
        "Sinusoidal positional encoding: each position gets a unique pattern", height,
        xaxis=axis("encoding dimension i"), yaxis=axis("position in the sequence", autorange="reversed"))}
