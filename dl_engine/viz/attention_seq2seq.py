"""Seq2seq-page figures: the alignment matrix (output step × input step) and accuracy vs input length."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from dl_engine.viz.attention_style import COLOURS, matrix_figure, style

MODEL_LABELS = {"attention": "with attention (c_t)", "plain": "without attention (c = h_T)"}


def alignment_figure(alignment: np.ndarray, source: list[str], outputs: list[str],
                     height: int | None = None) -> go.Figure:
    """α_{t,j}: rows = output steps (the model's own tokens, then its end mark), columns = input
    tokens. alignment: (T_out, S)."""
    rows = [f"{i + 1}: {tok}" for i, tok in enumerate(list(outputs) + ["■ end"])][:alignment.shape[0]]
    fig = matrix_figure(alignment, rows, source, "Alignment α: which input each output step reads",
                        "input token j", "output step t", text=len(source) <= 10,
                        height=height or max(360, 34 * len(rows) + 170))
    fig.update_traces(colorbar=dict(title="α"))
    return fig


def accuracy_by_length_figure(lengths: np.ndarray, accuracy: dict[str, np.ndarray],
                              height: int = 380) -> go.Figure:
    """Held-out token accuracy per input length for each model. accuracy: name → (N,)."""
    fig = go.Figure()
    for i, (name, acc) in enumerate(accuracy.items()):
        fig.add_trace(go.Scatter(x=lengths, y=100 * np.asarray(acc), mode="lines+markers",
                                 name=MODEL_LABELS.get(name, name),
                                 line=dict(color=COLOURS[i], width=3), marker=dict(size=9)))
    fig.update_xaxes(title="input length (tokens)", dtick=1)
    fig.update_yaxes(title="tokens right (%)", range=[0, 102])
    return style(fig, "Accuracy vs input length: the fixed context's bottleneck", height,
                 legend=dict(orientation="h", y=-0.25))
