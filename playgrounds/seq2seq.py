"""Seq2seq playground: the same encoder-decoder with and without attention, trained side by side."""
import streamlit as st

from dl_engine.models.attention import SCORE_LATEX, SCORE_NAMES
from dl_engine.models.seq2seq import ATTENTION_LATEX, DECODER_NOTE, PLAIN_LATEX
from dl_engine.training.run import StopCondition
from dl_engine.training.seq2seq_experiment import Seq2SeqConfig, Seq2SeqExperiment
from dl_engine.ui.attention_controls import seq2seq_controls
from dl_engine.ui.controls import Pace
from dl_engine.ui.live import live_figure
from dl_engine.ui.present import fit
from dl_engine.ui.training_page import TrainingPage, open_training_page
from dl_engine.viz.attention_seq2seq import MODEL_LABELS, accuracy_by_length_figure, alignment_figure
from dl_engine.viz.attention_style import curves

PAGE = "seq2seq"


def controls() -> None:
    with st.expander("Task and model", expanded=True):
        seq2seq_controls(PAGE)


def lesson(config: Seq2SeqConfig) -> None:
    st.markdown("An encoder reads the input; a decoder writes the output one token at a time. **Without "
                "attention** the decoder sees the input only through one fixed vector c = h_T, and long inputs "
                "no longer fit. **With attention** it recomputes a context c_t at every step from all encoder "
                "states (notes 000 §51–53, 003). Both models train here on the same batches.")
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{MODEL_LABELS['plain']}**")
        for line in PLAIN_LATEX:
            st.latex(line)
    with right:
        st.markdown(f"**{MODEL_LABELS['attention']}**")
        for line in ATTENTION_LATEX:
            st.latex(line)
    st.caption(DECODER_NOTE)

    st.caption(f"Score function: {SCORE_NAMES[config.score]}")
    st.latex(SCORE_LATEX[config.score])


opened = open_training_page(TrainingPage(
    PAGE, "🔁 Seq2seq: the bottleneck and attention", Seq2SeqConfig, Seq2SeqExperiment, Pace("step", 20),
    sidebar=controls, lesson=lesson, stop=StopCondition(max_epochs=30)))


def both(history: dict, prefix: str, scale: float = 1.0) -> dict:
    """Both models' curves of one metric: label → (T,) values."""
    return {MODEL_LABELS[n]: scale * history.get(f"{prefix}{n}", 0) for n in ("attention", "plain")}


def draw(snap) -> None:
    m, v = snap.metrics, snap.visuals
    st.markdown(" · ".join(f"**{MODEL_LABELS[n]}**: {m.get(f'acc_{n}', 0):.0%} of tokens, "
                           f"{m.get(f'seq_acc_{n}', 0):.0%} of answers right" for n in ("attention", "plain")))
    left, right = st.columns([3, 2])
    with left:
        live_figure(lambda s: alignment_figure(s.visuals["alignment"], s.visuals["source"],
                                               s.visuals["outputs"]["attention"], s.visuals["alignment_steps"]),
                    key=f"{PAGE}.alignment", height=fit(None, 430))
    with right:
        st.markdown("**The longest held-out input**")
        st.code("input:     " + " ".join(v["source"]) + "\nwanted:    " + " ".join(v["target"])
                + "".join(f"\n{n + ':':<10} " + " ".join(v["outputs"][n]) for n in ("attention", "plain")),
                language=None)
        st.caption("A good alignment for *reverse* is an anti-diagonal: the first output reads the last "
                   "input. Dates and numbers give crossing, many-to-one patterns.")
    live_figure(lambda s: accuracy_by_length_figure(s.visuals["lengths"], s.visuals["acc_by_length"]),
                key=f"{PAGE}.by_length")
    left, right = st.columns(2)
    with left:
        live_figure(lambda s: curves(s.history.get("step", []), both(s.history, "test_loss_"),
                                     "Held-out loss (teacher forcing)", "cross-entropy", log_y=True),
                    key=f"{PAGE}.loss")
    with right:
        live_figure(lambda s: curves(s.history.get("step", []), both(s.history, "acc_", 100),
                                     "Held-out accuracy (greedy decoding)", "tokens right (%)", y_range=(0, 102)),
                    key=f"{PAGE}.acc")


opened.live(draw)
