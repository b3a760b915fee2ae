"""The unrolled network: one cell box per time step and layer, arrows carrying h_t along time.

Long sequences show their first and last steps around an ellipsis, so the figure stays readable.
"""
from __future__ import annotations

import plotly.graph_objects as go

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
             final_output: str | None = None) -> go.Figure:
    """Diagram of the network unrolled over one sequence.

    labels: (T,) inputs; outputs/correct: (T,) predictions at each step and whether each is right
    (many-to-many), or final_output: the single answer after the last step (many-to-one).
    """
    cols = _columns(len(labels))
    rows = num_layers * (2 if bidirectional else 1)
    fig = go.Figure()
    w, h = 0.6, 0.5
    name = cell.upper()
    for k, t in enumerate(cols):
        if t is None:
            fig.add_annotation(x=k, y=rows / 2, text="…", showarrow=False, font=dict(size=30))
            continue
        fig.add_annotation(x=k, y=-0.9, text=f"<b>{labels[t]}</b>", showarrow=False, font=dict(size=18))
        fig.add_annotation(x=k, y=-1.35, text=f"x<sub>{t + 1}</sub>", showarrow=False, font=dict(size=14))
        fig.add_annotation(x=k, y=-0.25 - h / 2, ax=k, ay=-0.7, xref="x", yref="y", axref="x", ayref="y",
                           text="", arrowhead=2, arrowwidth=1.5, arrowcolor=NEUTRAL)
        for row in range(rows):
            reverse = bidirectional and row % 2 == 1
            colour = "#fde0c5" if reverse else "#cfe2f3"
            fig.add_shape(type="rect", x0=k - w / 2, x1=k + w / 2, y0=row - h / 2, y1=row + h / 2,
                          fillcolor=colour, line=dict(color=NEUTRAL, width=1.5))
            fig.add_annotation(x=k, y=row, text=name + (" ←" if reverse else ""), showarrow=False,
                               font=dict(size=14))
            nxt = k - 1 if reverse else k + 1
            if 0 <= nxt < len(cols) and cols[nxt] is not None:
                x0, x1 = (k - w / 2, nxt + w / 2) if reverse else (k + w / 2, nxt - w / 2)
                fig.add_annotation(x=x1, y=row, ax=x0, ay=row, xref="x", yref="y", axref="x", ayref="y",
                                   text="", arrowhead=2, arrowwidth=2, arrowcolor=NEUTRAL)
        if outputs is not None and not many_to_one:
            colour = NEUTRAL if correct is None else (GOOD if correct[t] else BAD)
            fig.add_annotation(x=k, y=rows - 0.5 + 0.55, text=f"<b>{outputs[t]}</b>", showarrow=False,
                               font=dict(size=18, color=colour))
    if many_to_one and final_output is not None:
        fig.add_annotation(x=len(cols) - 0.5 + 0.1, y=rows - 1, text=f"→ <b>{final_output}</b>",
                           showarrow=False, xanchor="left", font=dict(size=16, color=NEUTRAL))
    span = len(cols) + (3.5 if many_to_one else 0)
    fig.update_xaxes(visible=False, range=[-0.7, span])
    fig.update_yaxes(visible=False, range=[-1.6, rows + 0.3])
    caption = ("top: the prediction at each step (green right, red wrong)" if not many_to_one
               else "one answer after the last step")
    fig.update_layout(title=dict(text=f"Unrolled {name} over one sequence — {caption}", font=dict(size=18)),
                      height=170 + 80 * rows, margin=dict(l=10, r=10, t=60, b=10), font=dict(size=15),
                      plot_bgcolor="white", showlegend=False)
    return fig
