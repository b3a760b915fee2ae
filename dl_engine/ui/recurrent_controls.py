"""The recurrent page's sidebar widgets: task, cell, network size, training and clipping options."""
from __future__ import annotations

import streamlit as st

from dl_engine.data.text import CORPORA, MAX_CHARS
from dl_engine.training import recurrent_experiment as rx
from dl_engine.models.registry import OPTIMIZERS
from dl_engine.ui.page_state import setting
from dl_engine.ui.upload_examples import example_download

PAGE = "recurrent"
TASK_NAMES = {"language_model": "Character language model (many-to-many)", "forecast": "Sine forecasting (many-to-many)",
              "sentiment": "Sentiment of a sentence (many-to-one)", "remember_first": "Remember the first symbol (many-to-one)",
              "adding": "Adding problem (many-to-one)"}
LIMITS = {n: (f.metadata["lo"], f.metadata["hi"]) for n, f in rx.RecurrentConfig.__dataclass_fields__.items() if "lo" in f.metadata}


def key(name: str) -> str:
    return f"{PAGE}.{name}"


def recurrent_controls() -> tuple[str, bool, int]:
    """Draw the widgets (keyed "recurrent.<field>", read back by config_from_widgets); returns
    (task, compare mode on, training budget in batches)."""
    st.markdown("### Task and network")
    task = st.selectbox("Task", rx.TASKS, format_func=TASK_NAMES.get, **setting(key("task")))
    if task == "language_model":
        corpus = st.selectbox("Text", list(CORPORA) + ["custom"], **setting(key("corpus")))
        if corpus == "custom":
            st.text_area("Paste your text", **setting(key("custom_text")), max_chars=MAX_CHARS)
            example_download("text")
    compare = st.toggle("Compare RNN, LSTM and GRU", **setting(key("compare")))
    st.radio("Cell", ["rnn", "lstm", "gru"], format_func=str.upper, horizontal=True, **setting(key("cell")), disabled=compare)
    if st.session_state[key("cell")] == "rnn" or compare:
        st.radio("RNN activation f", ["tanh", "relu"], horizontal=True, **setting(key("nonlinearity")))
    st.slider("Hidden size", *LIMITS["hidden_size"], **setting(key("hidden_size")))
    st.slider("Layers", *LIMITS["num_layers"], **setting(key("num_layers")))
    if task in rx.MANY_TO_MANY:  # reading the future would make next-step prediction trivial
        st.session_state[key("bidirectional")] = False
    st.checkbox("Bidirectional (reads both ways; many-to-one tasks)", **setting(key("bidirectional")),
                disabled=task in rx.MANY_TO_MANY)
    st.slider("Sequence length T (the distance, for memory tasks)", *LIMITS["seq_len"], **setting(key("seq_len")))
    if task == "forecast":
        st.slider("Noise", *LIMITS["noise"], step=0.05, **setting(key("noise")))
    st.markdown("### Training")
    st.select_slider("Batch size", [1, 4, 8, 16, 32, 64, 128, 256], **setting(key("batch_size")))
    st.selectbox("Optimizer", list(OPTIMIZERS), **setting(key("optimizer")))
    st.number_input("Learning rate η", *LIMITS["lr"], format="%.4g", step=0.001, **setting(key("lr")))
    clip = st.radio("Gradient clipping", ["none", "norm", "value"], horizontal=True, **setting(key("clip")))
    if clip != "none":
        st.number_input("Threshold τ", *LIMITS["clip_threshold"], format="%.3g", **setting(key("clip_threshold")))
    st.slider("Truncated BPTT every k steps (0 = full BPTT)", *LIMITS["truncate"], **setting(key("truncate")))
    budget = st.number_input("Training budget in batches (Train stops here)", 100, 100_000, value=3000,
                             step=500, **setting(key("budget")))
    return task, compare, budget
