"""The unrolled network: one cell box per time step and layer, arrows carrying h_t along time.

Long sequences show their first and last steps around an ellipsis, so the figure stays readable.
A plain figure dict (shapes and annotations only), redrawn live.
"""
from __future__ import annotations

from dl_engine.viz.figure_dicts import arrow, axis, figure, rect, text_at

MAX_DRAWN = 12
GOOD, BAD, NEUTRAL = "#2ca02c", "#d62728", "#444"


def _columns(T: int) -> list[int | None]:
    """Time indices to draw (None = the ellipsis column)."""
    if T <= MAX_DRAWN:
        return list(range(T))
    head = MAX_DRAWN // 2
    return list(range(head)) + [None] + list(range(T - (MAX_DRAWN - head - 1), T))


def unrolled(cell: str, labels: list[str], outputs: list[str] | None, correct: list[bool] | None,
             num_layers: int = 1, bidirectional: bool = False, many_to_one: bool = False,
             final_output: str | None = None) -> dict:
    """Diagram of the network unrolled over one sequence.

    labels: (T,) inputs; outputs/correct: (T,) predictions at each step and whether each is right
    (many-to-many), or final_output: the single answer after the last step (many-to-one).
    """
    cols = _columns(len(labels))
    rows = num_layers * (2 if bidirectional else 1)
    notes, shapes = [], []
    w, h = 0.6, 0.5
    name = cell.upper()
    for k, t in enumerate(cols):
        if t is None:
            notes.append(text_at(k, rows / 2, "…", 30))
            continue
        notes += [text_at(k, -0.9, f"<b>{labels[t]}</b>", 18), text_at(k, -1.35, f"x<sub>{t + 1}</sub>", 14),
                  arrow(k, -0.25 - h / 2, k, -0.7, NEUTRAL, 1.5)]
        for row in range(rows):
            reverse = bidirectional and row % 2 == 1
            shapes.append(rect(k - w / 2, k + w / 2, row - h / 2, row + h / 2,
                               "#fde0c5" if reverse else "#cfe2f3", NEUTRAL))
            notes.append(text_at(k, row, name + (" ←" if reverse else ""), 14))
            nxt = k - 1 if reverse else k + 1
            if 0 <= nxt < len(cols) and cols[nxt] is not None:
                x0, x1 = (k - w / 2, nxt + w / 2) if reverse else (k + w / 2, nxt - w / 2)
                notes.append(arrow(x1, row, x0, row, NEUTRAL))
        if outputs is not None and not many_to_one:
            colour = NEUTRAL if correct is None else (GOOD if correct[t] else BAD)
            notes.append(text_at(k, rows - 0.5 + 0.55, f"<b>{outputs[t]}</b>", 18, colour))
    if many_to_one and final_output is not None:
        notes.append(text_at(len(cols) - 0.5 + 0.1, rows - 1, f"→ <b>{final_output}</b>", 16, NEUTRAL,
                             xanchor="left"))
    span = len(cols) + (3.5 if many_to_one else 0)
    caption = ("top: the prediction at each step (green right, red wrong)" if not many_to_one
               else "one answer after the last step")
    return figure([], f"Unrolled {name} over one sequence — {caption}", 170 + 80 * rows,
                  margin=dict(l=10, r=10, t=60, b=10), plot_bgcolor="white", showlegend=False,
                  shapes=shapes, annotations=notes, xaxis=axis(visible=False, range=[-0.7, span]),
                  yaxis=axis(visible=False, range=[-1.6, rows + 0.3]))
