"""Transformer-page figures: the layer × head grid of attention maps, a BertViz-style lines view,
per-head entropy over training and the head-ablation grid: live-figure specs (viz.spec)."""
from __future__ import annotations

import numpy as np

from dl_engine.viz.attention_style import COLOURS, MARGIN, cells, curves, matrix_figure, token_ticks
from dl_engine.viz.spec import Axis, Chart, ColourBar, GridAxis, HeatmapGrid, Legend, Line, PaperText, grid_cells

LEVELS = (0.1, 0.3, 0.5, 0.7, 0.9)  # α buckets drawn as lines of rising opacity
LEGEND_PER_ROW = 8                   # entropy legend entries ("L1 H1") in one row of a full-width chart


def head_grid(attention: np.ndarray, tokens: list[str], title: str = "Attention maps, layer × head",
              height: int | None = None) -> HeatmapGrid:
    """One heatmap per (layer, head), row-major: query rows (row 0 at the top), key columns;
    head titles over the columns, layer titles right of the rows, one α colour bar (all share
    its 0…1 scale). attention: (L, H, T, T)."""
    n_layers, n_heads = attention.shape[:2]
    domains, titles = grid_cells(n_layers, n_heads, 0.03, 0.06, column_titles=[f"head {h + 1}" for h in range(n_heads)],
                                 row_titles=[f"layer {l + 1}" for l in range(n_layers)])
    small = len(tokens) > 12 or n_heads > 4
    crowded = len(tokens) * n_heads > 64  # key labels would overlap one another under the cells
    ticks = dict(tick_size=12 if small else 14, **token_ticks(tokens))
    panels = []
    for k, (x_domain, y_domain) in enumerate(domains):
        l, h = divmod(k, n_heads)
        bar = ColourBar(title="α", length=0.5, y=1, anchor="top") if k == 0 else None
        panels.append(cells(attention[l, h], text=False, bar=bar,
                            x_axis=GridAxis(domain=x_domain, labels=not crowded and (not small or l == n_layers - 1),
                                            **ticks),
                            y_axis=GridAxis(domain=y_domain, reversed=True, labels=h == 0, **ticks)))
    per_row = max(180, min(320, 900 // n_heads))
    height = height or per_row * n_layers + 130
    # the footer 30 px under the plot: below the bottom row's key labels, whatever the height
    below = -30 / max(1, height - MARGIN["t"] - MARGIN["b"])
    footer = PaperText(text="rows: query token (attending) · columns: key token (attended to)", x=0.5, y=below,
                       size=15, y_anchor="top")  # in the theme's text colour
    return HeatmapGrid(title=title, height=height, panels=panels, notes=titles + [footer], margin=MARGIN)


def _segments(weights: np.ndarray, lo: float, hi: float) -> tuple[np.ndarray, np.ndarray]:
    """Query → key segments with lo ≤ α < hi, NaN-separated (one line draws them all).
    weights: (T, T) → x, y: (3n,)."""
    i, j = np.nonzero((weights >= lo) & (weights < hi))
    gap = np.full(len(i), np.nan)
    x = np.column_stack([np.zeros(len(i)), np.ones(len(i)), gap]).ravel()
    return x, np.column_stack([i, j, gap]).ravel()


def lines_view(weights: np.ndarray, tokens: list[str], heads: list[int], layer: int,
               height: int | None = None) -> Chart:
    """BertViz-style: each token on the left (x 0, query) sends lines to the tokens it attends to
    on the right (x 1, key), token 0 at the top; one colour per head, the lines of each α bucket
    (LEVELS) wider and more opaque the larger α; the legend under the plot names the heads.
    weights: (H, T, T) for one layer."""
    marks = []
    t = len(tokens)
    for h in heads:
        named = False   # the head's first drawn bucket names it in the legend, whichever α it holds
        for lo, hi in zip(LEVELS, LEVELS[1:] + (1.01,)):
            xs, ys = _segments(weights[h], lo, hi)
            if len(xs):
                marks.append(Line(x=xs, y=ys, name=f"head {h + 1}", colour=COLOURS[h % len(COLOURS)],
                                  width=1 + 5 * lo, opacity=min(1.0, hi), hoverable=False, legend=not named))
                named = True
    for side, anchor in ((0, "left"), (1, "right")):
        marks.append(Line(x=[side] * t, y=np.arange(t), lines=False, labels=tokens, label_position=f"middle {anchor}",
                          label_size=16, hoverable=False, legend=False))
    return Chart(title=f"Who attends to whom — layer {layer + 1} (line opacity = α)",
                 height=height or max(340, 34 * t + 140), marks=marks, x=Axis(range=[-0.45, 1.45], tick_values=[0, 1],
                                     tick_labels=["query (attending)", "key (attended to)"]),
                 y=Axis(reversed=True, visible=False), legend=Legend(below=True))


def entropy_figure(history: dict[str, np.ndarray], labels: list[str], height: int | None = None) -> Chart:
    """Mean attention entropy of each head over training (nats), one line per head against
    history["step"]; history holds 'entropy/<label>' → (T,)."""
    series = {label: history.get(f"entropy/{label}", np.array([])) for label in labels}
    legend_rows = -(-len(labels) // LEGEND_PER_ROW)  # 4 layers × 8 heads: 4 rows the plot must not lose
    return curves(history.get("step", np.array([])), series, "Per-head attention entropy (low = focused)",
                  "entropy H (nats)", height=height or 380 + 24 * (legend_rows - 1))


def ablation_figure(delta: np.ndarray, height: int | None = None) -> HeatmapGrid:
    """Held-out loss increase when one head is zeroed, delta (L, H): a layer × head matrix on a
    signed scale centred on 0, its numbers in the cells while there is room."""
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

