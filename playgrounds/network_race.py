"""Optimiser race on a network: the seven torch.optim racers train copies of one small MLP; the
loss on a plane through its initial weights, with every racer's path projected onto it."""
import streamlit as st

from dl_engine.data.toy2d import DATASETS
from dl_engine.models.loss_plane import FILTER_LATEX
from dl_engine.models.race_network import LOSS_LATEX
from dl_engine.models.race_optimisers import LABELS, NAMES, NOTES, UPDATE_LATEX
from dl_engine.presets.network_race import PRESETS
from dl_engine.training.network_race_experiment import NetworkRaceConfig, NetworkRaceExperiment
from dl_engine.training.run import StopCondition
from dl_engine.ui.controls import Pace
from dl_engine.ui.live import live_figure
from dl_engine.ui.page_link import playground_link
from dl_engine.ui.page_state import setting
from dl_engine.ui.present import fit
from dl_engine.ui.preset_box import CUSTOM, matching_preset, preset_box, preset_from_url
from dl_engine.ui.race_controls import racer_hyperparameters
from dl_engine.ui.training_page import TrainingPage, open_training_page
from dl_engine.viz.network_race import losses_figure, slice_figure

PAGE = "network_race"
PRESET_CONFIGS = {slug: p.config for slug, p in PRESETS.items()}
PLANES = {"random": "Random directions (filter-normalised, fixed)",
          "pca": "Top two principal directions of the paths (moves)"}


def controls() -> None:
    with st.expander("Race", expanded=True):
        preset_box(PAGE, NetworkRaceConfig, PRESET_CONFIGS, "Preset", lambda slug: PRESETS[slug].title)
        st.multiselect("Racers", list(NAMES), format_func=LABELS.get, **setting(f"{PAGE}.racers"))
        st.radio("Plane", list(PLANES), format_func=PLANES.get, **setting(f"{PAGE}.plane"))
        st.slider("Steps in the race", 20, 1000, step=10, **setting(f"{PAGE}.steps"))
        st.number_input("Mini-batch size (0 = all training points)", 0, 750, step=5, **setting(f"{PAGE}.batch"))
    with st.expander("Data and network", expanded=False):
        st.selectbox("Data set", list(DATASETS), **setting(f"{PAGE}.dataset"))
        st.slider("Points (¾ for training)", 20, 1000, step=10, **setting(f"{PAGE}.points"))
        st.slider("Noise", 0.0, 0.5, step=0.05, **setting(f"{PAGE}.noise"))
        st.slider("Hidden units (each of two tanh layers)", 2, 16, **setting(f"{PAGE}.hidden"))
        st.number_input("Initial scale (θ₀ = scale × PyTorch's init)", 0.01, 5.0, step=0.05, format="%.2f",
                        **setting(f"{PAGE}.gain"))
    racer_hyperparameters(PAGE)


def lesson(config: NetworkRaceConfig) -> None:
    playground_link("optimiser_race", "The same racers on 2-D surfaces →")
    st.markdown(f"Each racer trains its own copy of one MLP (2 → {config.hidden} → {config.hidden} → 2, tanh) "
                "from the same weights θ₀, on the same mini-batch at every step, with its `torch.optim` "
                "optimiser (the updates are the 2-D race's). The network has too many weights to draw, so the "
                "chart shows the training loss on a plane through θ₀ and each path projected onto it.")
    st.latex(LOSS_LATEX)
    if config.plane == "random":
        st.markdown("The plane's directions are random Gaussian vectors, **filter-normalised** (Li et al. 2018): "
                    "each neuron's incoming weights in d get the norm of that neuron's weights in θ₀, so a unit "
                    "step means the same everywhere; bias directions are 0. They stay fixed for the race.")
        st.latex(FILTER_LATEX)
    else:
        st.markdown("The plane's directions are the top two principal directions of every racer's θₜ − θ₀ so "
                    "far: the plane closest to the paths. **The plane moves**: it is recomputed from the paths "
                    "at every snapshot, and the chart (the loss drawn on it, the paths projected) follows it "
                    "once it has turned by more than 1°.")
    st.caption("A path is projected by least squares; the part of θₜ − θ₀ off the plane is named in the legend. "
               "A path mostly off the plane can seem to cross contours its weights never crossed: the colours "
               "are the loss on the plane, not along the path (the loss chart is the path's own).")
    shown = matching_preset(PRESET_CONFIGS, config)
    if shown != CUSTOM:
        st.info(f"**{PRESETS[shown].title}.** {PRESETS[shown].lesson}")
    st.markdown("**The updates** (PyTorch's, as in the 2-D race; g is the mini-batch's gradient)")
    for name in config.racers:
        st.latex(r"\textbf{" + LABELS[name] + r"}:\ " + UPDATE_LATEX[name])
    notes = [f"**{LABELS[n]}**: {NOTES[n]}" for n in config.racers if n in NOTES]
    if notes:
        st.caption("Where PyTorch's form differs from other texts: " + " ".join(notes))


preset_from_url(PAGE, PRESET_CONFIGS)
opened = open_training_page(TrainingPage(
    PAGE, "🕸️ Optimiser race on a network", NetworkRaceConfig, NetworkRaceExperiment, Pace("step", 20),
    sidebar=controls, lesson=lesson, steps={"+1": 1, "+10": 10, "+100": 100}, stop=StopCondition(max_epochs=1)))


def draw(snap) -> None:
    v = snap.visuals
    gone = [f"{LABELS[n]} (step {s})" for n, s in v["diverged"].items() if s is not None]
    if gone:
        st.warning("Diverged (weights past 10⁶ in norm, or a loss or gradient that overflowed), stopped "
                   "where they were: " + ", ".join(gone)
                   + ". A smaller learning rate keeps them training.")
    left, right = st.columns([3, 2])
    with left:
        live_figure(lambda s: slice_figure(s.visuals), key=f"{PAGE}.slice", height=fit(None, 470))
    with right:
        live_figure(lambda s: losses_figure(s.visuals), key=f"{PAGE}.losses", height=fit(None, 470))
    size, n, per_pass = v["batches"]
    st.caption(f"Mini-batches of {size} of the {n} training points: {per_pass} step{'s' * (per_pass > 1)} "
               "per pass over them, the same batch for every racer at every step.")
    st.markdown(f"**The plane and the projection with today's numbers** (step {v['step']})")
    for latex in v["equations"]:
        st.latex(latex)


opened.live(draw)
