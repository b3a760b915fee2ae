"""MLP playground: TensorFlow Playground's network, trained live by the explicit-gradient engine."""
import streamlit as st

from dl_engine.models.mlp_config import MLPConfig
from dl_engine.training.mlp_experiment import MLPExperiment
from dl_engine.presets.mlp import PRESETS
from dl_engine.models.mlp_init import BIAS_INIT_LATEX
from dl_engine.training.run import StopCondition
from dl_engine.ui.controls import Pace, control_bar
from dl_engine.ui.live import live_figure, live_panel
from dl_engine.ui.missing_upload import fall_back_from_a_missing_upload
from dl_engine.ui.mlp_controls import data_controls, label, network_controls, training_controls
from dl_engine.ui.page_state import setting
from dl_engine.ui.present import fit, lesson, present_mode, top_row
from dl_engine.ui.preset_box import CUSTOM, preset_box, preset_from_url
from dl_engine.ui.query import config_from_widgets, init_widgets, sync_url
from dl_engine.ui.session import page_run
from dl_engine.ui.sidebar import common_sidebar
from dl_engine.viz.mlp_boundary import boundary_figure
from dl_engine.viz.mlp_network import network_figure
from dl_engine.viz.train_curves import accuracy_figure, grad_norm_figure, loss_figure

PAGE = "mlp"
MAIN_HEIGHT = 400   # px of the network, the boundary and the loss side by side in present mode
PRESET_CONFIGS = {name: preset.config for name, preset in PRESETS.items()}  # links name presets by key
common = common_sidebar()
preset_from_url(PAGE, PRESET_CONFIGS)
init_widgets(PAGE, MLPConfig)
fall_back_from_a_missing_upload(PAGE, "dataset", "circle", "the circle data set")

st.title("🕸️ MLP playground")
preset_block, lesson_block, equations_block = top_row(3)
shown = preset_box(PAGE, MLPConfig, PRESET_CONFIGS, "Preset", lambda name: PRESETS[name].title, where=preset_block)
with lesson_block, lesson():
    st.markdown("Each neuron computes a weighted sum and an activation, $h = f(Wx + b)$; layers stack so the "
                "network can bend its decision boundary. Backpropagation gives every weight its gradient "
                r"$\partial L/\partial w$ and the optimizer moves it downhill.")
    st.caption(PRESETS[shown].lesson if shown != CUSTOM else
               "Your own settings. Choose a preset to load one of the lessons; a copied link keeps these settings.")

with st.sidebar:
    with st.expander("Data", expanded=True):
        data_controls()
    with st.expander("Network", expanded=True):
        network_controls()
    with st.expander("Training", expanded=True):
        training_controls()
    with st.expander("Stop when", expanded=False):
        max_epochs = st.number_input("Epoch budget (0 = none)", 0, 100_000, 0, step=50, **setting(f"{PAGE}.max_epochs"))
        target = st.number_input("Target training loss (0 = none)", 0.0, 10.0, 0.0, step=0.01, format="%.3f",
                                 **setting(f"{PAGE}.target_loss"))

config = config_from_widgets(PAGE, MLPConfig)
if config is None:
    st.stop()
if config.dataset == "csv" and not config.upload:
    st.info("Upload a CSV file (x1, x2, label) in the sidebar's Data section to train on your own points.")
    st.stop()
sync_url(config, common.seed)
stop = StopCondition(max_epochs=max_epochs or None, target_loss=target or None)
run = page_run(PAGE, MLPExperiment, config, common.seed, common.device, stop=stop)

with equations_block, st.expander("Equations in use", expanded=False):
    # the table entries the run's engine computes with: each equation sits beside its kernel id and torch function
    for i, entry in enumerate(run.experiment.equations.shown()):
        st.latex(entry.latex + (r",\qquad " + BIAS_INIT_LATEX if i == 0 else ""))  # the initialiser's
        if entry.note:
            st.caption(entry.note)
control_bar(run, PAGE, {"+1 epoch": run.experiment.steps_per_epoch}, Pace("epoch", 20))


def draw(snap) -> None:
    v, m = snap.visuals, snap.metrics
    st.markdown(f"**Test loss** {m.get('test_loss', float('nan')):.4f} · **train loss** "
                f"{m.get('train_loss', float('nan')):.4f} · **test accuracy** {m.get('test_acc', 0):.1%} · "
                f"**train accuracy** {m.get('train_acc', 0):.1%}")
    present = present_mode()
    net, plane, *side = st.columns([4, 3.2, 2.8] if present else [3, 2])
    columns = ["inputs"] + [f"{n} ({label(a)})" for n, a in zip(v["layer_names"], config.layer_activations())]
    columns.append("output")
    nodes = [v["features"]] + [[f"{n}, neuron {i + 1}" for i in range(len(t))]
                               for n, t in zip(v["layer_names"], v["thumbs"][1:])]
    with net:
        if not present:
            st.caption("Each square is one neuron's output over the input plane; edge thickness is |weight|.")
        live_figure(lambda s: network_figure(s.visuals["thumbs"], s.visuals["weights"], columns, nodes,
                                             height=fit(None, MAIN_HEIGHT)), key=f"{PAGE}.fig.network")
    with plane:
        live_figure(lambda s: boundary_figure(s.visuals["boundary"], s.visuals["extent"], s.visuals,
                                              s.visuals["class_names"], height=fit(520, MAIN_HEIGHT)),
                    key=f"{PAGE}.fig.boundary")
    a, b, c = (side[0], *st.columns(2)) if present else st.columns(3)
    with a:
        live_figure(lambda s: loss_figure(s.history, height=fit(300, MAIN_HEIGHT)), key=f"{PAGE}.fig.loss")
    with b:
        live_figure(lambda s: accuracy_figure(s.history), key=f"{PAGE}.fig.accuracy")
    with c:
        live_figure(lambda s: grad_norm_figure(s.history, s.visuals["layer_names"]), key=f"{PAGE}.fig.gradnorm")


live_panel(run, draw, common.refresh, key=PAGE)
