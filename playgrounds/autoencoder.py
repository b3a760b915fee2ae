"""Autoencoder and VAE on the digits: a 2-D latent plane forming live, reconstructions, the decoded
grid, prior samples, interpolation, and the ELBO's two terms with today's numbers; or on a 2-D toy
set squeezed through a 1-D code: the points, their reconstructions on the decoder's curve, the
latent line."""
import streamlit as st

from dl_engine.data.toy2d import DATASETS
from dl_engine.models.autoencoder import ELBO_LATEX, POINTS_RECON_LATEX, RECON_LATEX, RECON_NAMES, REPARAM_LATEX, \
    elbo_filled, kl_filled, kl_latex, reparam_filled
from dl_engine.presets.autoencoder import PRESETS
from dl_engine.training.autoencoder_experiment import AutoencoderConfig, AutoencoderExperiment, interpolation
from dl_engine.training.run import StopCondition
from dl_engine.ui.controls import Pace
from dl_engine.ui.live import live_figure, per_snapshot
from dl_engine.ui.page_state import setting
from dl_engine.ui.present import fit
from dl_engine.ui.preset_box import CUSTOM, matching_preset, preset_box, preset_from_url
from dl_engine.ui.training_page import TrainingPage, open_training_page
from dl_engine.viz import autoencoder as viz
from dl_engine.viz import autoencoder_points as viz_points

PAGE = "autoencoder"
PRESET_CONFIGS = {slug: p.config for slug, p in PRESETS.items()}
MODES = {"ae": "Autoencoder", "vae": "Variational autoencoder (VAE)"}
DIGITS = list(range(10))
DATA = {"digits": "8×8 digits (a 2-D code)", **{name: f"{name}: 2-D points (a 1-D code)" for name in DATASETS}}
MAX_EPOCHS = 500   # the run stops here (minutes at the default pace): the plane has long settled


def controls() -> None:
    digits = st.session_state.get(f"{PAGE}.data", "digits") == "digits"
    with st.expander("Model", expanded=True):
        preset_box(PAGE, AutoencoderConfig, PRESET_CONFIGS, "Preset", lambda slug: PRESETS[slug].title)
        st.selectbox("Data", list(DATA), format_func=DATA.get, **setting(f"{PAGE}.data"))
        st.radio("Model", list(MODES), format_func=MODES.get, **setting(f"{PAGE}.mode"))
        st.slider("β (weight of the KL term)", 0.0, 50.0, step=0.1, disabled=st.session_state.get(f"{PAGE}.mode") == "ae",
                  help="1 is the ELBO itself; the plain autoencoder has no KL term.", **setting(f"{PAGE}.beta"))
        st.selectbox("Reconstruction term", list(RECON_NAMES), format_func=RECON_NAMES.get, **setting(f"{PAGE}.recon"),
                     disabled=not digits, help=None if digits else "Points are rebuilt by squared error.")
    with st.expander("Interpolation", expanded=digits):
        st.selectbox("From digit", DIGITS, index=3, **setting(f"{PAGE}.interp_from"))
        st.selectbox("To digit", DIGITS, index=8, **setting(f"{PAGE}.interp_to"))
    with st.expander("Training", expanded=False):
        st.slider("Hidden units per layer", 8, 512, step=8, **setting(f"{PAGE}.hidden"))
        st.number_input("Learning rate η (Adam)", 1e-5, 0.1, step=0.0005, format="%.4f", **setting(f"{PAGE}.lr"))
        st.number_input("Batch size", 8, 512, step=8, **setting(f"{PAGE}.batch_size"))


def points_lesson(config: AutoencoderConfig) -> None:
    st.markdown(f"An **autoencoder** squeezes each point of the {config.data} set (x₁, x₂) through a code of "
                "**one** number and rebuilds it: encoder 2 → h → h → 1, decoder 1 → h → h → 2 (ReLU). One number "
                "cannot hold two, so every rebuilt point x̂ = decoder(z) lies on one curve, the decoder's image "
                "of the line of codes: the net learns the curve that passes closest to the data. A **variational "
                "autoencoder** encodes each point as N(μ, σ²) on that line and is paid to keep it close to the "
                "prior N(0, 1); decoded samples of the prior fall along the same curve.")
    for latex in (REPARAM_LATEX, ELBO_LATEX, kl_latex(1), POINTS_RECON_LATEX):
        st.latex(latex)
    st.caption("The decoder's output is x̂ itself (no sigmoid: points are not bounded), and the reconstruction "
               "term is the squared error, −log p(x|z) of a Gaussian decoder of variance ½ with its constant "
               "dropped. β ≠ 1 is the β-VAE.")


def lesson(config: AutoencoderConfig) -> None:
    shown = matching_preset(PRESET_CONFIGS, config)
    if config.data != "digits":
        points_lesson(config)
        if shown != CUSTOM:
            st.info(f"**{PRESETS[shown].title}.** {PRESETS[shown].lesson}")
        return
    st.markdown("An **autoencoder** squeezes each 8×8 digit (64 pixels) through a code of two numbers and "
                "rebuilds it: encoder 64 → h → h → 2, decoder 2 → h → h → 64 (ReLU, sigmoid pixels). With two "
                "numbers the code *is* a point of the plane below. A **variational autoencoder** encodes "
                "each image as a distribution q(z|x) = N(μ, σ²), samples z from it and is paid to keep q "
                "close to the prior N(0, I), so the whole plane around the origin decodes to digits.")
    for latex in (REPARAM_LATEX, ELBO_LATEX, kl_latex(2), RECON_LATEX[config.recon]):
        st.latex(latex)
    st.caption("The notes (003 §9) name autoencoders and VAEs without their equations; these are Kingma & "
               "Welling's. Our choices: the reconstruction term is summed over the 64 pixels and averaged "
               "over the batch (PyTorch's `reduction='mean'` would average over pixels too, shrinking it "
               "64× against the KL term); binary cross-entropy is used on grey levels in [0, 1], not only "
               "on 0/1 pixels; the test curves decode each image from its mean μ, without sampling. "
               "β ≠ 1 is the β-VAE: the loss is recon + β·KL.")
    if shown != CUSTOM:
        st.info(f"**{PRESETS[shown].title}.** {PRESETS[shown].lesson}")


preset_from_url(PAGE, PRESET_CONFIGS)
opened = open_training_page(TrainingPage(
    PAGE, "🗜️ Autoencoder and VAE", AutoencoderConfig, AutoencoderExperiment, Pace("epoch", 5), sidebar=controls,
    lesson=lesson, steps={"+1": 1, "+10": 10, "+100": 100}, stop=StopCondition(max_epochs=MAX_EPOCHS)))
a, b = int(st.session_state[f"{PAGE}.interp_from"]), int(st.session_state[f"{PAGE}.interp_to"])
between = per_snapshot(lambda s: interpolation(s.visuals, a, b))   # one decode for the line and its images


def equations(v: dict, k: int, what: str, unit: str) -> None:
    """The reparameterisation, KL and ELBO with the numbers of shown input k (`what`: its name) and
    the last training batch (`unit`: per image or per point)."""
    if v["mode"] == "vae":
        st.markdown(f"**The reparameterisation for {what}** (its μ and log σ² from the encoder now, one fixed ε):")
        st.latex(reparam_filled(v["shown_mu"][k], v["shown_logvar"][k], v["eps"]))
        st.latex(kl_filled(v["shown_mu"][k], v["shown_logvar"][k]))
    else:
        code = ", ".join(f"{c:.3f}" for c in v["shown_mu"][k])
        st.markdown(f"**The code of {what}**: z = encoder(x) = ({code}), no noise, no KL.")
    if v["batch"] and v["mode"] == "vae":
        st.markdown(f"**This step's ELBO** (the last training batch's means, nats {unit}):")
        st.latex(elbo_filled(v["batch"]["recon"], v["batch"]["kl"], v["beta"]))
    elif v["batch"]:
        st.markdown(f"**This step's loss** (the last training batch's mean): the reconstruction term alone, "
                    f"{v['batch']['recon']:.2f} nats {unit}.")


def draw_points(snap) -> None:
    v, m = snap.visuals, snap.metrics
    left, right = st.columns(2)
    with left:
        live_figure(lambda s: viz_points.plane_figure(s.visuals, s.step, height=fit(560, 440)), key=f"{PAGE}.points")
    with right:
        live_figure(lambda s: viz_points.line_figure(s.visuals, s.step, height=fit(560, 440)), key=f"{PAGE}.line")
    st.markdown(f"**Test**: reconstruction {m['test_recon']:.3f}, KL {m['test_kl']:.3f}, loss {m['test_loss']:.3f} "
                f"per point · classes told apart from their codes (5-NN on the line): **{m['latent_knn']:.0%}**")
    live_figure(lambda s: viz.loss_terms_figure(s.history, s.visuals["mode"], s.visuals["beta"], per="point"),
                key=f"{PAGE}.loss")
    equations(v, 0, "the first test point of class 0", "per point")


def draw(snap) -> None:
    v, m = snap.visuals, snap.metrics
    if v["data"] != "digits":
        draw_points(snap)
        return
    left, right = st.columns(2)
    with left:
        live_figure(lambda s: viz.latent_figure(s.visuals, s.step, between(s)[0], height=fit(560, 440)),
                    key=f"{PAGE}.latent")
    with right:
        live_figure(lambda s: viz.grid_figure(s.visuals, s.step, height=fit(560, 440)), key=f"{PAGE}.grid")
    st.markdown(f"**Test**: reconstruction {m['test_recon']:.2f}, KL {m['test_kl']:.3f}, loss "
                f"{m['test_loss']:.2f} nats per image · digits told apart from their codes (5-NN on the plane): "
                f"**{m['latent_knn']:.0%}**")
    left, right = st.columns(2)
    with left:
        live_figure(lambda s: viz.loss_terms_figure(s.history, s.visuals["mode"], s.visuals["beta"]),
                    key=f"{PAGE}.loss")
    with right:
        live_figure(lambda s: viz.reconstruction_figure(s.visuals, s.step), key=f"{PAGE}.reconstructions")
    left, right = st.columns(2)
    with left:
        live_figure(lambda s: viz.samples_figure(s.visuals, s.step), key=f"{PAGE}.samples")
    with right:
        live_figure(lambda s: viz.interpolation_figure(*between(s), a, b, s.step), key=f"{PAGE}.interp")
    equations(v, a, f"the shown {a}", "per image")


opened.live(draw)
