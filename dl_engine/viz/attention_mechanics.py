"""Mechanics-lab figures: the walkthrough's matrices with their numbers, the four score functions
side by side, and the sinusoidal positional-encoding heatmap."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dl_engine.viz.attention_style import heatmap, matrix_figure, style, token_axis


def vectors_figure(values: np.ndarray, tokens: list[str], title: str) -> go.Figure:
    """Token × dimension matrix (X, Q, K, V or the output). values: (T, d)."""
    dims = [f"d{i + 1}" for i in range(values.shape[1])]
    return matrix_figure(values, tokens, dims, title, "dimension", "token", signed=True)


def token_matrix_figure(values: np.ndarray, tokens: list[str], title: str, *, weights: bool = False,
                        row_sums: np.ndarray | None = None) -> go.Figure:
    """Query × key matrix (scores or weights). values: (T, T); −inf (masked) cells show as blank.

    row_sums (T,): written beside each query token, e.g. 'cat (Σ=1.00)'.
    """
    rows = tokens if row_sums is None else [f"{t} (Σ={s:.2f})" for t, s in zip(tokens, row_sums)]
    shown = np.where(np.isfinite(values), values, np.nan)
    return matrix_figure(shown, rows, tokens, title, "key j (attended to)", "query t (attending)",
                         signed=not weights)


def score_functions_figure(by_score: dict[str, tuple[np.ndarray, np.ndarray]], names: dict[str, str],
                           tokens: list[str], height: int | None = None) -> go.Figure:
    """α for each score function, 2 × 2. by_score: name → (scores (T, T), weights (T, T))."""
    keys = list(by_score)
    fig = make_subplots(rows=2, cols=2, subplot_titles=[names[k] for k in keys],
                        horizontal_spacing=0.14, vertical_spacing=0.16)
    for i, name in enumerate(keys):
        r, c = divmod(i, 2)
        fig.add_trace(heatmap(by_score[name][1], showscale=i == 0), row=r + 1, col=c + 1)
        fig.update_xaxes(title="key j", row=r + 1, col=c + 1, **token_axis(tokens))
        fig.update_yaxes(title="query t", autorange="reversed", row=r + 1, col=c + 1, **token_axis(tokens))
    fig.update_annotations(font=dict(size=16))
    return style(fig, "Attention weights α from each score function (same Q and K)",
                 height or 2 * (50 * len(tokens) + 90) + 80)


def positional_encoding_figure(pe: np.ndarray, height: int = 420) -> go.Figure:
    """Sinusoidal PE, positions × dimensions. pe: (positions, d). Early dimensions wiggle fast."""
    fig = go.Figure(go.Heatmap(z=pe, colorscale="RdBu", zmid=0, zmin=-1, zmax=1, reversescale=True,
                               colorbar=dict(title="PE"),
                               hovertemplate="position %{y}, dimension %{x}: %{z:.3f}<extra></extra>"))
    fig.update_xaxes(title="encoding dimension i")
    fig.update_yaxes(title="position in the sequence", autorange="reversed")
    return style(fig, "Sinusoidal positional encoding: each position gets a unique pattern", height)
