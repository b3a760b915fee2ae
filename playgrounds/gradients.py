"""Gradient lab: watch gradients vanish or explode layer by layer, find the cause, try the notes' fixes."""
import streamlit as st

from dl_engine.models.deep_mlp import layer_label
from dl_engine.models.gradient_sweep import gradient_sweep
from dl_engine.models.rnn_gradients import LSTM_LATEX, RNN_CURVE, RNN_LATEX, gated_curves, rnn_curve
from dl_engine.training import gradient_health
from dl_engine.training.deep_net import DeepNetConfig, DeepNetExperiment, diagnose, gradient_history
from dl_engine.ui.controls import Pace, control_bar
from dl_engine.ui.gradients_controls import (badge_line, network_controls, preset_from_link, preset_picker,
                                             training_controls)
from dl_engine.ui.live import live_figure, live_panel
from dl_engine.ui.page_state import setting
from dl_engine.ui.present import fit, lesson
from dl_engine.ui.query import config_from_widgets, init_widgets, sync_url
from dl_engine.ui.session import page_run
from dl_engine.ui.sidebar import common_sidebar
from dl_engine.viz.gradients import activation_violins, grad_heatmap, grad_norm_profile, loss_curve, update_ratio_profile
from dl_engine.viz.gradients_rnn import recurrent_figure
from dl_engine.viz.gradients_sweep import sweep_heatmap

PAGE = "gradients"
common = common_sidebar()
preset_from_link()
init_widgets(PAGE, DeepNetConfig)

st.title("📉 Gradient lab")
with lesson():
    st.markdown("Backpropagation multiplies one factor per layer (or per time step). When the factors "
                r"$\partial h_i/\partial h_{i-1}$ are below 1 the gradient **vanishes** on its way to the first "
                "layers; above 1 it **explodes** (notes §41–44).")
    st.latex(gradient_health.CHAIN_RULE_LATEX)

with st.sidebar:
    with st.expander("Network", expanded=True):
        network_controls()
    with st.expander("Training and fixes", expanded=True):
        training_controls()

config = config_from_widgets(PAGE, DeepNetConfig)
if config is None:
    st.stop()
sync_url(config, common.seed)
deep_tab, sweep_tab, rnn_tab = st.tabs(["Deep network lab", "Sweep: activation × init × depth",
                                        "Recurrent gradients"])

with deep_tab:
    preset_picker()
    run = page_run(PAGE, DeepNetExperiment, config, common.seed, common.device)
    control_bar(run, PAGE, {"+10": 10, "+1 epoch": run.experiment.steps_per_epoch}, Pace("epoch", 10))

    def health(s) -> dict:
        return gradient_health.badges(dict(zip(s.visuals["names"], s.visuals["grad_norms"])))

    def heatmap(s) -> dict:
        steps, history = gradient_history(s.history, s.visuals["names"])
        return grad_heatmap(steps, s.visuals["layers"], history)

    def draw(snap) -> None:
        post = diagnose(run)
        if post is not None:
            st.warning("**Post-mortem.** " + post.summary(layer_label), icon="🔎")
        m = snap.metrics
        st.markdown(f"**Training loss** {m.get('train_loss', float('nan')):.4g} · **test accuracy** "
                    f"{m.get('test_acc', 0):.1%} · step {snap.step}")
        badge_line(health(snap), layer_label)
        left, right = st.columns(2)
        with left:
            live_figure(lambda s: grad_norm_profile(s.visuals["layers"], s.visuals["grad_norms"],
                                                    list(health(s).values()), height=fit(360, 260)),
                        key=f"{PAGE}.profile")
        with right:
            live_figure(lambda s: activation_violins(s.visuals["layers"][:-1], s.visuals["activations"],
                                                    height=fit(360, 260)),
                        key=f"{PAGE}.activations")
        live_figure(heatmap, key=f"{PAGE}.heatmap")
        left, right = st.columns(2)
        with left:
            live_figure(lambda s: update_ratio_profile(s.visuals["layers"], s.visuals["update_ratios"]),
                        key=f"{PAGE}.ratios")
        with right:
            live_figure(lambda s: loss_curve(s.history), key=f"{PAGE}.loss")
        st.caption("Gradient norms are measured before clipping, at each redraw. ‖Δθ‖/‖θ‖ is the relative "
                   "size of the last update: ≈10⁻³ learns steadily, far below it barely moves.")

    live_panel(run, draw, common.refresh, key=PAGE)


@st.cache_data(show_spinner=False, max_entries=16)
def sweep_for(width: int, seed: int):
    return gradient_sweep(width=width, seed=seed)


with sweep_tab:
    st.markdown("Every cell is a fresh network at initialisation (no training): the norm of the first "
                r"layer's gradient $\|\partial L/\partial W_1\|$ on one random batch. Blue vanishes, red "
                "explodes, white is about 1; the number is the power of ten (−30 means 10⁻³⁰).")
    width = st.select_slider("Width of every layer", (8, 16, 32, 64), value=32, **setting(f"{PAGE}.sweep_width"))
    sweep = sweep_for(width, common.seed)
    st.plotly_chart(sweep_heatmap(sweep.activations, sweep.inits, sweep.depths, sweep.first),
                    key=f"{PAGE}.sweep", width="stretch")
    st.caption("Read a row left to right: depth multiplies one factor per layer. Sigmoid can only shrink "
               "(σ′ ≤ ¼), and large weights only saturate it; ReLU + He and tanh/SELU + Xavier/LeCun stay near 1; "
               "large random init explodes every other activation; "
               "zeros give no gradient at all (grey ∅: every unit computes the same thing).")


@st.cache_data(show_spinner=False, max_entries=64)
def rnn_for(radius: float, length: int, seed: int):
    return rnn_curve(radius, length, seed=seed)


@st.cache_data(show_spinner=False, max_entries=32)
def gated_for(gate_bias: float, length: int, seed: int):
    return gated_curves(gate_bias, length, seed=seed)


with rnn_tab:
    st.markdown("Through time the same matrix $W_h$ is multiplied once per step, so its size decides "
                "everything: spectral radius ρ < 1 shrinks ‖∂h_T/∂h_t‖ geometrically, ρ > 1 blows it up. "
                "LSTM and GRU gates add a path that is a sum, not a product (§42.5).")
    st.latex(RNN_LATEX)
    st.caption("Q is a random orthogonal matrix, so every singular value and every eigenvalue modulus of "
               "W_h equals ρ: the slider sets the spectral radius and the largest singular value at once.")
    st.latex(LSTM_LATEX)
    a, b, c = st.columns(3)
    radius = a.slider("Spectral radius ρ of W_h", 0.5, 2.0, 0.9, 0.05, **setting(f"{PAGE}.rho"))
    length = b.slider("Sequence length T", 10, 100, 40, 5, **setting(f"{PAGE}.length"))
    gate_bias = c.slider("LSTM/GRU gate bias towards remembering", 0.0, 5.0, 3.0, 0.5, **setting(f"{PAGE}.gate_bias"),
                         help="Added to the LSTM forget-gate bias b_f; subtracted from the GRU update-gate bias.")
    curves = {RNN_CURVE: rnn_for(radius, length, common.seed), **gated_for(gate_bias, length, common.seed)}
    st.plotly_chart(recurrent_figure(list(range(1, length + 1)), curves), key=f"{PAGE}.rnn", width="stretch")
    st.caption("All curves read 1 at t = T. Set the gate bias to 0 to see an untrained LSTM forget as fast "
               "as the RNN: the gates help only when they are set to remember.")
