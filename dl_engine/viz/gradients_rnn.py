"""The recurrent-gradient chart: ‖∂h_T/∂h_t‖ against t for the RNN, the LSTM and the GRU."""
from __future__ import annotations

import numpy as np

from dl_engine.viz.figure_dicts import LEGEND_BELOW, LEGEND_BELOW_MARGIN, MARGIN, axis, hline, index_axis, line
from dl_engine.viz.gradients import style

COLOURS = ("#d62728", "#2ca02c", "#98df8a", "#9467bd")
DASHES = ("solid", "solid", "dot", "dash")


def recurrent_figure(steps: np.ndarray, curves: dict[str, np.ndarray], height: int = 460) -> dict:
    """steps: (T,) t = 1…T; curves: {name: (T,) Jacobian norms, 1 at t = T}; log y axis."""
    data = []
    for (name, values), colour, dash in zip(curves.items(), COLOURS, DASHES):
        values = np.asarray(values, dtype=float)
        data.append(line(steps, np.where(values > 0, values, np.nan), name, colour, dash=dash,
                         hovertemplate="t = %{x}: %{y:.3g}<extra>" + name + "</extra>"))
    return {"data": data, "layout": style(
        "How far back the gradient reaches through time", height, shapes=[hline(1.0)],
        xaxis=index_axis("time step t (the gradient travels from T back to t)", steps),
        yaxis=axis("‖∂h_T/∂h_t‖ (log scale)", type="log", exponentformat="power"),
        legend=LEGEND_BELOW, margin=dict(MARGIN, b=LEGEND_BELOW_MARGIN))}
