"""The loss and activation bench's figures. Static (plotly dicts, redrawn when a widget moves):
an activation with its derivative and its saturated spans, the regression losses and the sigmoid
output's losses with their gradients, softmax bars. Live (specs): the CE-vs-MSE race's curves,
the gradient reaching z, and the hidden net's dead share and unit activity."""
from __future__ import annotations

import numpy as np

from dl_engine.models.activation_bench import CLASSIFICATION, LABELS, REGRESSION
from dl_engine.viz import figure_dicts as fd
from dl_engine.viz.spec import Axis, Bars, Chart, Legend, Line, Markers, Note

F_COLOUR, DF_COLOUR, SATURATED = "#1f77b4", "#d62728", "rgba(214, 39, 40, 0.12)"
LOSS_COLOURS = {"mse": "#d62728", "mae": "#9467bd", "huber": "#2ca02c", "pseudo_huber": "#8c564b",
                "binary_cross_entropy": "#1f77b4"}
RACE_COLOURS = {"ce": "#1f77b4", "mse": "#d62728"}
RACE_NAMES = {"ce": "cross-entropy", "mse": "MSE on σ(z)"}
LEGEND = {"legend": fd.LEGEND_BELOW, "margin": dict(fd.MARGIN, b=fd.LEGEND_BELOW_MARGIN)}
DEAD, ALIVE = "#d62728", "#2ca02c"
FLOOR = 1e-12   # log charts: a gradient of exactly 0 sits on this floor


def _band(x0: float, x1: float, xref: str = "x", yref: str = "y domain") -> dict:
    return {"type": "rect", "xref": xref, "yref": yref, "x0": x0, "x1": x1, "y0": 0, "y1": 1,
            "fillcolor": SATURATED, "line": {"width": 0}, "layer": "below"}


def activation_figure(name: str, curve: dict, spans: list[tuple[float, float]], threshold: float,
                      height: int = 420) -> dict:
    """curve: z, f, df (n,) each; spans: where |f′| < threshold, shaded."""
    data = [fd.line(curve["z"], curve["f"], f"f(z) = {LABELS[name]}", F_COLOUR),
            fd.line(curve["z"], curve["df"], "f′(z) (autograd)", DF_COLOUR, dash="dash")]
    data.append(fd.line([None], [None], f"|f′| < {threshold:g} (saturated)", SATURATED, width=12))
    return fd.figure(data, f"{LABELS[name]} and its derivative", height,
                     xaxis=fd.axis("z (pre-activation)", zeroline=True),
                     yaxis=fd.axis("f(z), f′(z)", zeroline=True),
                     shapes=[_band(a, b) for a, b in spans], **LEGEND)


def regression_figure(curves: dict, target: float, height: int = 420) -> dict:
    """curves: pred (n,), loss[name] and grad[name] (n,): the losses left, ∂L/∂ŷ right."""
    axes, titles, ids = fd.grid(1, 2, 0.1, 0.0, titles=["loss L(ŷ)", "gradient ∂L/∂ŷ"])
    data = []
    for name, (label, _, _) in REGRESSION.items():
        colour = LOSS_COLOURS[name]
        data.append(fd.line(curves["pred"], curves["loss"][name], label, colour, legendgroup=name))
        data.append(fd.line(curves["pred"], curves["grad"][name], label, colour, dash="dash", legendgroup=name,
                            showlegend=False, xaxis=ids[1][0], yaxis=ids[1][1]))
    axes["xaxis"] |= fd.axis("prediction ŷ")
    axes["xaxis2"] |= fd.axis("prediction ŷ")
    axes["yaxis"] |= fd.axis("loss")
    axes["yaxis2"] |= fd.axis("∂L/∂ŷ", zeroline=True)
    return fd.figure(data, f"Regression losses for the target y = {target:g}", height, annotations=titles,
                     **axes, **LEGEND)


def classification_figure(curves: dict, label: int, height: int = 420) -> dict:
    """curves: z, p (n,), loss[name] and grad[name] (n,) of a sigmoid output; the loss left, |∂L/∂z|
    right on a log axis, where MSE's vanishing on the wrong side shows as a fall by decades."""
    axes, titles, ids = fd.grid(1, 2, 0.1, 0.0, titles=["loss L(z)", "|∂L/∂z| (log), what reaches z"])
    data = []
    for name, text in CLASSIFICATION.items():
        colour = LOSS_COLOURS[name]
        data.append(fd.line(curves["z"], curves["loss"][name], text, colour, legendgroup=name))
        data.append(fd.line(curves["z"], np.maximum(np.abs(curves["grad"][name]), FLOOR), text, colour,
                            legendgroup=name, showlegend=False, xaxis=ids[1][0], yaxis=ids[1][1]))
    wrong = (-8.0, -4.0) if label == 1 else (4.0, 8.0)
    shapes = [_band(*wrong, xref=x) for x in ("x", "x2")]
    axes["xaxis"] |= fd.axis("logit z (σ(z) is the prediction)", range=[float(curves["z"][0]), float(curves["z"][-1])])
    axes["xaxis2"] |= fd.axis("logit z", range=[float(curves["z"][0]), float(curves["z"][-1])])
    axes["yaxis"] |= fd.axis("loss")
    axes["yaxis2"] |= fd.axis("|∂L/∂z|", type="log")
    return fd.figure(data, f"Sigmoid output, label y = {label}: shaded, saturated the wrong way", height,
                     annotations=titles, shapes=shapes, **axes, **LEGEND)


def softmax_figure(logits, out: dict, temperature: float, height: int = 380) -> dict:
    """logits (K,); out: softmax_t's p (K,), entropy, max_entropy: one bar per class."""
    names = [f"class {k + 1} (z = {z:g})" for k, z in enumerate(logits)]
    bars = {"type": "bar", "x": names, "y": out["p"], "marker": {"color": F_COLOUR},
            "text": [f"{p:.3f}" for p in out["p"]], "textposition": "outside"}
    return fd.figure([bars], f"softmax(z / T) at T = {temperature:g}: entropy {out['entropy']:.3f} of "
                     f"{out['max_entropy']:.3f} bits", height,
                     xaxis=fd.axis("class"), yaxis=fd.axis("probability p_k", range=[0, 1.12]))


# ---- live ------------------------------------------------------------------------------------
def _race(history: dict, metric: str, title: str, y_title: str, height: int, log: bool = False,
          y_range=None) -> Chart:
    step = history.get("step", np.zeros(0))
    marks = []
    for short in ("ce", "mse"):
        values = history.get(f"{short}_{metric}")
        if values is None:
            continue
        values = np.maximum(values, FLOOR) if log else values
        marks.append(Line(x=step, y=values, name=RACE_NAMES[short], colour=RACE_COLOURS[short], width=3))
    return Chart(title=title, height=height, marks=marks, x=Axis.index("step", step),
                 y=Axis(title=y_title, log=log, range=y_range), legend=Legend(below=True), show_legend=True)


def race_accuracy_figure(history: dict, height: int = 320) -> Chart:
    """history: step, ce_acc, mse_acc (T,): the two copies' training accuracy."""
    return _race(history, "acc", "Accuracy: the same unit, two losses", "training accuracy", height,
                 y_range=[0, 1.02])


def race_loss_figure(history: dict, height: int = 320) -> Chart:
    """history: ce_loss (nats) and mse_loss (T,): each copy's own loss, on a log axis."""
    return _race(history, "loss", "The loss each copy descends", "loss (log)", height, log=True)


def race_grad_figure(history: dict, height: int = 320) -> Chart:
    """history: ce_grad_z, mse_grad_z (T,): mean |∂L_i/∂z_i| over the samples, log axis."""
    return _race(history, "grad_z", "Gradient reaching z: mean |∂Lᵢ/∂zᵢ|", "mean |∂L/∂z| (log)", height, log=True)


def dead_share_figure(history: dict, height: int = 320) -> Chart:
    """history: step, dead_share (T,) of the hidden net."""
    step = history.get("step", np.zeros(0))
    marks = [Line(x=step, y=history.get("dead_share", np.zeros(0)), name="dead share", colour="#d62728", width=3),
             Line(x=step, y=history.get("net_acc", np.zeros(0)), name="accuracy", colour="#2ca02c", width=3)]
    return Chart(title="Hidden net: share of dead units, accuracy", height=height, marks=marks,
                 x=Axis.index("step", step), y=Axis(title="dead share / accuracy", range=[0, 1.02]),
                 legend=Legend(below=True), show_legend=True)


def unit_activity_figure(v: dict, height: int = 320) -> Chart:
    """v: active (H,) the share of inputs each unit is non-zero on; dead (H,) bool, drawn red."""
    active, dead = np.asarray(v["active"]), np.asarray(v["dead"], bool)
    colours = [DEAD if d else ALIVE for d in dead]
    notes = [Note(text=f"{int(dead.sum())} of {len(dead)} dead", x=0.98, y=0.96, on_paper=True, x_anchor="right",
                  y_anchor="top", background="white")]
    units = np.arange(1, len(active) + 1)
    # a dead unit's bar has no height: a red diamond on the floor shows it
    crosses = Line(x=units[dead], y=np.zeros(int(dead.sum())), lines=False, name="dead", legend=False,
                   markers=Markers(size=10, colour=DEAD, symbol="diamond"))
    return Chart(title="Each hidden unit: share of inputs it passes (red ◆: dead)", height=height,
                 marks=[Bars(x=units, y=active, colours=colours, name="active share", legend=False), crosses],
                 x=Axis.index("hidden unit", [1, len(active)]), y=Axis(title="share of inputs with h ≠ 0",
                                                                      range=[0, 1.02]), notes=notes)
