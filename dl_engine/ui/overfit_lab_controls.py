"""The overfitting lab's own widgets: restoring a copy's best validation epoch, the decision
threshold of the two-class test report, and the report as a table."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dl_engine.training.overfit_lab_experiment import COPIES, SHORT
from dl_engine.training.run import TrainingRun

VIEW = "overfitting_lab_view"   # view widgets: not settings of the run, not in the link


def best_epoch_buttons(run: TrainingRun, metrics: dict[str, float]) -> None:
    """One button per copy, naming its best validation epoch so far (metrics "<base|reg>_best_epoch"):
    put those weights back; training goes on from them."""
    best = {name: int(metrics[f"{SHORT[name]}_best_epoch"]) for name in COPIES}
    columns = st.columns(len(COPIES))
    for column, name in zip(columns, COPIES):
        if column.button(f"Restore the {name} copy's best epoch ({best[name]})", key=f"{VIEW}.restore_{name}",
                         help="The weights it had at its lowest validation loss so far; the run goes on from them."):
            epoch = run.apply(lambda e, n=name: e.restore_best(n), evaluate=True)
            st.toast(f"The {name} copy is back at its epoch-{epoch} weights.")


def decision_threshold(classes: int) -> float:
    """The slider for P(class 1) ≥ threshold on a two-class set (0.5, unused, for more classes)."""
    if classes != 2:
        return 0.5
    return st.slider("Decision threshold on P(class 1) for the test report", 0.01, 0.99, 0.5, step=0.01,
                     key=f"{VIEW}.threshold", help="Move it to trade precision against recall; the run goes on.")


def metrics_table(reports: dict[str, dict], classes: int) -> None:
    """Precision, recall, F1 (class 1 for two classes, macro means for more) and accuracy per copy."""
    pick = (lambda r, k: float(r[k][1])) if classes == 2 else (lambda r, k: r[f"macro_{k}"])
    rows = {name: {"precision": pick(r, "precision"), "recall": pick(r, "recall"), "F1": pick(r, "f1"),
                   "accuracy": r["accuracy"]} for name, r in reports.items()}
    what = "class 1 as positive" if classes == 2 else "macro means over the 10 digits"
    st.caption(f"Test set ({what}):")
    st.dataframe(pd.DataFrame(rows).round(3), width="content")
