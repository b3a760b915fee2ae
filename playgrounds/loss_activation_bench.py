"""Loss and activation bench: the notes' activations and losses with their gradients, softmax with a
temperature, cross-entropy against MSE on a saturated sigmoid trained side by side, dead ReLUs."""
import streamlit as st

from dl_engine.data.toy2d import DATASETS
from dl_engine.models import activation_bench as ab
from dl_engine.models.activation_bench_nets import DEAD_LATEX
from dl_engine.models.registry import ACTIVATIONS
from dl_engine.presets.activation_bench import PRESETS
from dl_engine.training.activation_bench_experiment import HIDDEN_ACTIVATIONS, BenchConfig, BenchExperiment
from dl_engine.ui.controls import Pace
from dl_engine.ui.live import live_figure
from dl_engine.ui.page_state import setting
from dl_engine.ui.present import fit
from dl_engine.ui.preset_box import CUSTOM, matching_preset, preset_box, preset_from_url
from dl_engine.ui.training_page import TrainingPage, open_training_page
from dl_engine.viz import activation_bench as viz

PAGE = "loss_activation_bench"
VIEW = "loss_activation_bench_view"   # the static panels' widgets: not settings of the run, not in the link
PRESET_CONFIGS = {slug: p.config for slug, p in PRESETS.items()}


def controls() -> None:
    with st.expander("Bench", expanded=True):
        preset_box(PAGE, BenchConfig, PRESET_CONFIGS, "Preset", lambda slug: PRESETS[slug].title)
    with st.expander("Sigmoid unit: cross-entropy vs MSE", expanded=True):
        st.number_input("‖w‖ at the start, pointing the wrong way (0: σ = ½)", 0.0, 20.0, step=0.5,
                        **setting(f"{PAGE}.start_scale"))
        st.number_input("Learning rate η (both copies)", 1e-4, 50.0, step=0.1, format="%.4f", **setting(f"{PAGE}.lr"))
    with st.expander("Hidden net: dead units", expanded=True):
        st.selectbox("Data set", list(DATASETS), **setting(f"{PAGE}.dataset"))
        st.selectbox("Activation", HIDDEN_ACTIVATIONS, format_func=ab.LABELS.get, **setting(f"{PAGE}.activation"))
        st.slider("Hidden units", 2, 256, **setting(f"{PAGE}.hidden"))
        st.number_input("Learning rate η", 1e-4, 50.0, step=0.5, format="%.4f", **setting(f"{PAGE}.net_lr"))
        st.number_input("Hidden biases at the start b₁", -20.0, 20.0, step=0.5, **setting(f"{PAGE}.bias_init"))
    with st.expander("Data", expanded=False):
        st.slider("Points", 20, 2000, step=10, **setting(f"{PAGE}.points"))
        st.slider("Noise", 0.0, 0.5, step=0.05, **setting(f"{PAGE}.noise"))


def lesson(config: BenchConfig) -> None:
    shown = matching_preset(PRESET_CONFIGS, config)
    st.markdown("The notes (003) list the activations (sigmoid, tanh, ReLU, leaky ReLU, ELU) and the losses "
                "(MSE, MAE, Huber, pseudo-Huber, cross-entropy) by name, and say the sigmoid is *prone to "
                "gradient vanishing* and ELU has *no problem of dead ReLU*. Below the charts each one is "
                "drawn with its derivative as `backward()` computes it. The live part trains one sigmoid "
                "unit z = w·x + b twice from the same saturated start, one copy on each loss; the gradient "
                "each passes back to z is (per sample)")
    for latex in ab.GRAD_Z_LATEX.values():
        st.latex(latex)
    st.caption("The notes do not write these out: they are the chain rule through σ′ = σ(1 − σ). PyTorch's "
               "`mse_loss` has no ½, hence the 2. Where σ is saturated the wrong way (σ ≈ 1 for y = 0), "
               "σ − y ≈ ±1 but σ(1 − σ) ≈ 0: MSE's gradient vanishes exactly where the unit is most wrong.")
    st.markdown("Beside it a one-hidden-layer net trains with cross-entropy; a hidden unit is dead when its "
                "output is 0 on every training input (then ReLU′ = 0 on all of them and no step revives it):")
    st.latex(DEAD_LATEX)
    if shown != CUSTOM:
        st.info(f"**{PRESETS[shown].title}.** {PRESETS[shown].lesson}")


preset_from_url(PAGE, PRESET_CONFIGS)
opened = open_training_page(TrainingPage(PAGE, "🧪 Loss and activation bench", BenchConfig, BenchExperiment,
                                         Pace("step", 20), sidebar=controls, lesson=lesson,
                                         steps={"+1": 1, "+10": 10, "+100": 100}))


def draw(snap) -> None:
    m = snap.metrics
    st.markdown(f"**Step {snap.step}.** Cross-entropy copy: accuracy {m['ce_acc']:.1%}, mean |∂L/∂z| "
                f"{m['ce_grad_z']:.2e} · MSE copy: accuracy {m['mse_acc']:.1%}, mean |∂L/∂z| {m['mse_grad_z']:.2e} "
                f"· hidden net: {m['dead_share']:.0%} of its units dead, accuracy {m['net_acc']:.1%}")
    columns = st.columns(3)
    for column, (name, builder) in zip(columns, (("accuracy", viz.race_accuracy_figure),
                                                 ("loss", viz.race_loss_figure), ("grad", viz.race_grad_figure))):
        with column:
            live_figure(lambda s, b=builder: b(s.history), key=f"{PAGE}.{name}", height=fit(320, 300))
    left, right = st.columns(2)
    with left:
        live_figure(lambda s: viz.dead_share_figure(s.history), key=f"{PAGE}.dead", height=fit(320, 300))
    with right:
        live_figure(lambda s: viz.unit_activity_figure(s.visuals), key=f"{PAGE}.units", height=fit(320, 300))


opened.live(draw)


def activation_panel() -> None:
    left, right = st.columns([1, 3])
    with left:
        name = st.selectbox("Activation", ab.NAMES, format_func=ab.LABELS.get, key=f"{VIEW}.activation")
        lo, hi = st.slider("Input range z", -20.0, 20.0, (-6.0, 6.0), step=0.5, key=f"{VIEW}.range")
        threshold = st.number_input("Saturated where |f′| <", 1e-6, 1.0, 0.05, step=0.01, format="%.4f",
                                    key=f"{VIEW}.threshold")
        st.latex(ACTIVATIONS[name].latex)
        st.latex(ab.DERIVATIVES[name].latex)
    if hi <= lo:
        st.warning("Pick an input range whose left end is below its right end.")
        return
    curve = ab.activation_curve(name, lo, hi)
    spans = ab.saturated_spans(curve["z"], curve["df"], threshold)
    with right:
        st.plotly_chart(viz.activation_figure(name, curve, spans, threshold), width="stretch", theme=None)
        st.caption("Saturated: " + (", ".join(f"z ∈ [{a:.2f}, {b:.2f}]" for a, b in spans) if spans
                                    else "nowhere in this range") + ". f′ is what backward() multiplies by there.")


def loss_panel() -> None:
    left, right = st.columns([1, 3])
    with left:
        target = st.number_input("Target y (regression)", -10.0, 10.0, 0.0, step=0.5, key=f"{VIEW}.target")
        label = st.radio("Label y (sigmoid output)", (1, 0), horizontal=True, key=f"{VIEW}.label")
        for _, _, latex in ab.REGRESSION.values():
            st.latex(latex)
    with right:
        st.plotly_chart(viz.regression_figure(ab.regression_curves(target), target), width="stretch", theme=None)
        st.plotly_chart(viz.classification_figure(ab.classification_curves(label), label), width="stretch", theme=None)
        st.caption("MAE's gradient is ±1 whatever the error, MSE's grows with it (hence its outlier trouble), Huber "
                   "is MSE near the target and MAE far off. On the sigmoid output, cross-entropy's |∂L/∂z| stays "
                   "near 1 across the shaded wrong side; MSE's falls by decades there.")


def softmax_panel() -> None:
    left, right = st.columns([1, 3])
    with left:
        text = st.text_input("Logits z (comma-separated)", "2, 1, 0.1, -1", key=f"{VIEW}.logits")
        temperature = st.slider("Temperature T", 0.05, 10.0, 1.0, step=0.05, key=f"{VIEW}.temperature")
        st.latex(ab.SOFTMAX_LATEX)
        st.latex(ab.ENTROPY_LATEX)
    try:
        logits = ab.parse_logits(text)
    except ValueError as err:
        st.warning(str(err))
        return
    with right:
        st.plotly_chart(viz.softmax_figure(logits, ab.softmax_t(logits, temperature), temperature),
                        width="stretch", theme=None)
        st.caption("T → 0: all the mass on the largest logit (one-hot, entropy 0); T → ∞: uniform "
                   "(entropy log₂ K). T = 1 is the plain softmax.")


st.header("The functions on the bench")
tabs = st.tabs(["Activations", "Losses", "Softmax with a temperature"])
for tab, panel in zip(tabs, (activation_panel, loss_panel, softmax_panel)):
    with tab:
        panel()
