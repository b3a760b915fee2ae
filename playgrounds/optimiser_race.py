"""Optimiser race: SGD, momentum, Nesterov, Adagrad, RMSprop, Adam and AdamW race on 2-D surfaces."""
import streamlit as st

from dl_engine.models.loss_surfaces import SURFACES
from dl_engine.models.race_optimisers import LABELS, NAMES, NOTES
from dl_engine.presets.optimiser_race import PRESETS
from dl_engine.training.run import StopCondition
from dl_engine.training.race_experiment import RaceConfig, RaceExperiment
from dl_engine.ui.controls import Pace
from dl_engine.ui.live import live_figure
from dl_engine.ui.page_link import playground_link
from dl_engine.ui.page_state import setting
from dl_engine.ui.present import fit
from dl_engine.ui.preset_box import CUSTOM, matching_preset, preset_box, preset_from_url
from dl_engine.ui.race_controls import racer_hyperparameters
from dl_engine.ui.training_page import TrainingPage, open_training_page
from dl_engine.viz.optimiser_race import losses_figure, paths_figure

PAGE = "optimiser_race"
PRESET_CONFIGS = {slug: p.config for slug, p in PRESETS.items()}


def controls() -> None:
    with st.expander("Race", expanded=True):
        preset_box(PAGE, RaceConfig, PRESET_CONFIGS, "Preset", lambda slug: PRESETS[slug].title)
        st.selectbox("Surface", list(SURFACES), format_func=lambda s: SURFACES[s].title, **setting(f"{PAGE}.surface"))
        st.multiselect("Racers", list(NAMES), format_func=LABELS.get, **setting(f"{PAGE}.racers"))
        st.slider("Steps in the race", 20, 1500, step=10, **setting(f"{PAGE}.steps"))
        st.number_input("Nudge off the start (added to y₀)", -1.0, 1.0, step=0.001, format="%.4f",
                        **setting(f"{PAGE}.nudge"))
        st.number_input("Gradient noise (std added to g)", 0.0, 10.0, step=0.01, format="%.3f",
                        **setting(f"{PAGE}.noise"))
    racer_hyperparameters(PAGE)


def lesson(config: RaceConfig) -> None:
    surface = SURFACES[config.surface]
    shown = matching_preset(PRESET_CONFIGS, config)
    st.markdown("Every racer starts at the same point and takes one `torch.optim` step per race step on its own "
                "parameter θ = (x, y), with its own learning rate. The notes (003 §5–7) say in words what "
                "Adagrad, RMSprop and Adam do; the equations below are PyTorch's, symbol for symbol "
                "(g = ∇f(θ), η the learning rate), written out with today's numbers under the charts. One epoch "
                "here is the whole race.")
    st.latex(surface.latex)
    st.caption(surface.lesson)
    if shown != CUSTOM:
        st.info(f"**{PRESETS[shown].title}.** {PRESETS[shown].lesson}")
    notes = [f"**{LABELS[n]}**: {NOTES[n]}" for n in config.racers if n in NOTES]
    if notes:
        st.caption("Where PyTorch's form differs from other texts: " + " ".join(notes))
    playground_link("network_race", "The same race on a real network: a small MLP's loss on a plane →")


preset_from_url(PAGE, PRESET_CONFIGS)
opened = open_training_page(TrainingPage(
    PAGE, "🏁 Optimiser race", RaceConfig, RaceExperiment, Pace("step", 20), sidebar=controls, lesson=lesson,
    steps={"+1": 1, "+10": 10, "+100": 100}, stop=StopCondition(max_epochs=1)))


def draw(snap) -> None:
    v = snap.visuals
    gone = [f"{LABELS[n]} (step {s})" for n, s in v["diverged"].items() if s is not None]
    if gone:
        st.warning("Diverged (left the surface or overflowed), stopped where they were: " + ", ".join(gone)
                   + ". A smaller learning rate keeps them on the surface.")
    left, right = st.columns([3, 2])
    with left:
        live_figure(lambda s: paths_figure(s.visuals), key=f"{PAGE}.paths", height=fit(None, 470))
    with right:
        live_figure(lambda s: losses_figure(s.visuals), key=f"{PAGE}.losses", height=fit(None, 470))
        st.caption("f* is the surface's minimum value; a racer at the minimum drops to the floor (10⁻¹⁶).")
    st.markdown(f"**Each update with today's numbers** (step {v['step']}: θ, the gradient at θ and the state "
                "read from `optimizer.state`, before the next step)")
    for name, latex in v["equations"].items():
        st.latex(latex)


opened.live(draw)
