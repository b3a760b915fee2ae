"""Figures for the recurrent playground: gate heatmaps, gradient through time, loss, trajectories.

Pure functions: NumPy arrays and lists in, live-figure specs out (fonts ≥ 14 px for a projector).
"""
from __future__ import annotations

import math

import numpy as np

from dl_engine.viz.figure_dicts import index_ticks
from dl_engine.viz.spec import (Axis, Chart, ColourBar, ColourScale, GridAxis, Heatmap, HeatmapGrid, HLine, Legend,
                                Line, Markers, Note, grid_cells)

CELL_COLOURS = {"rnn": "#d62728", "lstm": "#1f77b4", "gru": "#2ca02c"}
GATE_TITLES = {
    "f": "forget gate f_t", "i": "input gate i_t", "c_tilde": "candidate C̃_t", "o": "output gate o_t",
    "c": "cell state C_t", "h": "hidden state h_t", "z": "update gate z_t", "r": "reset gate r_t",
    "h_tilde": "candidate h̃_t",
}
SIGMOID_GATES = ("f", "i", "o", "z", "r")
MARGIN = dict(l=70, r=30, t=70, b=60)
ROW_GAP_PX = 100
WIDTH = 3  # px: the lines of every chart here


def _scale(gate: str, values: np.ndarray) -> tuple[float, float, str]:
    """(zmin, zmax, colour scale): sigmoid gates 0…1, tanh-bounded values ±1, the cell state ±its max."""
    if gate in SIGMOID_GATES:
        return 0.0, 1.0, "Viridis"
    bound = 1.0 if gate != "c" else max(1e-6, float(np.nanmax(np.abs(values), initial=0.0)))
    return -bound, bound, "RdBu_r"


def gate_heatmaps(trace: dict[str, np.ndarray], gates: list[str], labels: list[str],
                  hidden_size: int, title: str) -> HeatmapGrid:
    """One heatmap panel per gate/state, unit (rows) × time step (columns), for one sequence,
    two panels a row, each titled and with its colour bar beside it.

    trace: {gate: (T, H_shown)}; sigmoid gates on a fixed 0…1 scale, tanh-bounded values on
    −1…1, the LSTM cell state on ±its largest magnitude. labels: (T,) input at each step, the
    x ticks (numeric steps: repeated characters stay separate steps).
    """
    cols = 2 if len(gates) > 1 else 1
    rows = -(-len(gates) // cols)
    height = max(300, 260 * rows + 40)
    # ~100 px between rows: a row's tick labels and axis title, then the next row's panel titles
    gap = min(0.3, ROW_GAP_PX / (height - MARGIN["t"] - MARGIN["b"]))
    # 0.2 between columns: a panel's colour bar, then the next panel's unit ticks and axis title
    cells, titles = grid_cells(rows, cols, 0.2, gap, titles=[GATE_TITLES.get(g, g) for g in gates], title_size=15)
    T = len(labels)
    every = max(1, -(-T // 12))  # at most ~12 ticks: readable in a half-width panel
    ticks = list(range(0, T, every))
    steps = np.array([f"{t + 1} ({label})" for t, label in enumerate(labels)])
    panels = []
    for gate, ((x0, x1), (y0, y1)) in zip(gates, cells):
        values = np.asarray(trace[gate]).T  # (H, T)
        zmin, zmax, scale = _scale(gate, values)
        panels.append(Heatmap(
            z=values, stops=scale, lo=zmin, hi=zmax,
            x_axis=GridAxis(domain=(x0, x1), title="time step (input)", tick_values=ticks,
                            tick_labels=[labels[t] for t in ticks]),
            y_axis=GridAxis(domain=(y0, y1), title="unit", step=index_ticks(values.shape[0])["dtick"]),
            # just right of its panel and as tall: the next panel starts 0.2 to the right
            bar=ColourBar(x=min(1.02, x1 + 0.01), y=(y0 + y1) / 2, length=y1 - y0, anchor="middle", thickness=12),
            extra=np.broadcast_to(steps, values.shape),  # hover names the input
            hover=f"unit %{{y}} · step %{{customdata}}<br>{gate} = %{{z:.3f}}<extra></extra>"))
    shown = trace[gates[0]].shape[1]
    note = f" (first {shown} of {hidden_size} units)" if shown < hidden_size else ""
    return HeatmapGrid(title=title + note, height=height, panels=panels, notes=titles, margin=MARGIN)


def _colour(colours: dict[str, str] | None, name: str) -> str | None:
    return (colours or {}).get(name)


def grad_through_time(curves: dict[str, np.ndarray], title: str, colours: dict[str, str] | None = None
                      ) -> Chart:
    """‖∂L_T/∂h_t‖ against t = 1…T on a log scale, one line with markers per curve (e.g. per cell
    type; a zero, from truncated BPTT, is a gap), the legend below. curves: name → (T,)."""
    marks = []
    for name, values in curves.items():
        values = np.asarray(values, dtype=float)
        shown = np.where(values > 0, values, np.nan)  # zero (truncated BPTT) has no log
        marks.append(Line(x=np.arange(1, len(values) + 1), y=shown, name=name, colour=_colour(colours, name),
                          width=WIDTH, markers=Markers()))
    steps = max((len(v) for v in curves.values()), default=1)
    return Chart(title=title, height=400, marks=marks,
                 x=Axis.index("time step t (T = the last step, where the loss is)", [1, steps]),
                 y=Axis(title="gradient norm (log scale)", log=True), legend=Legend(below=True))


def loss_curves(step: np.ndarray, curves: dict[str, np.ndarray], title: str, log: bool = True,
                colours: dict[str, str] | None = None, y_title: str = "loss") -> Chart:
    """Loss (or accuracy) against training step, one line per name (log y unless `log` is False),
    the legend below. step: (N,); curves: name → (N,), NaN where a snapshot did not measure it
    (held-out sets are evaluated less often than snapshots are taken): each line joins the points
    it has, with markers while it has fewer than 30."""
    step = np.asarray(step)
    marks = []
    for name, values in curves.items():
        values = np.asarray(values, dtype=float)
        keep = np.isfinite(values)
        dots = Markers() if keep.sum() < 30 else None  # the first point alone draws no line
        marks.append(Line(x=step[keep], y=values[keep], name=name, colour=_colour(colours, name), width=WIDTH,
                          markers=dots))
    return Chart(title=title, height=400, marks=marks, x=Axis.index("training step", step),
                 y=Axis(title=y_title, log=log), legend=Legend(below=True))


def gradient_norm_vs_threshold(history: dict[str, np.ndarray], threshold: float) -> Chart:
    """Total ‖∇θ‖ before clipping (from the probed steps' per-layer norms) against the clip
    threshold τ, a red line labelled at the plot's right edge."""
    layers = [k for k in history if k.startswith("grad_norm/")]
    total = np.sqrt(sum(history[k] ** 2 for k in layers)) if layers else np.full(len(history["step"]), np.nan)
    # a note on a log axis is placed at log10(y): this one sits on the τ line
    label = Note(text=f"τ = {threshold:g}: above it, the step is scaled down to τ", x=1, x_on_paper=True,
                 x_anchor="right", y=math.log10(threshold), y_anchor="bottom", size=14)
    norm = Line(x=history["step"], y=total, name="‖∇θ‖ before clipping", width=3, markers=Markers(),
                connect_gaps=True)
    return Chart(title="Gradient clipping by norm", height=360, marks=[norm],
                 lines=[HLine(y=threshold, colour="#d62728", width=2)], notes=[label],
                 x=Axis.index("training step", history["step"]), y=Axis(title="gradient norm (log scale)", log=True))


def _point_label(t: int, label: str) -> str:
    """ "3:l" for step 3 reading "l"; just "3" when the label is the step number itself."""
    return str(t + 1) if label == str(t + 1) else f"{t + 1}:{label}"


def trajectory(coords: np.ndarray, labels: list[str], explained: np.ndarray) -> Chart:
    """The hidden state's path h_1 → h_T projected on its two principal components: a thin grey
    line through markers coloured by step (Plasma, with its colour bar), each labelled "t:input"
    while T ≤ 30. coords (T, 2); labels (T,); explained (2,): each component's share of variance."""
    T = len(labels)
    dots = Markers(size=10, scale=ColourScale(values=np.arange(T), stops="Plasma",
                                              bar=ColourBar(title="step", step=index_ticks(T)["dtick"])))
    path = Line(x=coords[:, 0], y=coords[:, 1], colour="#999", width=1, markers=dots, legend=False,
                labels=[_point_label(t, labels[t]) for t in range(T)] if T <= 30 else None,
                label_position="top center", label_size=14, hover="step %{marker.color}<extra></extra>")
    return Chart(title="Hidden-state trajectory h_t (2-D PCA)", height=420, marks=[path],
                 x=Axis(title=f"PC 1 ({explained[0]:.0%} of variance)"),
                 y=Axis(title=f"PC 2 ({explained[1]:.0%} of variance)"))


def forecast(inputs: np.ndarray, truth: np.ndarray, predicted: np.ndarray) -> Chart:
    """Next-step forecasting for one sequence, (T,) each: the noisy input x_t (grey markers at t),
    the true next value and the prediction ŷ_t (dotted red), both drawn at t + 1; the legend below."""
    t = np.arange(1, len(truth) + 1)
    marks = [Line(x=t, y=inputs, name="input x_t (noisy)", lines=False, markers=Markers(colour="#999", size=7)),
             Line(x=t + 1, y=truth, name="truth x_{t+1}", colour="#222", width=WIDTH),
             Line(x=t + 1, y=predicted, name="prediction ŷ_t", colour="#d62728", width=WIDTH, dash="dot",
                  markers=Markers())]
    return Chart(title="Forecast: prediction vs truth (one step ahead)", height=400, marks=marks,
                 x=Axis.index("time step", [1, len(truth) + 1]), y=Axis(title="value"), legend=Legend(below=True))
