"""Figures for the recurrent playground: gate heatmaps, gradient through time, loss, trajectories.

Pure functions: NumPy arrays and lists in, plain figure dicts out (fonts ≥ 14 px for a projector).
"""
from __future__ import annotations

import math

import numpy as np

from dl_engine.viz.figure_dicts import (LEGEND_BELOW, LEGEND_BELOW_MARGIN, axis, colorscale, figure, grid,
                                        heatmap, hline, index_axis, index_ticks, line, panel_colorbar)

CELL_COLOURS = {"rnn": "#d62728", "lstm": "#1f77b4", "gru": "#2ca02c"}
GATE_TITLES = {
    "f": "forget gate f_t", "i": "input gate i_t", "c_tilde": "candidate C̃_t", "o": "output gate o_t",
    "c": "cell state C_t", "h": "hidden state h_t", "z": "update gate z_t", "r": "reset gate r_t",
    "h_tilde": "candidate h̃_t",
}
SIGMOID_GATES = ("f", "i", "o", "z", "r")
MARGIN = dict(l=70, r=30, t=70, b=60)
ROW_GAP_PX = 100
BELOW = dict(legend=LEGEND_BELOW, margin=MARGIN | dict(b=LEGEND_BELOW_MARGIN))


def _figure(data: list[dict], title: str, height: int, **kw) -> dict:
    kw.setdefault("margin", MARGIN)
    return figure(data, title, height, **kw)


def _step_axis(labels: list[str], every: int) -> dict:
    """Numeric time axis ticked with the inputs (repeated characters stay separate steps)."""
    idx = list(range(0, len(labels), every))
    return dict(tickmode="array", tickvals=idx, ticktext=[labels[i] for i in idx], tickangle=0)


def _scale(gate: str, values: np.ndarray) -> tuple[float, float, str]:
    """(zmin, zmax, colour scale): sigmoid gates 0…1, tanh-bounded values ±1, the cell state ±its max."""
    if gate in SIGMOID_GATES:
        return 0.0, 1.0, "Viridis"
    bound = 1.0 if gate != "c" else max(1e-6, float(np.nanmax(np.abs(values), initial=0.0)))
    return -bound, bound, "RdBu_r"


def gate_heatmaps(trace: dict[str, np.ndarray], gates: list[str], labels: list[str],
                  hidden_size: int, title: str) -> dict:
    """One heatmap per gate/state, unit × time step, for one sequence.

    trace: {gate: (T, H_shown)}; sigmoid gates on a fixed 0…1 scale, tanh-bounded values on
    −1…1, the LSTM cell state on ±its largest magnitude. labels: (T,) input at each step.
    """
    cols = 2 if len(gates) > 1 else 1
    rows = -(-len(gates) // cols)
    height = max(300, 260 * rows + 40)
    # ~100 px between rows: a row's tick labels and axis title, then the next row's panel titles
    gap = min(0.3, ROW_GAP_PX / (height - MARGIN["t"] - MARGIN["b"]))
    # 0.2 between columns: a panel's colour bar, then the next panel's unit ticks and axis title
    axes, titles, ids = grid(rows, cols, 0.2, gap, titles=[GATE_TITLES.get(g, g) for g in gates], title_size=15)
    T = len(labels)
    every = max(1, -(-T // 12))  # at most ~12 ticks: readable in a half-width panel
    steps = np.array([f"{t + 1} ({label})" for t, label in enumerate(labels)])
    data = []
    for n, gate in enumerate(gates):
        values = np.asarray(trace[gate]).T  # (H, T)
        zmin, zmax, scale = _scale(gate, values)
        x, y = ids[n]
        bar = panel_colorbar(axes["xaxis" + x[1:]]["domain"], axes["yaxis" + y[1:]]["domain"])
        data.append(heatmap(values, scale, zmin, zmax, colorbar=bar, xaxis=x, yaxis=y,
                            customdata=np.broadcast_to(steps, values.shape),  # hover names the input
                            hovertemplate=f"unit %{{y}} · step %{{customdata}}<br>{gate} = %{{z:.3f}}<extra></extra>"))
        axes["xaxis" + x[1:]] |= axis("time step (input)", **_step_axis(labels, every))
        axes["yaxis" + y[1:]] |= axis("unit", **index_ticks(values.shape[0]))
    shown = trace[gates[0]].shape[1]
    note = f" (first {shown} of {hidden_size} units)" if shown < hidden_size else ""
    return _figure(data, title + note, height, annotations=titles, **axes)


def _colour(colours: dict[str, str] | None, name: str) -> str | None:
    return (colours or {}).get(name)


def grad_through_time(curves: dict[str, np.ndarray], title: str, colours: dict[str, str] | None = None
                      ) -> dict:
    """‖∂L_T/∂h_t‖ against t on a log scale, one line per curve (e.g. per cell type). curves: name → (T,)."""
    data = []
    for name, values in curves.items():
        values = np.asarray(values, dtype=float)
        shown = np.where(values > 0, values, np.nan)  # zero (truncated BPTT) has no log
        data.append(line(np.arange(1, len(values) + 1), shown, name, _colour(colours, name), mode="lines+markers"))
    steps = max((len(v) for v in curves.values()), default=1)
    return _figure(data, title, 400, xaxis=index_axis("time step t (T = the last step, where the loss is)", [1, steps]),
                   yaxis=axis("gradient norm (log scale)", type="log", exponentformat="power"), **BELOW)


def loss_curves(step: np.ndarray, curves: dict[str, np.ndarray], title: str, log: bool = True,
                colours: dict[str, str] | None = None, y_title: str = "loss") -> dict:
    """Loss (or accuracy) against training step, one line per name. step: (N,); curves: name → (N,),
    NaN where a snapshot did not measure it (held-out sets are evaluated less often than snapshots
    are taken): each line joins the points it has."""
    step = np.asarray(step)
    data = []
    for name, values in curves.items():
        values = np.asarray(values, dtype=float)
        keep = np.isfinite(values)
        mode = "lines+markers" if keep.sum() < 30 else "lines"  # the first point alone draws no line
        data.append(line(step[keep], values[keep], name, _colour(colours, name), mode=mode))
    return _figure(data, title, 400, xaxis=index_axis("training step", step),
                   yaxis=axis(y_title, type="log" if log else "linear"), **BELOW)


def gradient_norm_vs_threshold(history: dict[str, np.ndarray], threshold: float) -> dict:
    """Total ‖∇θ‖ before clipping (from the probed steps' per-layer norms) against the clip threshold τ."""
    layers = [k for k in history if k.startswith("grad_norm/")]
    total = np.sqrt(sum(history[k] ** 2 for k in layers)) if layers else np.full(len(history["step"]), np.nan)
    # an annotation on a log axis is placed at log10(y): this one sits on the τ line
    label = {"text": f"τ = {threshold:g}: above it, the step is scaled down to τ", "showarrow": False,
             "x": 1, "xref": "x domain", "xanchor": "right", "y": math.log10(threshold), "yref": "y",
             "yanchor": "bottom", "font": {"size": 14}}
    norm = line(history["step"], total, "‖∇θ‖ before clipping", mode="lines+markers", connectgaps=True)
    return _figure([norm], "Gradient clipping by norm", 360, shapes=[hline(threshold, "#d62728", width=2)],
                   annotations=[label], xaxis=index_axis("training step", history["step"]),
                   yaxis=axis("gradient norm (log scale)", type="log"))


def _point_label(t: int, label: str) -> str:
    """ "3:l" for step 3 reading "l"; just "3" when the label is the step number itself."""
    return str(t + 1) if label == str(t + 1) else f"{t + 1}:{label}"


def trajectory(coords: np.ndarray, labels: list[str], explained: np.ndarray) -> dict:
    """The hidden state's path h_1 → h_T projected on its two principal components. coords (T, 2)."""
    T = len(labels)
    path = line(coords[:, 0], coords[:, 1], colour="#999", width=1, mode="lines+markers+text",
                textposition="top center", textfont={"size": 14}, showlegend=False,
                marker={"size": 10, "color": np.arange(T), "colorscale": colorscale("Plasma"),
                        "colorbar": {"title": {"text": "step"}, **index_ticks(T)}, "showscale": True},
                hovertemplate="step %{marker.color}<extra></extra>")
    if T <= 30:
        path["text"] = [_point_label(t, labels[t]) for t in range(T)]
    return _figure([path], "Hidden-state trajectory h_t (2-D PCA)", 420,
                   xaxis=axis(f"PC 1 ({explained[0]:.0%} of variance)"),
                   yaxis=axis(f"PC 2 ({explained[1]:.0%} of variance)"))


def forecast(inputs: np.ndarray, truth: np.ndarray, predicted: np.ndarray) -> dict:
    """Next-step forecasting for one sequence: the noisy input, the true next value, the prediction. (T,) each."""
    t = np.arange(1, len(truth) + 1)
    data = [line(t, inputs, "input x_t (noisy)", mode="markers", marker={"color": "#999", "size": 7}),
            line(t + 1, truth, "truth x_{t+1}", "#222"),
            line(t + 1, predicted, "prediction ŷ_t", "#d62728", dash="dot", mode="lines+markers")]
    return _figure(data, "Forecast: prediction vs truth (one step ahead)", 400,
                   xaxis=index_axis("time step", [1, len(truth) + 1]), yaxis=axis("value"), **BELOW)
