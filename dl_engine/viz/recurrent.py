"""Figures for the recurrent playground: gate heatmaps, gradient through time, loss, trajectories.

Pure functions: NumPy arrays and lists in, plotly Figures out (fonts ≥ 14 px for a projector).
"""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

FONT = dict(size=15)
CELL_COLOURS = {"rnn": "#d62728", "lstm": "#1f77b4", "gru": "#2ca02c"}
GATE_TITLES = {
    "f": "forget gate f_t", "i": "input gate i_t", "c_tilde": "candidate C̃_t", "o": "output gate o_t",
    "c": "cell state C_t", "h": "hidden state h_t", "z": "update gate z_t", "r": "reset gate r_t",
    "h_tilde": "candidate h̃_t",
}
SIGMOID_GATES = ("f", "i", "o", "z", "r")
LEGEND_BELOW = dict(legend=dict(orientation="h", y=-0.3), margin=dict(l=70, r=30, t=70, b=110))


def _layout(fig: go.Figure, title: str, height: int, **kw) -> go.Figure:
    kw.setdefault("margin", dict(l=70, r=30, t=70, b=60))
    fig.update_layout(title=dict(text=title, font=dict(size=18)), font=FONT, height=height, **kw)
    return fig


def _step_axis(labels: list[str], every: int) -> dict:
    """Numeric time axis ticked with the inputs (repeated characters stay separate steps)."""
    idx = list(range(0, len(labels), every))
    return dict(tickmode="array", tickvals=idx, ticktext=[labels[i] for i in idx], tickangle=0)


def gate_heatmaps(trace: dict[str, np.ndarray], gates: list[str], labels: list[str],
                  hidden_size: int, title: str) -> go.Figure:
    """One heatmap per gate/state, unit × time step, for one sequence.

    trace: {gate: (T, H_shown)}; sigmoid gates on a fixed 0…1 scale, tanh-bounded values on
    −1…1, the LSTM cell state on ±its largest magnitude. labels: (T,) input at each step.
    """
    cols = 2 if len(gates) > 1 else 1
    rows = -(-len(gates) // cols)
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=[GATE_TITLES.get(g, g) for g in gates],
                        horizontal_spacing=0.12, vertical_spacing=0.16 if rows > 1 else 0.1)
    T = len(labels)
    every = max(1, -(-T // 12))  # at most ~12 ticks: readable in a half-width panel
    for n, gate in enumerate(gates):
        values = trace[gate].T  # (H, T)
        if gate in SIGMOID_GATES:
            zmin, zmax, scale = 0.0, 1.0, "Viridis"
        else:
            bound = 1.0 if gate != "c" else max(1e-6, float(np.abs(values).max()))
            zmin, zmax, scale = -bound, bound, "RdBu_r"
        r, c = n // cols + 1, n % cols + 1
        hover = [[f"unit {u} · step {t + 1} ({labels[t]})<br>{gate} = %{{z:.3f}}" for t in range(T)]
                 for u in range(values.shape[0])]
        fig.add_trace(go.Heatmap(z=values, zmin=zmin, zmax=zmax, colorscale=scale, showscale=False,
                                 customdata=hover, hovertemplate="%{customdata}<extra></extra>"), r, c)
        fig.update_xaxes(title_text="time step (input)", row=r, col=c, **_step_axis(labels, every))
        fig.update_yaxes(title_text="unit", row=r, col=c)
    shown = trace[gates[0]].shape[1]
    note = f" (first {shown} of {hidden_size} units)" if shown < hidden_size else ""
    fig.update_annotations(font=dict(size=15))
    return _layout(fig, title + note, height=max(300, 260 * rows + 40))


def grad_through_time(curves: dict[str, np.ndarray], title: str, colours: dict[str, str] | None = None
                      ) -> go.Figure:
    """‖∂L_T/∂h_t‖ against t on a log scale, one line per curve (e.g. per cell type)."""
    fig = go.Figure()
    for name, values in curves.items():
        values = np.asarray(values, dtype=float)
        shown = np.where(values > 0, values, np.nan)  # zero (truncated BPTT) has no log
        fig.add_trace(go.Scatter(x=np.arange(1, len(values) + 1), y=shown, mode="lines+markers", name=name,
                                 line=dict(color=(colours or {}).get(name), width=3)))
    fig.update_yaxes(type="log", title_text="gradient norm (log scale)", exponentformat="power")
    fig.update_xaxes(title_text="time step t (T = the last step, where the loss is)")
    return _layout(fig, title, height=400, **LEGEND_BELOW)


def loss_curves(step: np.ndarray, curves: dict[str, np.ndarray], title: str, log: bool = True,
                colours: dict[str, str] | None = None, y_title: str = "loss") -> go.Figure:
    """Loss (or accuracy) against training step, one line per name."""
    fig = go.Figure()
    for name, values in curves.items():
        fig.add_trace(go.Scatter(x=step, y=values, mode="lines", name=name,
                                 line=dict(color=(colours or {}).get(name), width=3)))
    fig.update_xaxes(title_text="training step")
    fig.update_yaxes(title_text=y_title, type="log" if log else "linear")
    return _layout(fig, title, height=400, **LEGEND_BELOW)


def gradient_norm_vs_threshold(history: dict[str, np.ndarray], threshold: float) -> go.Figure:
    """Total ‖∇θ‖ before clipping (from the probed steps' per-layer norms) against the clip threshold τ."""
    layers = [k for k in history if k.startswith("grad_norm/")]
    total = np.sqrt(sum(history[k] ** 2 for k in layers)) if layers else np.full(len(history["step"]), np.nan)
    fig = go.Figure([go.Scatter(x=history["step"], y=total, mode="lines+markers", name="‖∇θ‖ before clipping",
                                line=dict(width=3), connectgaps=True)])
    fig.add_hline(y=threshold, line=dict(color="#d62728", dash="dash", width=2),
                  annotation_text=f"τ = {threshold:g}: above it, the step is scaled down to τ", annotation_font_size=14,
                  annotation_position="top right")
    fig.update_xaxes(title_text="training step")
    fig.update_yaxes(title_text="gradient norm (log scale)", type="log")
    return _layout(fig, "Gradient clipping by norm", height=360)


def _point_label(t: int, label: str) -> str:
    """ "3:l" for step 3 reading "l"; just "3" when the label is the step number itself."""
    return str(t + 1) if label == str(t + 1) else f"{t + 1}:{label}"


def trajectory(coords: np.ndarray, labels: list[str], explained: np.ndarray) -> go.Figure:
    """The hidden state's path h_1 → h_T projected on its two principal components. coords (T, 2)."""
    fig = go.Figure()
    T = len(labels)
    fig.add_trace(go.Scatter(x=coords[:, 0], y=coords[:, 1], mode="lines+markers+text",
                             text=[_point_label(t, labels[t]) for t in range(T)] if T <= 30 else None,
                             textposition="top center", textfont=dict(size=14),
                             marker=dict(size=10, color=np.arange(T), colorscale="Plasma",
                                         colorbar=dict(title="step"), showscale=True),
                             line=dict(color="#999", width=1), showlegend=False,
                             hovertemplate="step %{marker.color}<extra></extra>"))
    fig.update_xaxes(title_text=f"PC 1 ({explained[0]:.0%} of variance)")
    fig.update_yaxes(title_text=f"PC 2 ({explained[1]:.0%} of variance)")
    return _layout(fig, "Hidden-state trajectory h_t (2-D PCA)", height=420)


def forecast(inputs: np.ndarray, truth: np.ndarray, predicted: np.ndarray) -> go.Figure:
    """Next-step forecasting for one sequence: the noisy input, the true next value, the prediction. (T,) each."""
    t = np.arange(1, len(truth) + 1)
    fig = go.Figure([
        go.Scatter(x=t, y=inputs, mode="markers", name="input x_t (noisy)", marker=dict(color="#999", size=7)),
        go.Scatter(x=t + 1, y=truth, mode="lines", name="truth x_{t+1}", line=dict(color="#222", width=3)),
        go.Scatter(x=t + 1, y=predicted, mode="lines+markers", name="prediction ŷ_t",
                   line=dict(color="#d62728", width=3, dash="dot")),
    ])
    fig.update_xaxes(title_text="time step")
    fig.update_yaxes(title_text="value")
    return _layout(fig, "Forecast: prediction vs truth (one step ahead)", height=400,
                   **LEGEND_BELOW)
