"""Widgets of the attention pages (keyed "<page>.<field>"); values reach the engine only through
MechanicsConfig, Seq2SeqConfig and TransformerConfig."""
from __future__ import annotations

import streamlit as st

from dl_engine.data.translation import TASKS
from dl_engine.models.attention import SCORE_NAMES
from dl_engine.training.transformer_experiment import TRANSFORMER_TASKS
from dl_engine.ui.page_state import setting

OPTIMIZERS = {"adam": "Adam", "rmsprop": "RMSprop", "momentum": "SGD + momentum", "sgd": "SGD",
              "adagrad": "Adagrad"}


def mechanics_controls(page: str) -> None:
    """Sentence, width and the two switches of the mechanics lab."""
    st.text_input("Your sentence (up to 8 words)", **setting(f"{page}.sentence"), max_chars=80)
    left, mid, right = st.columns(3)
    left.slider("Embedding size d (= d_k)", 2, 8, **setting(f"{page}.d_model"))
    mid.toggle("Add positional encoding", **setting(f"{page}.positions"),
               help="Without it, attention cannot tell 'the' at position 1 from 'the' at position 5.")
    right.toggle("Causal mask (decoder)", **setting(f"{page}.causal"),
                 help="A decoder may not look at words that come later: their scores become −∞.")


def _training(page: str, max_batch: int) -> None:
    st.selectbox("Optimizer", list(OPTIMIZERS), **setting(f"{page}.optimizer"), format_func=OPTIMIZERS.get)
    st.number_input("Learning rate η", 0.00001, 1.0, step=0.001, format="%.4f", **setting(f"{page}.lr"))
    st.number_input("Batch size", 8, max_batch, step=8, **setting(f"{page}.batch_size"))


def seq2seq_controls(page: str) -> None:
    """Task, input length and the encoder-decoder's shape (in the sidebar)."""
    st.selectbox("Task", list(TASKS), **setting(f"{page}.task"),
                 format_func=lambda t: f"{TASKS[t].label}  ({TASKS[t].example})")
    st.slider("Longest input (training uses 2 … this)", 3, 20, **setting(f"{page}.max_len"),
              help=f"For this task the length means: {TASKS[st.session_state[f'{page}.task']].length_meaning}.")
    st.selectbox("Recurrent cell", ("gru", "lstm"), **setting(f"{page}.cell"), format_func=str.upper)
    st.selectbox("Attention score", list(SCORE_NAMES), **setting(f"{page}.score"), format_func=SCORE_NAMES.get)
    st.select_slider("Hidden size", (16, 32, 64, 128), **setting(f"{page}.hidden"))
    _training(page, 256)


def transformer_controls(page: str) -> None:
    """Task and the transformer's shape (in the sidebar)."""
    st.selectbox("Task", list(TRANSFORMER_TASKS), **setting(f"{page}.task"), format_func=TRANSFORMER_TASKS.get)
    st.slider("Sequence length n", 2, 12, **setting(f"{page}.seq_len"),
              help="Digits per question; the text task reads 2n characters at a time.")
    st.slider("Different digits", 2, 10, **setting(f"{page}.n_symbols"),
              disabled=st.session_state[f"{page}.task"] == "text")
    st.slider("Layers", 1, 4, **setting(f"{page}.n_layers"))
    st.select_slider("Heads per layer", (1, 2, 4, 8), **setting(f"{page}.n_heads"))
    st.select_slider("d_model", (8, 16, 32, 64, 128), **setting(f"{page}.d_model"))
    st.selectbox("Positions", ("sinusoidal", "learned"), **setting(f"{page}.positions"))
    st.toggle("Causal mask", **setting(f"{page}.causal"),
              help="Off: every position also sees the answer tokens after it while training. "
                   "Accuracy is measured by generating the answer one token at a time, so a model that "
                   "learned to peek is caught.")
    _training(page, 512)
