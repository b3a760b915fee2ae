"""Convolution lab: slide editable filters over an image, step through the window, then pool and flatten."""
import streamlit as st

from dl_engine.data import images
from dl_engine.data.image_uploads import ImageError, read_image
from dl_engine.models import conv_arith as ca
from dl_engine.models.conv_lab import SOURCES, ConvLabConfig, lab_input, partial_output, pool, run_lab
from dl_engine.models.kernels import PRESETS
from dl_engine.ui.conv_widgets import kernel_bank, stepper
from dl_engine.ui.page_state import setting
from dl_engine.ui.present import chart_scale, lesson, present_mode, top_row
from dl_engine.ui.query import config_from_widgets, init_widgets, sync_url
from dl_engine.ui.sidebar import common_sidebar
from dl_engine.ui.upload_examples import example_download
from dl_engine.viz import conv as viz
from dl_engine.viz.fit import column_width

PAGE = "conv"
common = common_sidebar()
present, scale = present_mode(), chart_scale()
# Figure heights (px) that fit a 1280×720 projector in present mode, whole, under the controls.
TALL, SHORT = (600, 460) if present else (480, 420)
st.title("🔍 Convolution lab")
lesson_block, setup_block = top_row(2)
with lesson_block, lesson():
    st.markdown("A **filter** (kernel) slides over the image; at each stop it multiplies the pixels it covers "
                "element by element and sums them into one cell of the **feature map**.")
    st.latex(ca.CONV_LATEX)
    st.caption(ca.CONV_NOTE)
init_widgets(PAGE, ConvLabConfig)
with setup_block, lesson("Image, filter bank, stride and padding"):   # set up before the class
    c1, c2, c3, c4 = st.columns([2, 1, 1, 1])
    source = c1.selectbox("Input image", SOURCES, **setting(f"{PAGE}.source"))
    c2.slider("Image size (px, longer side)", 8, 128, **setting(f"{PAGE}.size"),
              disabled=not source.startswith(("photo", "pattern", "upload")))
    c3.number_input("Digit number (of 1,797)", 0, 1796, **setting(f"{PAGE}.digit"), disabled=source != "digit")
    c4.radio("Kernel size", (3, 5), **setting(f"{PAGE}.kernel_size"), horizontal=True)
    upload = None
    if source == "upload":
        file = st.file_uploader("PNG or JPEG image (≤ 5 MB); it is shrunk to the chosen size", ["png", "jpg", "jpeg"],
                                key=f"{PAGE}.upload")
        example_download("image")
        rgb = st.toggle("Keep colour (RGB)", **setting(f"{PAGE}.upload_rgb"))
        if file is not None:
            try:
                upload = read_image(file.getvalue(), max_side=st.session_state[f"{PAGE}.size"], grey=not rgb)
            except ImageError as err:
                st.error(f"That upload cannot be used: {err}")
    st.multiselect("Filter bank (1–4 filters → 1–4 feature maps)", list(PRESETS), **setting(f"{PAGE}.presets"),
                   max_selections=4)
    g1, g2, g3, g4 = st.columns(4)
    g1.number_input("Stride S", 1, 4, **setting(f"{PAGE}.stride"))
    g2.radio("Padding", ("valid", "same", "custom"), **setting(f"{PAGE}.padding_mode"), horizontal=True,
             help="valid: P = 0 · same: P = (F_eff−1)/2, F_eff = d(F−1)+1, keeps the size at stride 1 · custom: choose P")
    g3.number_input("Padding P", 0, 4, **setting(f"{PAGE}.padding"),
                    disabled=st.session_state[f"{PAGE}.padding_mode"] != "custom")
    g4.number_input("Dilation d", 1, 3, **setting(f"{PAGE}.dilation"), help="Spread the kernel's taps d pixels apart.")

config = config_from_widgets(PAGE, ConvLabConfig)
if config is None:
    st.stop()
if not config.presets:
    st.info("Pick at least one filter for the bank.")
    st.stop()
sync_url(config, common.seed)
try:
    image = lab_input(config, upload)
except ValueError as err:
    st.info(str(err))
    st.stop()

st.subheader("Filters — edit any cell")
bank = kernel_bank(PAGE, config.presets, config.kernel_size, column_width(present))
try:
    lab = run_lab(config, image, bank)
except ca.ConvShapeError as err:
    st.error(str(err))
    st.stop()

with lesson("Output size, with this image's numbers"):   # one fold in present mode, none in it
    st.subheader("Output size")
    st.latex(ca.SIZE_LATEX + (r",\qquad " + ca.DILATED_LATEX if config.dilation > 1 else ""))
    st.caption(ca.SIZE_NOTE)
    st.latex(r"\text{height: }" + lab.formulas[0])
    if image.shape[1] != image.shape[2]:
        st.latex(r"\text{width: }" + lab.formulas[1])

conv_tab, step_tab, pool_tab = st.tabs(["Feature maps", "Step through the window", "Pooling & flatten"])
with conv_tab:
    left, right = st.columns([2, 3])
    left.plotly_chart(viz.image_figure(image, f"Input {image.shape[1]}×{image.shape[2]}"
                                       + (" (RGB)" if image.shape[0] == 3 else ""), SHORT,
                                       column_width(present, 2 / 5), scale), key=f"{PAGE}.input")
    right.plotly_chart(viz.feature_maps_figure(lab.maps, list(config.presets), TALL if present else None,
                                               column_width(present, 3 / 5), scale), key=f"{PAGE}.maps")
    with lesson():
        st.latex(ca.RELU_LATEX + r"\quad\text{(notes: } \begin{bmatrix}5&-10\\-3&7\end{bmatrix}\to"
                 r"\begin{bmatrix}5&0\\0&7\end{bmatrix}\text{)}")

with step_tab:
    which = st.columns([1, 2])[0].selectbox("Filter to step through", range(len(config.presets)),
                         format_func=lambda k: config.presets[k], **setting(f"{PAGE}.step_filter"))
    n = ca.n_steps(image, config.kernel_size, config.stride, config.resolved_padding, config.dilation)

    def draw_step(pos: int) -> None:
        step = ca.window_step(image, bank[which], pos, config.stride, config.resolved_padding, config.dilation)
        out = partial_output(lab.maps[which], step.index)
        st.plotly_chart(viz.step_figure(lab.padded, step, out, config.resolved_padding, lab.maps[which], TALL,
                                        column_width(present), scale), key=f"{PAGE}.step_fig")
        st.caption(f"Output cell ({step.out_row}, {step.out_col}) of {n}: {viz.step_sum_text(step, bank[which])}")

    stepper(PAGE, n, draw_step)

with pool_tab:
    p1, p2, p3, p4 = st.columns(4)
    p1.radio("Pool input", ("notes 4×4", "feature maps"), **setting(f"{PAGE}.pool_input"))
    p2.radio("Pooling", tuple(ca.POOLS), **setting(f"{PAGE}.pool"), horizontal=True)
    p3.number_input("Window", 1, 4, **setting(f"{PAGE}.pool_size"))
    p4.number_input("Stride", 1, 4, **setting(f"{PAGE}.pool_stride"))
    with lesson():
        st.latex(ca.POOL_LATEX[config.pool])
    try:
        x = images.NOTES_POOL_IN[None] if config.pool_input == "notes 4×4" else ca.relu(lab.maps)
        pooled = pool(config, x)
    except ca.ConvShapeError as err:
        st.error(f"Pooling: {err}")
        st.stop()
    title = "the notes' example" if config.pool_input == "notes 4×4" else f"ReLU({config.presets[0]} map)"
    st.plotly_chart(viz.pool_figure(x[0], pooled[0], config.pool, config.pool_size, config.pool_stride, SHORT,
                                    column_width(present), scale), key=f"{PAGE}.pool_fig")
    st.caption(f"Input: {title}.")
    with lesson():
        st.caption("The notes: 2×2 max pooling, stride 2, turns [[1,3,2,4],[5,6,7,8],[9,2,3,1],[0,1,5,2]] "
                   "into [[6,8],[9,5]].")
    st.plotly_chart(viz.flatten_figure(ca.flatten(pooled), pooled.shape, None, column_width(present),
                                       scale), key=f"{PAGE}.flatten")
    with lesson():
        st.caption("Flattening reads channel by channel, each row left to right — the vector a dense layer takes.")
