"""The recurrent page's live figures, each built from a Snapshot (what the live feed streams):
specs (Chart, HeatmapGrid), but the clipping chart's figure dict (see viz.recurrent)."""
from __future__ import annotations

from dataclasses import dataclass

from dl_engine.training.recurrent_experiment import RecurrentConfig
from dl_engine.training.run import Snapshot
from dl_engine.viz import recurrent as viz
from dl_engine.viz.recurrent_diagram import unrolled
from dl_engine.viz.spec import Chart, HeatmapGrid

CELLS = ("rnn", "lstm", "gru")
COLOURS = {c.upper(): v for c, v in viz.CELL_COLOURS.items()}


def history_curves(h: dict, names: dict) -> dict:
    """{label: h[name]} for the names the history has."""
    return {label: h[name] for name, label in names.items() if name in h}


def compare_loss(s: Snapshot) -> Chart:
    curves = history_curves(s.history, {f"{c}/train_loss": c.upper() for c in CELLS})
    return viz.loss_curves(s.history["step"], curves, "Loss: RNN vs LSTM vs GRU", colours=COLOURS)


def compare_gradients(s: Snapshot) -> Chart:
    curves = {c.upper(): v["dh"] for c, v in s.visuals["compare"].items()}
    return viz.grad_through_time(curves, "Gradient through time: RNN vs LSTM vs GRU", COLOURS)


def compare_accuracy(s: Snapshot) -> Chart:
    curves = history_curves(s.history, {f"{c}/test_acc": c.upper() for c in CELLS})
    return viz.loss_curves(s.history["step"], curves, "Test accuracy: RNN vs LSTM vs GRU", log=False,
                           colours=COLOURS, y_title="accuracy")


def loss_chart(s: Snapshot) -> Chart:
    curves = history_curves(s.history, {"loss": "training batch", "train_loss": "train set", "test_loss": "test set"})
    return viz.loss_curves(s.history["step"], curves, "Loss")


def gradient_chart(s: Snapshot) -> Chart:
    curves = {"‖∂L_T/∂h_t‖": s.visuals["dh"], "‖∂L_T/∂W_hh at step t‖": s.visuals["dw"]}
    return viz.grad_through_time(curves, "Gradient through time (log scale)")


@dataclass(frozen=True)
class SequenceView:
    """What the page shows of one sequence: which one (shown), under which what-if gate clamp
    (variant) and direction (reverse: a bidirectional net's backward pass)."""
    config: RecurrentConfig
    variant: str
    shown: int
    reverse: bool

    def chosen(self, s: Snapshot) -> tuple[dict, list[str]]:
        """The variant's visuals and the labels of the sequence on screen."""
        return s.visuals["variants"][self.variant], s.visuals["labels"][self.shown]

    def diagram(self, s: Snapshot) -> Chart:
        var, labels = self.chosen(s)
        config, shown = self.config, self.shown
        if "described" in var:
            return unrolled(config.cell, labels, None, None, config.num_layers, config.bidirectional, True,
                            var["described"][shown].split(" ·")[0])
        predicted, truth = var["predicted"][shown], var["truth"][shown]
        chars = isinstance(predicted, list)
        outs = predicted if chars else [f"{p:.2f}" for p in predicted]
        return unrolled(config.cell, labels, outs, [p == t for p, t in zip(predicted, truth)] if chars else None,
                        config.num_layers, False)

    def gates(self, s: Snapshot) -> HeatmapGrid:
        var, labels = self.chosen(s)
        prefix = "rev." if self.reverse else ""
        gates = [g[len(prefix):] for g in var["trace"]
                 if g.startswith(prefix) and (self.reverse or not g.startswith("rev."))]
        trace = {g: var["trace"][prefix + g][self.shown] for g in gates}
        return viz.gate_heatmaps(trace, gates, labels, s.visuals["hidden_size"],
                                 f"Gates and states of sequence #{self.shown + 1}, top layer")

    def pca(self, s: Snapshot) -> Chart:
        var, labels = self.chosen(s)
        return viz.trajectory(var["pca"][self.shown], labels, var["pca_explained"])

    def forecast(self, s: Snapshot) -> Chart:
        var, _ = self.chosen(s)
        return viz.forecast(s.visuals["inputs"][self.shown], var["truth"][self.shown], var["predicted"][self.shown])

    def clipping(self, s: Snapshot) -> dict:
        return viz.gradient_norm_vs_threshold(s.history, self.config.clip_threshold)
