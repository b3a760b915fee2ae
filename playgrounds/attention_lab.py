"""Attention mechanics lab: a typed sentence through self-attention, every number on screen."""
import streamlit as st

from dl_engine.models.attention import SCORE_LATEX, SCORE_NAMES, SDPA_LATEX, SOFTMAX_LATEX
from dl_engine.models.attention_steps import MechanicsConfig, positional_table, walkthrough
from dl_engine.models.transformer import PE_LATEX
from dl_engine.ui.attention_controls import mechanics_controls
from dl_engine.ui.page_state import setting
from dl_engine.ui.present import chart_scale, lesson, present_mode
from dl_engine.ui.query import config_from_widgets, init_widgets, sync_url
from dl_engine.ui.sidebar import common_sidebar
from dl_engine.viz.attention_mechanics import (positional_encoding_figure, qkv_figure, score_functions_figure,
                                               token_matrix_figure, vectors_figure)
from dl_engine.viz.fit import column_width

PAGE = "attention"
common = common_sidebar()
init_widgets(PAGE, MechanicsConfig)
fit = dict(width=column_width(present_mode()), scale=chart_scale())   # what the figures' text must fit

st.title("🔦 Attention, step by step")
with lesson():
    st.markdown("Each word asks a **query**, every word offers a **key**, and the answer is a mix of "
                "the words' **values**, weighted by how well query and key match (notes 000 §54, 001).")
    st.latex(SDPA_LATEX)
mechanics_controls(PAGE)
config = config_from_widgets(PAGE, MechanicsConfig)
if config is None:
    st.stop()
sync_url(config, common.seed)
try:
    w = walkthrough(config.sentence, config.d_model, common.seed, config.causal, config.positions)
except ValueError as err:
    st.error(str(err))
    st.stop()


def show(fig, name: str) -> None:
    st.plotly_chart(fig, key=f"{PAGE}.{name}", width="stretch")


st.subheader("1 · Tiny embeddings")
with lesson():
    st.markdown(f"Each word gets a fixed random vector of size d = {w.d_k} (a repeated word gets the same one)"
                + (", plus its position's sinusoidal encoding." if config.positions else ". No positions are added."))
show(vectors_figure(w.x, w.tokens, "Inputs X: one row per token", **fit), "x")

st.subheader("2 · Queries, keys and values")
with lesson():
    st.latex(r"Q = XW_Q,\quad K = XW_K,\quad V = XW_V")
show(qkv_figure(w.q, w.k, w.v, w.tokens, **fit), "qkv")

st.subheader("3 · Scores: how well each query matches each key")
with lesson():
    st.latex(r"e = QK^\top")
show(token_matrix_figure(w.scores, w.tokens, "Scores QKᵀ", **fit), "scores")

st.subheader("4 · Scale by √d_k")
with lesson():
    st.markdown(f"Dot products grow with the width: dividing by √{w.d_k} = {w.d_k ** 0.5:.2f} keeps the softmax "
                "from saturating into a one-hot with vanishing gradients.")
show(token_matrix_figure(w.scaled, w.tokens, f"Scaled scores QKᵀ / √{w.d_k}", **fit), "scaled")

if config.causal:
    st.subheader("5 · Causal mask")
    with lesson():
        st.markdown("A decoder must not see the future: every score above the diagonal becomes −∞ (blank), "
                    "so its weight after the softmax is exactly 0.")
    show(token_matrix_figure(w.masked, w.tokens, "Masked scores (blank = −∞)", **fit), "masked")

st.subheader(f"{6 if config.causal else 5} · Softmax: weights that sum to 1 in every row")
with lesson():
    st.latex(SOFTMAX_LATEX)
show(token_matrix_figure(w.weights, w.tokens, "Attention weights α", weights=True,
                         row_sums=w.weights.sum(1), **fit), "weights")

st.subheader(f"{7 if config.causal else 6} · Weighted sum of the values")
with lesson():
    st.latex(r"\text{output}_t = \sum_j \alpha_{t,j}\, v_j \qquad (\text{output} = \alpha V)")
show(vectors_figure(w.output, w.tokens, "Output αV: each row a blend of the value rows", **fit), "output")

st.divider()
st.subheader("Four score functions, side by side")
with lesson():
    st.markdown("The same queries and keys scored four ways (notes 000 §53, 003: Bahdanau additive and Luong "
                "multiplicative). Only the score changes; the softmax and the weighted sum stay the same.")
    st.caption("Written as in the notes, with the decoder state s_t as the query and the encoder state h_j as "
               "the key; here s_t is the query row q_t and h_j the key row k_j.")
    for col, name in zip(st.columns(2) + st.columns(2), SCORE_LATEX):
        col.markdown(f"**{SCORE_NAMES[name]}**")
        col.latex(SCORE_LATEX[name])
show(score_functions_figure(w.by_score, SCORE_NAMES, w.tokens, **fit), "score_functions")
with lesson():
    st.caption("Unscaled dot products are larger, so their softmax is peakier; W_a, W₁, W₂ and v_a are random "
               "here (they would be learned).")

st.divider()
st.subheader("Sinusoidal positional encoding")
with lesson():
    st.latex(PE_LATEX)
left, right = st.columns(2)
length = left.slider("Positions", 10, 100, 50, **setting(f"{PAGE}.pe_length"))
width = right.select_slider("Encoding size d", (16, 32, 64, 128), 64, **setting(f"{PAGE}.pe_width"))
show(positional_encoding_figure(positional_table(length, width), **fit), "pe")
with lesson():
    st.caption("Low dimensions oscillate quickly, high ones slowly, like the hands of a clock: every position "
               "gets a distinct pattern, and a fixed offset is a linear map of it.")
