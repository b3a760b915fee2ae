"""Train a CNN live: build the architecture, watch kernels, feature maps, gradients and the confusion matrix."""
import pandas as pd
import streamlit as st

from dl_engine.data.image_uploads import ImageError, is_registered, read_image
from dl_engine.data.images import fit_to
from dl_engine.training.cnn_experiment import SALIENCY_LATEX, CNNExperiment, analyse
from dl_engine.models.cnn_arch import ArchitectureError, CNNConfig, check_config, layer_table, table_records
from dl_engine.models.registry import OPTIMIZERS
from dl_engine.training.run import StopCondition
from dl_engine.ui.cnn_widgets import architecture_editor, what_if_panel, zip_uploader
from dl_engine.ui.controls import Pace, control_bar
from dl_engine.ui.live import live_figure, live_panel, per_snapshot
from dl_engine.ui.owner import session_owner
from dl_engine.ui.page_state import setting
from dl_engine.ui.present import lesson, present_mode, top_row
from dl_engine.ui.query import config_from_widgets, init_widgets, sync_url
from dl_engine.ui.session import page_run
from dl_engine.ui.sidebar import common_sidebar
from dl_engine.ui.upload_examples import example_download
from dl_engine.viz import cnn as viz
from dl_engine.viz.train_curves import accuracy_figure, grad_norm_figure, loss_figure

PAGE = "cnn"
common = common_sidebar()
st.title("🖼️ Train a CNN")
lesson_block, architecture_block, probe_block = top_row(3)
with lesson_block, lesson():
    st.markdown("Convolution blocks learn their own filters; pooling shrinks the maps; flatten and dense layers "
                "classify; softmax turns scores into probabilities. Press **Train** and watch the filters form.")
init_widgets(PAGE, CNNConfig)

with st.sidebar:
    st.markdown("### Data and training")
    uploaded = st.session_state[f"{PAGE}.dataset"] if st.session_state[f"{PAGE}.dataset"].startswith("upload:") else None
    sources = ["digits", "shapes"] + ([uploaded] if uploaded and is_registered(uploaded, session_owner()) else [])
    if st.session_state[f"{PAGE}.dataset"] not in sources:
        st.warning("The uploaded dataset in this link is not available in this browser (uploads stay with the "
                   "browser that made them, until its tab closes); using digits. Upload the zip here to use it.")
        st.session_state[f"{PAGE}.dataset"] = "digits"
    st.selectbox("Dataset", sources, **setting(f"{PAGE}.dataset"), format_func=lambda k: k.split(":")[0], help="digits: 8×8 handwritten, 10 classes · "
                 "shapes: 28×28 generated circles, squares, triangles, crosses and bars with noise and shifts")
    zip_uploader(PAGE)
    st.selectbox("Optimizer", list(OPTIMIZERS), **setting(f"{PAGE}.optimizer"))
    st.number_input("Learning rate η", 1e-5, 1.0, **setting(f"{PAGE}.lr"), step=0.001, format="%g")
    st.number_input("Batch size", 8, 512, **setting(f"{PAGE}.batch_size"), step=8)
    st.number_input("Epochs", 1, 200, **setting(f"{PAGE}.epochs"))

with architecture_block:
    architecture = lesson("Architecture and layer shapes")
with architecture:
    st.subheader("Architecture")
    dense_error = architecture_editor(PAGE)
if dense_error:
    st.error(dense_error)
    st.stop()
config = config_from_widgets(PAGE, CNNConfig)
if config is None:
    st.stop()
try:
    check_config(config)
except ArchitectureError as err:
    st.error(f"This network cannot be built: {err}")
    st.stop()
run = page_run(PAGE, CNNExperiment, config, common.seed, common.device, stop=StopCondition(max_epochs=config.epochs))
sync_url(config, common.seed)
visuals = run.snapshot.visuals
rows = table_records(layer_table(config, visuals["input_shape"], len(visuals["class_names"])))
with architecture:
    shapes = f"Layer shapes and parameters — {sum(r['parameters'] for r in rows):,} parameters in all"
    with st.container() if present_mode() else st.expander(shapes, expanded=True):   # no expander in an expander
        if present_mode():
            st.markdown(f"**{shapes}**")
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")

control_bar(run, PAGE, {"+1 epoch": run.experiment.steps_per_epoch}, Pace("epoch", 0.5))
with probe_block:
    c1, c2 = lesson("Test image to inspect, or your own").columns([1, 2])
n_test = len(visuals["test_labels"])
index = c1.number_input(f"Test image to inspect (0–{n_test - 1})", 0, n_test - 1, **setting(f"{PAGE}.image"))
own = c2.file_uploader("…or upload your own image to classify (PNG/JPEG)", ["png", "jpg", "jpeg"],
                       key=f"{PAGE}.probe_upload")
with c2:
    example_download("image")
invert = c2.toggle("Invert it (dark ink on white paper → bright on black, like the digits)", **setting(f"{PAGE}.invert"))
image, true = visuals["test_images"][min(index, n_test - 1)], int(visuals["test_labels"][min(index, n_test - 1)])
if own is not None:
    try:
        image, true = fit_to(read_image(own.getvalue(), max_side=256), visuals["input_shape"], invert), None
    except ImageError as err:
        st.error(f"That image cannot be used: {err}")


def draw(snap) -> None:
    analysed = per_snapshot(lambda s: analyse(run.config, s.visuals, image))  # one pass for three figures
    if present_mode():   # the filters forming beside the loss, on the first screen
        kernels, loss = st.columns([3, 2])
        with kernels:
            live_figure(lambda s: viz.kernel_grid_figure(s.visuals["kernels"], s.visuals["frozen"], height=420),
                        key=f"{PAGE}.kernels")
        with loss:
            live_figure(lambda s: loss_figure(s.history, height=420), key=f"{PAGE}.loss")
        live_figure(lambda s: accuracy_figure(s.history, height=340), key=f"{PAGE}.accuracy")
    else:
        loss, accuracy = st.columns(2)
        with loss:
            live_figure(lambda s: loss_figure(s.history, height=340), key=f"{PAGE}.loss")
        with accuracy:
            live_figure(lambda s: accuracy_figure(s.history, height=340), key=f"{PAGE}.accuracy")
        live_figure(lambda s: viz.kernel_grid_figure(s.visuals["kernels"], s.visuals["frozen"]), key=f"{PAGE}.kernels")
    live_figure(lambda s: viz.feature_map_figure(analysed(s).feature_maps), key=f"{PAGE}.fmaps")
    left, right = st.columns(2)
    with left:
        live_figure(lambda s: viz.probs_figure(analysed(s).probs, s.visuals["class_names"], true), key=f"{PAGE}.probs")
        live_figure(lambda s: grad_norm_figure(s.history, height=360), key=f"{PAGE}.grads")
    with right:
        live_figure(lambda s: viz.saliency_figure(image, analysed(s).saliency), key=f"{PAGE}.saliency")
        live_figure(lambda s: viz.confusion_figure(s.visuals["confusion"], s.visuals["class_names"]),
                    key=f"{PAGE}.confusion")

live_panel(run, draw, common.refresh, key=PAGE)
st.latex(r"\text{saliency: }" + SALIENCY_LATEX)

st.subheader("What if…")
st.markdown("Freeze a filter (it stops learning) or overwrite it with a hand-made kernel, then continue "
            "training and watch whether the network keeps it, works around it, or gets worse.")
what_if_panel(run, PAGE)
