"""The gradient lab's widgets: network and training settings (keyed "gradients.<field>"), presets,
and the badge line; values reach the engine only through DeepNetConfig."""
from __future__ import annotations

import streamlit as st

from dl_engine.models.deep_mlp import NORMS
from dl_engine.training import gradient_health
from dl_engine.models.deep_mlp import ACTIVATION_NAMES, INIT_NAMES
from dl_engine.training.deep_net import CLIPS, PRESETS, TASKS, DeepNetConfig
from dl_engine.models.registry import ACTIVATIONS, BIAS_INIT_LATEX, INITIALISERS
from dl_engine.ui.page_state import setting
from dl_engine.ui.present import lesson, top_row
from dl_engine.ui.preset_box import CUSTOM, preset_box, preset_from_url

P = "gradients"
LABELS = {"sigmoid": "sigmoid", "tanh": "tanh", "relu": "ReLU", "leaky_relu": "Leaky ReLU", "elu": "ELU",
          "selu": "SELU", "zeros": "zeros", "small_random": "small random N(0, 0.01²)",
          "large_random": "large random N(0, 1)", "xavier": "Xavier/Glorot", "he": "He/Kaiming", "lecun": "LeCun",
          "none": "none", "batch": "batch norm", "layer": "layer norm", "norm": "by norm ‖g‖ ≤ τ",
          "value": "by value |gᵢ| ≤ τ", "circle": "circle (2-D)", "spiral": "spiral (2-D)", "xor": "XOR (2-D)",
          "digits": "digits (8×8 images)", "sgd": "SGD", "momentum": "SGD + momentum", "adam": "Adam"}
BADGE_MARKS = {gradient_health.VANISHING: ":blue-badge[vanishing]", gradient_health.HEALTHY: ":green-badge[healthy]",
               gradient_health.EXPLODING: ":red-badge[exploding]"}


def label(name: str) -> str:
    return LABELS.get(name, name)


def preset_from_link() -> None:
    """?preset=<slug> (a lecturer's link) loads that preset once."""
    preset_from_url(P, {preset.slug: preset.config for preset in PRESETS.values()})


def preset_picker() -> None:
    """The Preset box and the claim the shown preset reproduces."""
    box, claim = top_row(2)
    shown = preset_box(P, DeepNetConfig, {name: preset.config for name, preset in PRESETS.items()},
                       "Preset (each reproduces a claim from the notes)", str, where=box)
    with claim, lesson("What this preset shows"):
        if shown == CUSTOM:
            st.caption("Your own settings. Choose a preset to reproduce one of the notes' claims.")
        else:
            preset = PRESETS[shown]
            st.caption(f"{preset.claim} Link to it with `?preset={preset.slug}`.")


def network_controls() -> None:
    st.selectbox("Task", TASKS, **setting(f"{P}.task"), format_func=label)
    st.slider("Depth (hidden layers)", 1, 50, **setting(f"{P}.depth"))
    st.slider("Width (units per layer)", 2, 256, **setting(f"{P}.width"))
    st.selectbox("Activation", ACTIVATION_NAMES, **setting(f"{P}.activation"), format_func=label)
    st.latex(ACTIVATIONS[st.session_state[f"{P}.activation"]].latex)
    st.selectbox("Initialiser", INIT_NAMES, **setting(f"{P}.init"), format_func=label)
    init = INITIALISERS[st.session_state[f"{P}.init"]]
    st.latex(init.latex + r",\quad " + BIAS_INIT_LATEX)
    if init.note:
        st.caption(init.note)
    st.selectbox("Normalisation", NORMS, **setting(f"{P}.norm"), format_func=label)
    st.checkbox("Residual connections (h + f(·))", **setting(f"{P}.residual"))


def training_controls() -> None:
    st.selectbox("Optimizer", ("sgd", "momentum", "adam"), **setting(f"{P}.optimizer"), format_func=label)
    st.number_input("Learning rate η", 0.0001, 10.0, step=0.01, format="%.4f", **setting(f"{P}.lr"))
    st.number_input("Batch size", 8, 512, step=8, **setting(f"{P}.batch_size"))
    st.number_input("L2 strength λ (L + λΣW²)", 0.0, 0.1, step=0.0001, format="%.4f", **setting(f"{P}.l2"))
    st.selectbox("Gradient clipping", CLIPS, **setting(f"{P}.clip"), format_func=label)
    st.number_input("Clipping threshold τ", 0.001, 100.0, step=0.1, format="%.3f", **setting(f"{P}.clip_threshold"),
                    disabled=st.session_state[f"{P}.clip"] == "none")


def badge_line(layer_badges: dict[str, str], layer_label) -> None:
    """Runs of layers with their badge, then the rule that assigned them."""
    runs = gradient_health.summarise(layer_badges, layer_label)
    st.markdown("**Gradient health:** " + " · ".join(f"{BADGE_MARKS[b]} {names}" for b, names in runs))
    with lesson("The rule behind the badges"):
        st.latex(gradient_health.RULE_LATEX)
