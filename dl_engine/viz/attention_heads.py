"""Transformer-page figures: the layer × head grid of attention maps, a BertViz-style lines view,
per-head entropy over training and the head-ablation grid."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dl_engine.viz.attention_style import COLOURS, curves, heatmap, matrix_figure, style, token_axis

LEVELS = (0.1, 0.3, 0.5, 0.7, 0.9)  # α buckets drawn as lines of rising opacity


def head_grid(attention: np.ndarray, tokens: list[str], title: str = "Attention maps, layer × head",
              height: int | None = None) -> go.Figure:
    """One heatmap per (layer, head): query rows, key columns. attention: (L, H, T, T)."""
    n_layers, n_heads = attention.shape[:2]
    fig = make_subplots(rows=n_layers, cols=n_heads, horizontal_spacing=0.03, vertical_spacing=0.06,
                        column_titles=[f"head {h + 1}" for h in range(n_heads)],
                        row_titles=[f"layer {l + 1}" for l in range(n_layers)])
    small = len(tokens) > 12 or n_heads > 4
    for l in range(n_layers):
        for h in range(n_heads):
            fig.add_trace(heatmap(attention[l, h], text=False, showscale=(l, h) == (0, 0),
                                  colorbar=dict(title="α", len=0.5, y=1, yanchor="top")),
                          row=l + 1, col=h + 1)
            fig.update_xaxes(row=l + 1, col=h + 1, showticklabels=not small or l == n_layers - 1,
                             tickfont=dict(size=12 if small else 14), **token_axis(tokens))
            fig.update_yaxes(row=l + 1, col=h + 1, autorange="reversed", showticklabels=h == 0,
                             tickfont=dict(size=12 if small else 14), **token_axis(tokens))
    fig.update_annotations(font=dict(size=16))
    fig.add_annotation(text="rows: query token (attending) · columns: key token (attended to)",
                       xref="paper", yref="paper", x=0.5, y=-0.06, showarrow=False, yanchor="top")
    per_row = max(180, min(320, 900 // n_heads))
    return style(fig, title, height or per_row * n_layers + 130)


def lines_view(weights: np.ndarray, tokens: list[str], heads: list[int], layer: int,
               height: int | None = None) -> go.Figure:
    """BertViz-style: each token on the left sends lines to the tokens it attends to on the right;
    line opacity ∝ α, one colour per head. weights: (H, T, T) for one layer."""
    fig = go.Figure()
    t = len(tokens)
    for h in heads:
        for lo, hi in zip(LEVELS, LEVELS[1:] + (1.01,)):
            xs, ys = [], []
            for i, j in zip(*np.nonzero((weights[h] >= lo) & (weights[h] < hi))):
                xs += [0, 1, None]
                ys += [i, j, None]
            if xs:
                fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", opacity=min(1.0, hi), hoverinfo="skip",
                                         line=dict(color=COLOURS[h % len(COLOURS)], width=1 + 5 * lo),
                                         name=f"head {h + 1}", legendgroup=str(h),
                                         showlegend=lo == LEVELS[0]))
    for side, anchor in ((0, "left"), (1, "right")):
        fig.add_trace(go.Scatter(x=[side] * t, y=list(range(t)), mode="text", text=tokens, showlegend=False,
                                 textposition=f"middle {anchor}", textfont=dict(size=16), hoverinfo="skip"))
    fig.update_xaxes(range=[-0.45, 1.45], tickvals=[0, 1], ticktext=["query (attending)", "key (attended to)"])
    fig.update_yaxes(autorange="reversed", visible=False)
    return style(fig, f"Who attends to whom — layer {layer + 1} (line opacity = α)",
                 height or max(340, 34 * t + 140), legend=dict(orientation="h", y=-0.12))


def entropy_figure(history: dict[str, np.ndarray], labels: list[str], height: int = 360) -> go.Figure:
    """Mean attention entropy of each head over training (nats); history holds 'entropy/<label>'."""
    series = {label: history.get(f"entropy/{label}", np.array([])) for label in labels}
    return curves(history.get("step", np.array([])), series, "Per-head attention entropy (low = focused)",
                  "entropy H (nats)", height=height)


def ablation_figure(delta: np.ndarray, height: int | None = None) -> go.Figure:
    """Held-out loss increase when one head is zeroed. delta: (L, H)."""
    n_layers, n_heads = delta.shape
    fig = matrix_figure(delta, [f"layer {l + 1}" for l in range(n_layers)],
                        [f"head {h + 1}" for h in range(n_heads)],
                        "Head ablation: Δ loss per zeroed head", "head", "layer",
                        signed=True, height=height or 90 * n_layers + 170)
    fig.update_traces(colorbar=dict(title="Δ loss"))
    return fig


def answer_table_text(tokens: list[str], targets: list[str], predictions: list[str]) -> tuple[str, str, str]:
    """Question, wanted answer and predicted answer as strings (answer slots only)."""
    asked = [i for i, t in enumerate(targets) if t]
    question = " ".join(tokens[:asked[0]]) if asked else " ".join(tokens)
    return question, " ".join(targets[i] for i in asked), " ".join(predictions[i] for i in asked)

