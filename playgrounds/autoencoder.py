"""Autoencoder and VAE on the digits: a 2-D latent plane forming live, reconstructions, the decoded
grid, prior samples, interpolation, and the ELBO's two terms with today's numbers."""
import streamlit as st

from dl_engine.models.autoencoder import ELBO_LATEX, KL_LATEX, RECON_LATEX, RECON_NAMES, REPARAM_LATEX, elbo_filled, \
    kl_filled, reparam_filled
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

PAGE = "autoencoder"
PRESET_CONFIGS = {slug: p.config for slug, p in PRESETS.items()}
MODES = {"ae": "Autoencoder", "vae": "Variational autoencoder (VAE)"}
DIGITS = list(range(10))
MAX_EPOCHS = 500   # the run stops here (minutes at the default pace): the plane has long settled


def controls() -> None:
    with st.expander("Model", expanded=True):
        preset_box(PAGE, AutoencoderConfig, PRESET_CONFIGS, "Preset", lambda slug: PRESETS[slug].title)
        st.radio("Model", list(MODES), format_func=MODES.get, **setting(f"{PAGE}.mode"))
        st.slider("β (weight of the KL term)", 0.0, 50.0, step=0.1, disabled=st.session_state.get(f"{PAGE}.mode") == "ae",
                  help="1 is the ELBO itself; the plain autoencoder has no KL term.", **setting(f"{PAGE}.beta"))
        st.selectbox("Reconstruction term", list(RECON_NAMES), format_func=RECON_NAMES.get, **setting(f"{PAGE}.recon"))
    with st.expander("Interpolation", expanded=True):
        st.selectbox("From digit", DIGITS, index=3, **setting(f"{PAGE}.interp_from"))
        st.selectbox("To digit", DIGITS, index=8, **setting(f"{PAGE}.interp_to"))
    with st.expander("Training", expanded=False):
        st.slider("Hidden units per layer", 8, 512, step=8, **setting(f"{PAGE}.hidden"))
        st.number_input("Learning rate η (Adam)", 1e-5, 0.1, step=0.0005, format="%.4f", **setting(f"{PAGE}.lr"))
        st.number_input("Batch size", 8, 512, step=8, **setting(f"{PAGE}.batch_size"))


def lesson(config: AutoencoderConfig) -> None:
    shown = matching_preset(PRESET_CONFIGS, config)
    st.markdown("An **autoencoder** squeezes each 8×8 digit (64 pixels) through a code of two numbers and "
                "rebuilds it: encoder 64 → h → h → 2, decoder 2 → h → h → 64 (ReLU, sigmoid pixels). With two "
                "numbers the code *is* a point of the plane below. A **variational autoencoder** encodes "
                "each image as a distribution q(z|x) = N(μ, σ²), samples z from it and is paid to keep q "
                "close to the prior N(0, I), so the whole plane around the origin decodes to digits.")
    for latex in (REPARAM_LATEX, ELBO_LATEX, KL_LATEX, RECON_LATEX[config.recon]):
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


def equations(v: dict) -> None:
    """The reparameterisation, KL and ELBO with the numbers of digit a and the last training batch."""
    if v["mode"] == "vae":
        st.markdown(f"**The reparameterisation for the shown {a}** (its μ and log σ² from the encoder now, one "
                    "fixed ε):")
        st.latex(reparam_filled(v["shown_mu"][a], v["shown_logvar"][a], v["eps"]))
        st.latex(kl_filled(v["shown_mu"][a], v["shown_logvar"][a]))
    else:
        mu = v["shown_mu"][a]
        st.markdown(f"**The code of the shown {a}**: z = encoder(x) = ({mu[0]:.3f}, {mu[1]:.3f}), no noise, no KL.")
    if v["batch"] and v["mode"] == "vae":
        st.markdown("**This step's ELBO** (the last training batch's means, nats per image):")
        st.latex(elbo_filled(v["batch"]["recon"], v["batch"]["kl"], v["beta"]))
    elif v["batch"]:
        st.markdown(f"**This step's loss** (the last training batch's mean): the reconstruction term alone, "
                    f"{v['batch']['recon']:.2f} nats per image.")


def draw(snap) -> None:
    v, m = snap.visuals, snap.metrics
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
    equations(v)


opened.live(draw)
