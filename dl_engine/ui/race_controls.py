"""The racers' hyperparameters, the same widgets on both optimiser-race pages: each racer's η, then
the momentum, RMSprop and Adam constants they share (keys "<page>.lr_<name>", "<page>.momentum", …)."""
from __future__ import annotations

import streamlit as st

from dl_engine.models.race_optimisers import LABELS, NAMES
from dl_engine.ui.page_state import setting


def racer_hyperparameters(page: str) -> None:
    with st.expander("Learning rates η", expanded=False):
        for name in NAMES:
            st.number_input(LABELS[name], 1e-5, 1e4, step=0.001, format="%.5f", **setting(f"{page}.lr_{name}"))
    with st.expander("Other hyperparameters", expanded=False):
        st.number_input("μ (momentum, Nesterov)", 0.0, 0.999, step=0.01, format="%.3f", **setting(f"{page}.momentum"))
        st.number_input("α (RMSprop)", 0.0, 0.9999, step=0.01, format="%.4f", **setting(f"{page}.alpha"))
        st.number_input("β₁ (Adam, AdamW)", 0.0, 0.9999, step=0.01, format="%.4f", **setting(f"{page}.beta1"))
        st.number_input("β₂ (Adam, AdamW)", 0.0, 0.99999, step=0.001, format="%.5f", **setting(f"{page}.beta2"))
        st.number_input("λ (AdamW's weight decay)", 0.0, 1.0, step=0.01, format="%.3f",
                        **setting(f"{page}.weight_decay"))
