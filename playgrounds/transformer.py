"""Transformer playground: a tiny transformer learns copy / reverse / sort / text; watch its heads."""
import streamlit as st

from dl_engine.models.attention import SDPA_LATEX
from dl_engine.models.transformer import ARCHITECTURE_NOTE, FFN_LATEX, LAYER_LATEX
from dl_engine.training.run import StopCondition
from dl_engine.training.transformer_experiment import N_SHOWN, TransformerConfig, TransformerExperiment
from dl_engine.ui.attention_controls import transformer_controls
from dl_engine.ui.controls import Pace
from dl_engine.ui.live import live_figure
from dl_engine.ui.page_state import setting
from dl_engine.ui.present import fit
from dl_engine.ui.training_page import TrainingPage, open_training_page
from dl_engine.viz.attention_heads import (ablation_figure, answer_table_text, entropy_figure, head_grid,
                                           lines_view)
from dl_engine.viz.attention_style import curves

PAGE = "transformer"


def controls() -> None:
    with st.expander("Task and model", expanded=True):
        transformer_controls(PAGE)


def lesson(config: TransformerConfig) -> None:
    st.markdown("Digit tasks are one sequence *question ▶ answer*; the model predicts every next token and only "
                "the answer counts. Each layer is multi-head self-attention then a position-wise feed-forward "
                "network, each with a residual connection (notes 000 §54, 001).")
    st.latex(SDPA_LATEX)
    st.latex(FFN_LATEX)
    st.latex(LAYER_LATEX)
    st.caption(ARCHITECTURE_NOTE)


opened = open_training_page(TrainingPage(
    PAGE, "🤖 A tiny transformer, head by head", TransformerConfig, TransformerExperiment, Pace("step", 50),
    sidebar=controls, lesson=lesson, stop=StopCondition(max_epochs=30)))
config = opened.config

left, mid, right = st.columns(3)
example = left.selectbox("Input to inspect", range(N_SHOWN), **setting(f"{PAGE}.example"),
                         format_func=lambda i: f"held-out example {i + 1}")
layer = mid.selectbox("Layer for the lines view", range(config.n_layers), **setting(f"{PAGE}.layer"),
                      format_func=lambda l: f"layer {l + 1}")
heads = right.multiselect("Heads in the lines view", list(range(config.n_heads)),
                          default=list(range(config.n_heads)), **setting(f"{PAGE}.heads"),
                          format_func=lambda h: f"head {h + 1}")


def loss_chart(s):
    h = s.history
    return curves(h["step"], {"training batches": h.get("loss", h["step"] * float("nan")), "held-out": h["test_loss"]},
                  "Loss", "cross-entropy", log_y=True)


def accuracy_chart(s):
    h = s.history
    series = {"tokens right": 100 * h["token_acc"]}
    if "seq_acc" in h:
        series["whole answers right"] = 100 * h["seq_acc"]
    return curves(h["step"], series, "Held-out accuracy", "%", y_range=(0, 102))


def draw(snap) -> None:
    m, v = snap.metrics, snap.visuals
    tokens = v["tokens"][example]
    question, wanted, got = answer_table_text(tokens, v["targets"][example], v["predictions"][example])
    text = f"**held-out loss** {m['test_loss']:.3f} · **tokens right** {m['token_acc']:.1%}"
    if "seq_acc" in m:
        text += f" · **whole answers right** {m['seq_acc']:.1%}"
    st.markdown(text)
    if question:
        st.markdown(f"Question `{question}` → wanted `{wanted}` · the model says `{got}`")
    left, right = st.columns(2)
    with left:
        live_figure(loss_chart, key=f"{PAGE}.loss", height=fit(None, 320))
    with right:
        live_figure(accuracy_chart, key=f"{PAGE}.acc", height=fit(None, 320))

    def shown(s) -> tuple[list, str]:
        """The attention maps on screen and their title (time travel picks older snapshots)."""
        return s.visuals["attention"][example], f"Attention maps, layer × head — step {s.step}"

    live_figure(lambda s: head_grid(shown(s)[0], s.visuals["tokens"][example], shown(s)[1]), key=f"{PAGE}.grid")
    left, right = st.columns([3, 2])
    with left:
        live_figure(lambda s: lines_view(shown(s)[0][layer], s.visuals["tokens"][example], heads, layer),
                    key=f"{PAGE}.lines")
    with right:
        live_figure(lambda s: ablation_figure(s.visuals["ablation"]), key=f"{PAGE}.ablation")
        st.caption("Each cell: how much the held-out loss rises when that one head's output is zeroed. "
                   "A head the task depends on shows a large number; a redundant one ≈ 0.")
    live_figure(lambda s: entropy_figure(s.history, s.visuals["heads"]), key=f"{PAGE}.entropy")
    st.caption("Entropy H = −Σ α log α of a head's rows, averaged: high means it spreads its attention, "
               "low means it has learned to look at one place (for reverse, the mirrored position).")


opened.live(draw)
