"""The overfitting lab's live figures: both copies' train and test curves with their best
validation epochs, their decision boundaries (2-D) or augmented digits, their weight histograms
and test confusion matrices. Snapshot data in, specs out."""
from __future__ import annotations

import numpy as np

from dl_engine.models.overfit_lab import NEAR_ZERO
from dl_engine.models.overfit_lab_metrics import held_out_report
from dl_engine.viz.autoencoder import image_strips, strip
from dl_engine.viz.figure_dicts import MARGIN
from dl_engine.viz.mlp_boundary import boundary_figure
from dl_engine.viz.spec import (Axis, Chart, GridAxis, Heatmap, HeatmapGrid, Legend, Line, Markers, Note,
                                grid_cells)

COPIES = ("baseline", "regularised")
SHORT = {"baseline": "base", "regularised": "reg"}
COLOURS = {"baseline": "#e66100", "regularised": "#5e3c99"}   # orange and purple: apart for colour-blind eyes too
LABELS = {"baseline": "baseline", "regularised": "regularised"}
SPLITS = {"train": None, "test": "dash"}


def _curves(history: dict[str, np.ndarray], metric: str, title: str, y_title: str, height: int,
            best: bool, y_range=None) -> Chart:
    epoch = history.get("epoch", np.zeros(0))
    marks, top = [], 0.0
    for name in COPIES:
        for part, dash in SPLITS.items():
            values = history.get(f"{SHORT[name]}_{part}_{metric}")
            if values is None:
                continue
            top = max(top, float(np.nanmax(values)) if len(values) else 0.0)
            marks.append(Line(x=epoch, y=values, name=f"{LABELS[name]} {part}", colour=COLOURS[name], dash=dash,
                              width=3))
    notes = []
    trained = len(epoch) > 1   # one point is the start's evaluation: no curve, no best epoch yet
    if best and trained:
        for name in COPIES:
            at = history.get(f"{SHORT[name]}_best_epoch")
            if at is None:
                continue
            e = float(at[-1])
            marks.append(Line(x=[e, e], y=[0.0, top], colour=COLOURS[name], dash="dot", width=2, legend=False,
                              hover=f"{LABELS[name]}: best validation loss at epoch {e:.0f}<extra></extra>"))
            notes.append(Note(text=f"best {LABELS[name]}", x=e, y=top, colour=COLOURS[name], size=13,
                              y_anchor="bottom" if name == "baseline" else "top"))
    if not trained:
        notes.append(Note(text="Press Train: both copies start together", on_paper=True))
    return Chart(title=title, height=height, marks=marks, notes=notes, x=Axis.index("epoch", epoch),
                 y=Axis(title=y_title, range=y_range, to_zero=y_range is None), legend=Legend(below=True),
                 show_legend=True, title_size=16)


def loss_figure(history: dict[str, np.ndarray], height: int = 380) -> Chart:
    """Cross-entropy on the training set (solid) and the test set (dashed) per copy against epochs;
    a dotted line at each copy's best validation epoch. history: {"epoch", "<base|reg>_<part>_loss",
    "<base|reg>_best_epoch"} → (T,)."""
    return _curves(history, "loss", "Loss: train (solid) and test (dashed)", "cross-entropy", height, best=True)


def accuracy_figure(history: dict[str, np.ndarray], height: int = 380) -> Chart:
    """Accuracy on the training set (its noisy labels) and the test set per copy (0–1)."""
    return _curves(history, "acc", "Accuracy: train (solid) and test (dashed)", "accuracy", height, best=False,
                   y_range=[0, 1.02])


def lab_boundary_figure(v: dict, name: str, height: int = 420) -> Chart:
    """One copy's P(class 1) over the plane with the training points as labelled (the flipped ones ringed)."""
    # the 500 test points would hide the 50 training points whose labels the boundary bends round
    train_only = {"X_train": v["X_train"], "y_train": v["y_train"], "X_test": v["X_train"][:0],
                  "y_test": v["y_train"][:0]}
    fig = boundary_figure(v["boundary"][name], v["extent"], train_only, ["0", "1"], height=height,
                          title=f"{LABELS[name].capitalize()}: decision boundary, training points", point_size=10)
    flipped = v["X_train"][v["flipped"]]
    fig.marks.append(Line(x=flipped[:, 0], y=flipped[:, 1], lines=False, name="flipped label",
                          markers=Markers(size=18, colour="rgba(0,0,0,0)", outline="#000000", outline_width=2),
                          hover="a training point whose label was flipped<extra></extra>"))
    return fig


def weights_figure(v: dict, height: int = 340) -> Chart:
    """How many weights fall in each bin, per copy (v["hist"]: edges (B+1,), counts[name] (B,)),
    as steps over the bins' edges; the legend gives each copy's share near 0 (v["near_zero"])."""
    edges = v["hist"]["edges"]
    marks = []
    for name in COPIES:
        counts = np.asarray(v["hist"]["counts"][name], float)
        marks.append(Line(x=edges, y=np.append(counts, counts[-1]), step=True, colour=COLOURS[name], width=3,
                          name=f"{LABELS[name]}: {v['near_zero'][name]:.0%} at |w| < {NEAR_ZERO:g}", hover=f"{LABELS[name]}: %{{y:.0f}} weights from w = %{{x:.3g}}<extra></extra>"))
    return Chart(title="Weights of all layers: how many in each bin", height=height, marks=marks,
                 x=Axis(title="weight w"), y=Axis(title="number of weights", to_zero=True),
                 legend=Legend(below=True), show_legend=True, title_size=16)


def reports(v: dict, threshold: float) -> dict[str, dict]:
    """Each copy's held_out_report at the decision threshold (two classes) or by the likeliest class."""
    return {name: held_out_report(v["test_probs"][name], v["y_test"], threshold) for name in COPIES}


def confusion_figure(v: dict, threshold: float, height: int = 380) -> HeatmapGrid:
    """Both copies' test confusion matrices side by side (rows: true class, columns: predicted),
    counts printed in the cells; in each title F1 (class 1 positive) or, for more classes, its macro mean."""
    found = reports(v, threshold)
    classes = v["classes"]
    names = [str(k) for k in range(classes)]
    f1 = {n: float(found[n]["f1"][1]) if classes == 2 else found[n]["macro_f1"] for n in COPIES}
    which = "F1" if classes == 2 else "macro F1"
    domains, notes = grid_cells(1, 2, 0.12, 0.0, titles=[f"{LABELS[n]}: {which} {f1[n]:.2f}" for n in COPIES])
    top = max(int(found[n]["confusion"].max()) for n in COPIES) or 1
    panels = [Heatmap(z=found[n]["confusion"], stops="Blues", lo=0, hi=top, x=names, y=names,
                      cell_text="%{z}", cell_text_size=16 if classes == 2 else 12, gap=1,
                      hover="true %{y}, predicted %{x}: %{z}<extra></extra>",
                      x_axis=GridAxis(domain=x, title="predicted", step=1),
                      y_axis=GridAxis(domain=y, title="true", reversed=True, square=True, step=1))
                for n, (x, y) in zip(COPIES, domains)]
    rule = f"P(1) ≥ {threshold:.2f}" if classes == 2 else "the likeliest class"
    return HeatmapGrid(title=f"Test confusion matrices (predicted: {rule})", height=height, panels=panels,
                       notes=notes, margin=MARGIN | {"t": 80, "b": 60})


def augmented_figure(v: dict, height: int = 300) -> HeatmapGrid:
    """Training digits (n, 8, 8) above what the regularised copy saw of them in one draw."""
    seen = "one draw" if v["augments"] else "no augmentation on"
    return image_strips([strip(v["shown"], len(v["shown"])), strip(v["augmented"], len(v["augmented"]))],
                        ["training digits", f"what the regularised copy sees ({seen})"],
                        "Augmentation", height, bar=False)
