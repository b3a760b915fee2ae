"""The unrolled network: one cell box per time step and layer, arrows carrying h_t along time.

Long sequences show their first and last steps around an ellipsis, so the figure stays readable.
A chart of rectangles, arrows and notes only (no marks), redrawn live.
"""
from __future__ import annotations

from dl_engine.viz.spec import Arrow, Axis, Chart, Note, Rect

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
             final_output: str | None = None) -> Chart:
    """Diagram of the network unrolled over one sequence: per drawn step (column) the input and
    x_t under an arrow up into a cell box per layer (and direction: backward boxes orange, "←"),
    arrows carrying h_t to the next box along time, and the step's prediction above the top box
    (green right, red wrong, grey when not judged) or the one answer right of the last step.

    labels: (T,) inputs; outputs/correct: (T,) predictions at each step and whether each is right
    (many-to-many), or final_output: the single answer after the last step (many-to-one).
    """
    cols = _columns(len(labels))
    rows = num_layers * (2 if bidirectional else 1)
    notes, rects = [], []
    w, h = 0.6, 0.5
    name = cell.upper()
    for k, t in enumerate(cols):
        if t is None:
            notes.append(Note(text="…", x=k, y=rows / 2, size=30))
            continue
        notes += [Note(text=f"<b>{labels[t]}</b>", x=k, y=-0.9, size=18),
                  Note(text=f"x<sub>{t + 1}</sub>", x=k, y=-1.35, size=14),
                  Arrow(x0=k, y0=-0.7, x1=k, y1=-0.25 - h / 2, colour=NEUTRAL, width=1.5)]
        for row in range(rows):
            reverse = bidirectional and row % 2 == 1
            rects.append(Rect(x0=k - w / 2, x1=k + w / 2, y0=row - h / 2, y1=row + h / 2,
                              fill="#fde0c5" if reverse else "#cfe2f3", colour=NEUTRAL))
            notes.append(Note(text=name + (" ←" if reverse else ""), x=k, y=row, size=14))
            nxt = k - 1 if reverse else k + 1
            if 0 <= nxt < len(cols) and cols[nxt] is not None:
                x0, x1 = (k - w / 2, nxt + w / 2) if reverse else (k + w / 2, nxt - w / 2)
                notes.append(Arrow(x0=x0, y0=row, x1=x1, y1=row, colour=NEUTRAL))
        if outputs is not None and not many_to_one:
            colour = NEUTRAL if correct is None else (GOOD if correct[t] else BAD)
            notes.append(Note(text=f"<b>{outputs[t]}</b>", x=k, y=rows - 0.5 + 0.55, size=18, colour=colour))
    if many_to_one and final_output is not None:
        notes.append(Note(text=f"→ <b>{final_output}</b>", x=len(cols) - 0.5 + 0.1, y=rows - 1, size=16,
                          colour=NEUTRAL, x_anchor="left"))
    span = len(cols) + (3.5 if many_to_one else 0)
    caption = ("top: the prediction at each step (green right, red wrong)" if not many_to_one
               else "one answer after the last step")
    return Chart(title=f"Unrolled {name} over one sequence — {caption}", height=170 + 80 * rows,
                 background="white", show_legend=False, rects=rects, notes=notes,
                 x=Axis(visible=False, range=[-0.7, span]), y=Axis(visible=False, range=[-1.6, rows + 0.3]))
