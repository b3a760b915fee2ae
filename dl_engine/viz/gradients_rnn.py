"""The recurrent-gradient chart: ‖∂h_T/∂h_t‖ against t for the RNN, the LSTM and the GRU."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from dl_engine.viz.gradients import style

COLOURS = ("#d62728", "#2ca02c", "#98df8a", "#9467bd")
DASHES = ("solid", "solid", "dot", "dash")


def recurrent_figure(steps: np.ndarray, curves: dict[str, np.ndarray], height: int = 420) -> go.Figure:
    """steps: (T,) t = 1…T; curves: {name: (T,) Jacobian norms, 1 at t = T}; log y axis."""
    fig = go.Figure()
    for (name, values), colour, dash in zip(curves.items(), COLOURS, DASHES):
        values = np.asarray(values, dtype=float)
        fig.add_trace(go.Scatter(x=steps, y=np.where(values > 0, values, np.nan), mode="lines", name=name,
                                 line=dict(color=colour, width=3, dash=dash),
                                 hovertemplate="t = %{x}: %{y:.3g}<extra>" + name + "</extra>"))
    fig.add_hline(y=1.0, line_dash="dash", line_color="#555")
    fig.update_xaxes(title="time step t (the gradient travels from T back to t)")
    fig.update_yaxes(type="log", title="‖∂h_T/∂h_t‖ (log scale)", exponentformat="power")
    fig.update_layout(legend=dict(orientation="h", y=-0.25, x=0))
    return style(fig, "How far back the gradient reaches through time", height)
