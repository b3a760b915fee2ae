"""Overfitting lab: a net big enough to memorise a small noisy training set, trained twice from the
same weights on the same batches: a baseline, and a copy with the regularisers you switch on."""
import streamlit as st

from dl_engine.data.overfit_lab_augment import IMAGE_LATEX, JITTER_LATEX
from dl_engine.data.toy2d import DATASETS
from dl_engine.models import overfit_lab as reg
from dl_engine.models.overfit_lab_metrics import F1_LATEX, PRECISION_LATEX, RECALL_LATEX
from dl_engine.models.registry import OPTIMIZERS
from dl_engine.presets.overfit_lab import PRESETS
from dl_engine.training.overfit_lab_experiment import OverfitLabConfig, OverfitLabExperiment
from dl_engine.ui.controls import Pace
from dl_engine.ui.live import live_figure
from dl_engine.ui.overfit_lab_controls import best_epoch_buttons, decision_threshold, metrics_table
from dl_engine.ui.page_state import setting
from dl_engine.ui.present import fit
from dl_engine.ui.preset_box import CUSTOM, matching_preset, preset_box, preset_from_url
from dl_engine.ui.training_page import TrainingPage, open_training_page
from dl_engine.viz import overfit_lab as viz

PAGE = "overfitting_lab"
PRESET_CONFIGS = {slug: p.config for slug, p in PRESETS.items()}
DATA = {**{name: f"{name} (2-D points)" for name in DATASETS}, "digits": "8×8 digits (10 classes)"}


def controls() -> None:
    with st.expander("Lab", expanded=True):
        preset_box(PAGE, OverfitLabConfig, PRESET_CONFIGS, "Preset", lambda slug: PRESETS[slug].title)
    digits = st.session_state.get(f"{PAGE}.data") == "digits"
    with st.expander("The regularised copy", expanded=True):
        st.number_input("L1 strength λ₁", 0.0, 0.1, step=1e-4, format="%.4f", **setting(f"{PAGE}.l1"))
        st.number_input("L2 strength λ₂", 0.0, 0.1, step=1e-4, format="%.4f", **setting(f"{PAGE}.l2"))
        st.slider("Dropout p", 0.0, 0.9, step=0.05, **setting(f"{PAGE}.dropout"))
        st.checkbox("Batch normalisation", **setting(f"{PAGE}.batchnorm"))
        st.slider("Label smoothing ε", 0.0, 0.5, step=0.05, **setting(f"{PAGE}.label_smoothing"))
        st.slider("Augmentation: pixel noise σ" if digits else "Augmentation: jitter σ", 0.0, 2.0, step=0.05,
                  **setting(f"{PAGE}.aug_noise"))
        if digits:
            st.slider("Augmentation: shift up to (pixels)", 0, 2, **setting(f"{PAGE}.aug_shift"))
            st.checkbox("Augmentation: flip left–right", **setting(f"{PAGE}.aug_flip"))
        st.checkbox("Early stopping", **setting(f"{PAGE}.early_stopping"))
        st.number_input("Patience (epochs)", 1, 1000, step=5, **setting(f"{PAGE}.patience"))
    with st.expander("Data", expanded=False):
        st.selectbox("Data set", list(DATA), format_func=DATA.get, **setting(f"{PAGE}.data"))
        st.number_input("Training examples", 10, 1000, step=10, **setting(f"{PAGE}.examples"))
        st.slider("Flipped training labels (share)", 0.0, 0.5, step=0.05, **setting(f"{PAGE}.label_noise"))
        if not digits:
            st.slider("Noise of the points", 0.0, 1.0, step=0.05, **setting(f"{PAGE}.noise"))
    with st.expander("Network and optimiser", expanded=False):
        st.slider("Hidden layers", 1, 4, **setting(f"{PAGE}.depth"))
        st.slider("Units per layer", 4, 512, step=4, **setting(f"{PAGE}.width"))
        st.selectbox("Optimiser (both copies)", list(OPTIMIZERS), **setting(f"{PAGE}.optimizer"))
        st.number_input("Learning rate η", 1e-5, 1.0, step=1e-3, format="%.4f", **setting(f"{PAGE}.lr"))
        st.number_input("Mini-batch size", 2, 1000, step=5, **setting(f"{PAGE}.batch"))


def switched_on(config: OverfitLabConfig) -> list[tuple[str, str]]:
    """(name, LaTeX) of each regulariser the copy uses, in the sidebar's order."""
    on = [("L1", reg.L1_LATEX, config.l1 > 0), ("L2", reg.L2_LATEX, config.l2 > 0),
          (f"dropout p = {config.dropout:g}", reg.DROPOUT_LATEX, config.dropout > 0),
          ("batch normalisation", reg.BATCHNORM_LATEX, config.batchnorm),
          (f"label smoothing ε = {config.label_smoothing:g}", reg.SMOOTHING_LATEX, config.label_smoothing > 0),
          ("augmentation", IMAGE_LATEX if config.data == "digits" else JITTER_LATEX, config.augments),
          (f"early stopping, patience {config.patience}", reg.EARLY_STOP_LATEX, config.early_stopping)]
    return [(name, latex) for name, latex, used in on if used]


def lesson(config: OverfitLabConfig) -> None:
    shown = matching_preset(PRESET_CONFIGS, config)
    st.markdown(f"Two copies of one net ({config.depth} hidden layer(s) of {config.width} ReLU units) start from "
                f"the same weights and see the same mini-batches of {config.examples} training examples, "
                f"{config.label_noise:.0%} of them with a flipped label. The **baseline** trains plainly; the "
                "**regularised** copy with what you switch on in the sidebar. Both curves are plain "
                "cross-entropy on hard labels (no penalty, dropout off), so they compare. Early stopping watches "
                "a separate validation set of 200; the test set (500) is never trained or stopped on.")
    used = switched_on(config)
    if not used:
        st.warning("Nothing is switched on: the two copies are the same run. Switch a regulariser on in the "
                   "sidebar, or pick a preset.")
    for name, latex in used:
        st.markdown(f"**{name}**")
        st.latex(latex)
    st.caption("Where the notes differ: they say L1 makes 'some weights become zero'; a gradient step moves a "
               f"weight past 0 rather than onto it, so it hovers there: the lab counts |w| < {reg.NEAR_ZERO:g} as "
               "zero. PyTorch's dropout scales the kept units by 1/(1 − p) while training (the notes only switch "
               "units off), so evaluation needs no rescaling. Label smoothing spreads ε over all K classes, the "
               "true one included: ε = 0.2 with two classes is the notes' 0.9 / 0.1.")
    if shown != CUSTOM:
        st.info(f"**{PRESETS[shown].title}.** {PRESETS[shown].lesson}")


preset_from_url(PAGE, PRESET_CONFIGS)
opened = open_training_page(TrainingPage(PAGE, "🧮 Overfitting lab", OverfitLabConfig, OverfitLabExperiment,
                                         Pace("epoch", 20), sidebar=controls, lesson=lesson))


def draw(snap) -> None:
    m = snap.metrics
    stopped = m["reg_stopped_at"]
    note = f" Early stopping stopped the regularised copy at epoch {stopped:.0f}." if stopped else ""
    st.markdown(f"**Epoch {snap.epoch:.0f}.** Test accuracy: baseline {m['base_test_acc']:.1%}, regularised "
                f"{m['reg_test_acc']:.1%}. Gap between test and training loss: baseline "
                f"{m['base_test_loss'] - m['base_train_loss']:+.3f}, regularised "
                f"{m['reg_test_loss'] - m['reg_train_loss']:+.3f}.{note}")
    left, right = st.columns(2)
    with left:
        live_figure(lambda s: viz.loss_figure(s.history), key=f"{PAGE}.loss", height=fit(380, 360))
    with right:
        live_figure(lambda s: viz.accuracy_figure(s.history), key=f"{PAGE}.accuracy", height=fit(380, 360))
    best_epoch_buttons(opened.run, m)
    digits = snap.visuals["data"] == "digits"
    if digits:
        left, right = st.columns(2)
        with left:
            live_figure(lambda s: viz.augmented_figure(s.visuals), key=f"{PAGE}.augmented", height=fit(300, 260))
        with right:
            live_figure(lambda s: viz.weights_figure(s.visuals), key=f"{PAGE}.weights", height=fit(300, 260))
        confusion = st.container()
    else:
        left, right = st.columns(2)
        for column, name in zip((left, right), viz.COPIES):
            with column:
                live_figure(lambda s, n=name: viz.lab_boundary_figure(s.visuals, n), key=f"{PAGE}.boundary_{name}",
                            height=fit(420, 340))
        left, confusion = st.columns(2)
        with left:
            live_figure(lambda s: viz.weights_figure(s.visuals), key=f"{PAGE}.weights", height=fit(360, 300))
    with confusion:
        threshold = decision_threshold(snap.visuals["classes"])
        live_figure(lambda s: viz.confusion_figure(s.visuals, threshold), key=f"{PAGE}.confusion",
                    height=fit(480 if digits else 360, 400 if digits else 300))
    metrics_table(viz.reports(snap.visuals, threshold), snap.visuals["classes"])


opened.live(draw)

with st.expander("Precision, recall and F1", expanded=False):
    st.latex(PRECISION_LATEX)
    st.latex(RECALL_LATEX)
    st.latex(F1_LATEX)
    st.caption("For two classes TP, FP and FN count class 1 as the positive one at the decision threshold; for "
               "the digits each digit in turn is the positive class and the table gives their means (macro).")
