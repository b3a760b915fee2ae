"""Seq2seq-page figures: the alignment matrix (output step × input step) and accuracy vs input length.
Live-figure specs (viz.spec), redrawn while the models train."""
from __future__ import annotations

import numpy as np

from dl_engine.viz.attention_style import COLOURS, matrix_figure
from dl_engine.viz.spec import Axis, Chart, HeatmapGrid, Legend, Line, Markers

MODEL_LABELS = {"attention": "with attention (c_t)", "plain": "without attention (c = h_T)"}


def alignment_figure(alignment: np.ndarray, source: list[str], outputs: list[str],
                     max_steps: int | None = None) -> HeatmapGrid:
    """α_{t,j}: rows = output steps (the model's own tokens, then its end mark), columns = input
    tokens. alignment: (T_out, S). The height fits max_steps rows (default T_out): a live chart
    keeps one height while the model learns where to stop."""
    rows = [f"{i + 1}: {tok}" for i, tok in enumerate(list(outputs) + ["■ end"])][:alignment.shape[0]]
    return matrix_figure(alignment, rows, source, "Alignment α: which input each output step reads",
                         "input token j", "output step t", text=len(source) <= 10,
                         height=max(360, 34 * (max_steps or len(rows)) + 170), scale_title="α")


def accuracy_by_length_figure(lengths: np.ndarray, accuracy: dict[str, np.ndarray],
                              height: int = 400) -> Chart:
    """Held-out token accuracy (%) per input length, one line with markers per model, the legend
    under the plot. lengths: (N,); accuracy: name → (N,) fractions."""
    marks = [Line(x=lengths, y=100 * np.asarray(acc), name=MODEL_LABELS.get(name, name), colour=COLOURS[i], width=3,
                  markers=Markers(size=9))
             for i, (name, acc) in enumerate(accuracy.items())]
    return Chart(title="Accuracy vs input length: the fixed context's bottleneck", height=height, marks=marks,
                 x=Axis.index("input length (tokens)", lengths), y=Axis(title="tokens right (%)", range=[0, 102]),
                 legend=Legend(below=True))
