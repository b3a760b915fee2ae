"""Recurrent playground: RNN, LSTM and GRU trained live, every gate, state and ∂L/∂h_t on screen."""
import streamlit as st

from dl_engine.models.recurrent import EQUATIONS, GRU_TORCH_NOTE
from dl_engine.training import recurrent_experiment as rx
from dl_engine.training.recurrent_probe import NO_CLAMP, TEMPERATURE_LATEX, what_if_clamps
from dl_engine.training.run import StopCondition
from dl_engine.ui.controls import Pace, control_bar
from dl_engine.ui.live import live_figure, live_panel
from dl_engine.ui.page_state import setting
from dl_engine.ui.present import lesson
from dl_engine.ui.query import config_from_widgets, init_widgets, sync_url
from dl_engine.ui.recurrent_controls import key, recurrent_controls
from dl_engine.ui.session import page_run
from dl_engine.ui.sidebar import common_sidebar
from dl_engine.viz import recurrent_charts as charts

PAGE = "recurrent"
common = common_sidebar()
init_widgets(PAGE, rx.RecurrentConfig)
st.title("🔄 Recurrent networks: RNN, LSTM and GRU")
with lesson():
    st.markdown("A recurrent network reads a sequence one step at a time and carries a **hidden state** h_t "
                "from step to step — the same weights at every step. Train one and watch its gates open and "
                "close, its memory fill, and how far back in time the gradient still reaches.")

with st.sidebar:
    task, compare, budget = recurrent_controls()

config = config_from_widgets(PAGE, rx.RecurrentConfig)
if config is None:
    st.stop()
problem = rx.config_problem(config)
if problem:
    st.error(problem)
    st.stop()
sync_url(config, common.seed)
run = page_run(PAGE, rx.build_recurrent_experiment, config, common.seed, common.device)
run.stop_condition = StopCondition(max_epochs=budget / run.experiment.steps_per_epoch, target_loss=1e-4)

with st.expander("The equations this cell computes (the notes' notation)", expanded=False):
    for cell in (["rnn", "lstm", "gru"] if compare else [config.cell]):
        st.markdown(f"**{cell.upper()}**")
        for line in EQUATIONS[cell]:
            st.latex(line)
    if compare or config.cell == "gru":
        st.caption(GRU_TORCH_NOTE)
    if config.clip != "none":
        st.latex(rx.CLIP_LATEX[config.clip])
        st.caption(rx.CLIP_NOTE[config.clip])
    if task == "language_model":
        st.markdown("Sampling with temperature τ (low τ: safe and repetitive; high τ: adventurous):")
        st.latex(TEMPERATURE_LATEX)

control_bar(run, PAGE, {"+100": 100}, Pace("step", 10))
if compare:
    shown, variant, reverse = 0, NO_CLAMP, False
else:
    cols = st.columns([1, 2, 1])
    shown = cols[0].radio("Sequence", [0, 1, 2], format_func=lambda i: f"#{i + 1}", horizontal=True, **setting(key("shown")))
    clamps = list(what_if_clamps(config.cell))
    variant = cols[1].selectbox("What if… (clamp a gate on the trained weights)", clamps, **setting(key("what_if")),
                                disabled=len(clamps) == 1, help="The vanilla RNN has no gates to clamp.")
    reverse = cols[2].toggle("Show the backward direction", **setting(key("reverse")), disabled=not config.bidirectional)
view = charts.SequenceView(config, variant, shown, reverse)


def draw_compare(snap) -> None:
    left, right = st.columns(2)
    with left:
        live_figure(charts.compare_loss, key=key("chart.cmp_loss"))
    with right:
        live_figure(charts.compare_gradients, key=key("chart.cmp_grad"))
    if "lstm/test_acc" in snap.history:
        live_figure(charts.compare_accuracy, key=key("chart.cmp_acc"))
    st.caption("Same task, seed and batches for all three. ‖∂L_T/∂h_t‖ on a log scale: the RNN's curve "
               "falls off a cliff going back in time (each step multiplies by W_hh and tanh′ < 1); the gated "
               "cells keep a path — the cell state C_t, or h's (1 − z) carry — along which the gradient survives.")


def draw(snap) -> None:
    if compare:
        return draw_compare(snap)
    v = snap.visuals
    var, _ = view.chosen(snap)
    live_figure(view.diagram, key=key("chart.diagram"))
    left, right = st.columns(2)
    with left:
        live_figure(charts.loss_chart, key=key("chart.loss"))
        if config.clip == "norm":
            live_figure(view.clipping, key=key("chart.clip"))
        if var["acc"] is not None:
            st.caption(f"Accuracy on the probe set: **{var['acc']:.0%}** · loss {var['loss']:.4f}"
                       + ("" if variant == NO_CLAMP else f" — with {variant}"))
    with right:
        live_figure(charts.gradient_chart, key=key("chart.grad"))
    live_figure(view.gates, key=key("chart.gates"))
    left, right = st.columns(2)
    with left:
        live_figure(view.pca, key=key("chart.pca"))
    with right:
        if "samples" in v:
            st.markdown("**Generated text** (renewed twice a second while training; same random seed every "
                        "time, so changes come from the weights):")
            for tau, sample in v["samples"].items():
                st.code(f"τ = {tau}: {sample}", language=None, wrap_lines=True)
        elif "described" in var:
            st.markdown("**Answers after the last step**")
            for i, line in enumerate(var["described"]):
                st.markdown(f"{'👉 ' if i == shown else ''}#{i + 1}: {line}")
        else:
            live_figure(view.forecast, key=key("chart.forecast"))


live_panel(run, draw, common.refresh, key=PAGE)
