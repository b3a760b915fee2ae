"""GAN playground: a generator and a discriminator play their game on 2-D points (after GAN Lab)
or on 8×8 digits."""
import streamlit as st

from dl_engine.models.gan import BOUND_LATEX, D_LATEX, G_LOSSES, JS_LATEX
from dl_engine.models.registry import OPTIMIZERS
from dl_engine.presets.gan import PRESETS
from dl_engine.training.gan_digits import Z_DIM
from dl_engine.training.gan_experiment import GANConfig, GANExperiment
from dl_engine.training.gan_plane import JS_CELLS
from dl_engine.ui.controls import Pace
from dl_engine.ui.gan_controls import data_controls, players_control
from dl_engine.ui.live import live_figure
from dl_engine.ui.missing_upload import fall_back_from_a_missing_upload
from dl_engine.ui.page_state import setting
from dl_engine.ui.present import fit
from dl_engine.ui.preset_box import CUSTOM, matching_preset, preset_box, preset_from_url
from dl_engine.ui.training_page import TrainingPage, open_training_page
from dl_engine.viz import gan_digits
from dl_engine.viz.gan import divergence_figure, losses_figure, plane_figure

PAGE = "gan"
PRESET_CONFIGS = {slug: p.config for slug, p in PRESETS.items()}
LABELS = {"ring": "ring of 8 Gaussians", "moons": "two moons", "line": "a line", "csv": "your points (upload or draw)",
          "digits": "8×8 digits (64 pixels)",
          "non_saturating": "non-saturating −log D(G(z))", "minimax": "minimax log(1 − D(G(z)))",
          "uniform": "uniform on [−1, 1]^d", "gaussian": "Gaussian N(0, I)", "sgd": "SGD", "adam": "Adam"}
OPTIONS = {name: GANConfig.__dataclass_fields__[name].metadata["options"] for name in ("data", "g_loss", "noise",
                                                                                        "optimizer")}


def controls() -> None:
    fall_back_from_a_missing_upload(PAGE, "data", "ring", "the ring")
    with st.expander("Game", expanded=True):
        preset_box(PAGE, GANConfig, PRESET_CONFIGS, "Preset", lambda slug: PRESETS[slug].title)
        data_controls(OPTIONS["data"], LABELS.get)
        st.radio("Generator loss", OPTIONS["g_loss"], format_func=LABELS.get, **setting(f"{PAGE}.g_loss"))
        st.slider("D steps per G step (k)", 1, 10, **setting(f"{PAGE}.d_steps"))
        d = Z_DIM if st.session_state.get(f"{PAGE}.data") == "digits" else 2
        st.selectbox(f"Noise z (d = {d})", OPTIONS["noise"], format_func=LABELS.get, **setting(f"{PAGE}.noise"))
    with st.expander("Optimisers", expanded=True):
        st.selectbox("Optimiser (both players)", OPTIONS["optimizer"], format_func=LABELS.get,
                     **setting(f"{PAGE}.optimizer"))
        st.number_input("G's learning rate", 1e-5, 1.0, step=1e-4, format="%.5f", **setting(f"{PAGE}.lr_g"))
        st.number_input("D's learning rate", 1e-5, 1.0, step=1e-4, format="%.5f", **setting(f"{PAGE}.lr_d"))
        st.slider("Batch size", 8, 1024, step=8, **setting(f"{PAGE}.batch"))
    with st.expander("Networks", expanded=False):
        st.slider("G: hidden layers", 1, 4, **setting(f"{PAGE}.g_depth"))
        st.slider("G: units per layer", 2, 256, **setting(f"{PAGE}.g_width"))
        st.slider("D: hidden layers", 1, 4, **setting(f"{PAGE}.d_depth"))
        st.slider("D: units per layer", 2, 256, **setting(f"{PAGE}.d_width"))


def lesson(config: GANConfig) -> None:
    shown = matching_preset(PRESET_CONFIGS, config)
    if config.data == "digits":
        st.markdown(f"The real data are the 1,797 handwritten 8×8 digits, each 64 pixels in [0, 1]. The generator "
                    f"G turns noise z ∈ ℝ^{Z_DIM} into 64 pixels, through a sigmoid so they share the data's range; "
                    "the discriminator D reads 64 pixels and gives the probability D(x) that they are a real digit. "
                    "Both are MLPs and play the same game as on the plane: min over G, max over D of "
                    "V(D, G) = E[log D(x)] + E[log(1 − D(G(z)))] (Goodfellow et al., 2014; the notes, 003 §9, name "
                    f"GANs). One step is one round: k = {config.d_steps} update(s) of D, then one of G. The 25 z "
                    "whose pictures you watch are drawn once from the seed and never redrawn: each tile is the "
                    "same z at every step, so you see one sample sharpen (or jump to another digit).")
    else:
        st.markdown("The generator G turns noise z into points G(z); the discriminator D gives each point x the "
                    "probability D(x) that it is real. They play min over G, max over D of "
                    "V(D, G) = E[log D(x)] + E[log(1 − D(G(z)))] (Goodfellow et al., 2014; the notes, 003 §9, name "
                    f"GANs). One step here is one round: k = {config.d_steps} update(s) of D, then one of G.")
    st.latex(D_LATEX)
    st.latex(G_LOSSES[config.g_loss].latex)
    st.caption(G_LOSSES[config.g_loss].note + " Every log D is computed as PyTorch's BCE-with-logits "
               "(log D = −BCE(ℓ, 1), log(1 − D) = −BCE(ℓ, 0)), which stays finite where D saturates.")
    st.latex(r"\text{" + LABELS[config.optimizer] + r" (each player its own } \eta\text{): }\ "
             + OPTIMIZERS[config.optimizer].latex)
    st.latex(JS_LATEX)
    st.latex(BOUND_LATEX)
    if config.data == "digits":
        st.caption("The read-out: no JS estimate from histograms here, since 1,797 images cannot fill the cells of "
                   "a 64-D space. What still holds in 64-D is charted: the bound that D's loss gives (equal to JS "
                   "only when D is optimal) and D's mean outputs on real and generated digits, both ½ where D "
                   "can tell nothing apart.")
    else:
        st.caption(f"The divergence read-out: JS between {JS_CELLS}×{JS_CELLS}-cell histograms of 2,000 real and "
                   "2,000 generated points (sampling alone puts it above 0 when the two match), and the bound "
                   "that D's loss gives, equal to JS only when D is optimal.")
    if shown != CUSTOM:
        st.info(f"**{PRESETS[shown].title}.** {PRESETS[shown].lesson}")


preset_from_url(PAGE, PRESET_CONFIGS)
opened = open_training_page(TrainingPage(
    PAGE, "🎭 GAN: generator vs discriminator", GANConfig, GANExperiment, Pace("step", 100), sidebar=controls,
    lesson=lesson, steps={"+10": 10, "+100": 100, "+1000": 1000}))
players_control(opened.run)


def draw(snap) -> None:
    if snap.visuals["data"] == "digits":
        draw_digits(snap)
        return
    left, right = st.columns([1, 1])
    with left:
        live_figure(lambda s: plane_figure(s.visuals), key=f"{PAGE}.plane", height=fit(480, 410))
        st.caption("Background: D(x), green where D says real, purple where it says generated. Grey: G's input "
                   "grid, warped by G. Arrows: −∂ℓ_G/∂x, where G's loss pushes each generated point (lengths "
                   "relative to the longest).")
    with right:
        live_figure(lambda s: losses_figure(s.history), key=f"{PAGE}.losses", height=fit(None, 410))
        live_figure(lambda s: divergence_figure(s.history), key=f"{PAGE}.divergence", height=fit(None, 410))


def draw_digits(snap) -> None:
    left, right = st.columns([3, 2])   # the pictures want the width more than the curves
    with left:
        live_figure(lambda s: gan_digits.samples_figure(s.visuals), key=f"{PAGE}.samples", height=fit(420, 410))
        st.caption("Left: G's images of 25 z drawn once from the seed, the same z in every snapshot, so each tile "
                   "is one sample sharpening. Right: 25 real digits to compare with (also fixed).")
    with right:
        live_figure(lambda s: losses_figure(s.history), key=f"{PAGE}.losses", height=fit(None, 410))
        live_figure(lambda s: gan_digits.divergence_figure(s.history), key=f"{PAGE}.bound", height=fit(None, 410))
        st.caption("No JS from histograms on digits: 64-D cells are far too many for 1,797 images. The bound "
                   "log 2 − L_D/2 and D's means are what D's outputs still tell.")


opened.live(draw)
