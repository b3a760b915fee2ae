"""Transformer-page figures: the layer × head grid of attention maps, a BertViz-style lines view,
per-head entropy over training and the head-ablation grid: plain figure dicts, redrawn live."""
from __future__ import annotations

import numpy as np

from dl_engine.viz.attention_style import BELOW, COLOURS, MARGIN, curves, heatmap, matrix_figure, style, token_axis
from dl_engine.viz.figure_dicts import axis, grid, line, note

LEVELS = (0.1, 0.3, 0.5, 0.7, 0.9)  # α buckets drawn as lines of rising opacity
LEGEND_PER_ROW = 8                   # entropy legend entries ("L1 H1") in one row of a full-width chart


def head_grid(attention: np.ndarray, tokens: list[str], title: str = "Attention maps, layer × head",
              height: int | None = None) -> dict:
    """One heatmap per (layer, head): query rows, key columns. attention: (L, H, T, T)."""
    n_layers, n_heads = attention.shape[:2]
    axes, titles, ids = grid(n_layers, n_heads, 0.03, 0.06, column_titles=[f"head {h + 1}" for h in range(n_heads)],
                             row_titles=[f"layer {l + 1}" for l in range(n_layers)])
    small = len(tokens) > 12 or n_heads > 4
    crowded = len(tokens) * n_heads > 64  # key labels would overlap one another under the cells
    ticks = dict(tickfont={"size": 12 if small else 14}, **token_axis(tokens))
    data = []
    for k, (x, y) in enumerate(ids):
        l, h = divmod(k, n_heads)
        data.append(heatmap(attention[l, h], text=False, showscale=k == 0, xaxis=x, yaxis=y,
                            colorbar={"title": {"text": "α"}, "len": 0.5, "y": 1, "yanchor": "top"}))
        axes["xaxis" + x[1:]] |= axis(showticklabels=not crowded and (not small or l == n_layers - 1), **ticks)
        axes["yaxis" + y[1:]] |= axis(autorange="reversed", showticklabels=h == 0, **ticks)
    per_row = max(180, min(320, 900 // n_heads))
    height = height or per_row * n_layers + 130
    # the footer 30 px under the plot: below the bottom row's key labels, whatever the height
    below = -30 / max(1, height - MARGIN["t"] - MARGIN["b"])
    footer = note("rows: query token (attending) · columns: key token (attended to)", y=below, yanchor="top",
                  font={"size": 15})  # in the theme's text colour
    return {"data": data, "layout": style(title, height, annotations=titles + [footer], **axes)}


def _segments(weights: np.ndarray, lo: float, hi: float) -> tuple[np.ndarray, np.ndarray]:
    """Query → key segments with lo ≤ α < hi, NaN-separated (one trace draws them all).
    weights: (T, T) → x, y: (3n,)."""
    i, j = np.nonzero((weights >= lo) & (weights < hi))
    gap = np.full(len(i), np.nan)
    x = np.column_stack([np.zeros(len(i)), np.ones(len(i)), gap]).ravel()
    return x, np.column_stack([i, j, gap]).ravel()


def lines_view(weights: np.ndarray, tokens: list[str], heads: list[int], layer: int,
               height: int | None = None) -> dict:
    """BertViz-style: each token on the left sends lines to the tokens it attends to on the right;
    line opacity ∝ α, one colour per head. weights: (H, T, T) for one layer."""
    data = []
    t = len(tokens)
    for h in heads:
        for lo, hi in zip(LEVELS, LEVELS[1:] + (1.01,)):
            xs, ys = _segments(weights[h], lo, hi)
            if len(xs):
                data.append(line(xs, ys, f"head {h + 1}", COLOURS[h % len(COLOURS)], 1 + 5 * lo,
                                 opacity=min(1.0, hi), hoverinfo="skip", legendgroup=str(h),
                                 showlegend=lo == LEVELS[0]))
    for side, anchor in ((0, "left"), (1, "right")):
        data.append({"type": "scatter", "x": [side] * t, "y": np.arange(t), "mode": "text", "text": tokens,
                     "showlegend": False, "textposition": f"middle {anchor}", "textfont": {"size": 16},
                     "hoverinfo": "skip"})
    return {"data": data, "layout": style(
        f"Who attends to whom — layer {layer + 1} (line opacity = α)", height or max(340, 34 * t + 140),
        xaxis=axis(range=[-0.45, 1.45], tickvals=[0, 1], ticktext=["query (attending)", "key (attended to)"]),
        yaxis=axis(autorange="reversed", visible=False), **BELOW)}


def entropy_figure(history: dict[str, np.ndarray], labels: list[str], height: int | None = None) -> dict:
    """Mean attention entropy of each head over training (nats); history holds 'entropy/<label>'."""
    series = {label: history.get(f"entropy/{label}", np.array([])) for label in labels}
    legend_rows = -(-len(labels) // LEGEND_PER_ROW)  # 4 layers × 8 heads: 4 rows the plot must not lose
    return curves(history.get("step", np.array([])), series, "Per-head attention entropy (low = focused)",
                  "entropy H (nats)", height=height or 380 + 24 * (legend_rows - 1))


def ablation_figure(delta: np.ndarray, height: int | None = None) -> dict:
    """Held-out loss increase when one head is zeroed. delta: (L, H)."""
    n_layers, n_heads = delta.shape
    return matrix_figure(delta, [f"layer {l + 1}" for l in range(n_layers)],
                         [f"head {h + 1}" for h in range(n_heads)],
                         "Head ablation: Δ loss per zeroed head", "head", "layer",
                         signed=True, text=n_heads <= 4,  # wider grids have no room for the numbers
                         height=height or 90 * n_layers + 170, scale_title="Δ loss")


def answer_table_text(tokens: list[str], targets: list[str], predictions: list[str]) -> tuple[str, str, str]:
    """Question, wanted answer and predicted answer as strings (answer slots only)."""
    asked = [i for i, t in enumerate(targets) if t]
    question = " ".join(tokens[:asked[0]]) if asked else " ".join(tokens)
    return question, " ".join(targets[i] for i in asked), " ".join(predictions[i] for i in asked)

