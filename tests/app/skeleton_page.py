"""A page written as docs/ADD_A_PLAYGROUND.md says: a TrainingPage, a lesson and one live figure."""
import streamlit as st

from dl_engine.training.perceptron_experiment import Perceptron, PerceptronConfig
from dl_engine.ui.controls import Pace
from dl_engine.ui.live import live_figure
from dl_engine.ui.training_page import TrainingPage, open_training_page
from dl_engine.viz.perceptron import weights_figure


def controls() -> None:
    st.slider("Learning rate η", 0.001, 10.0, key="skeleton.lr")


def lesson(config: PerceptronConfig) -> None:
    st.markdown(f"The learning rule moves the weights by η = {config.lr:g} times the error.")


opened = open_training_page(TrainingPage("skeleton", "Skeleton page", PerceptronConfig, Perceptron,
                                         Pace("step", 5), sidebar=controls, lesson=lesson))


def draw(snap) -> None:
    st.markdown(f"Drawn at step {snap.step}")
    live_figure(lambda s: weights_figure(s.history), key="skeleton.weights")


opened.live(draw)
