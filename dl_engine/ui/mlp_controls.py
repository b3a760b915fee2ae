"""The MLP page's settings widgets: data, features, per-layer sizes and activations, training options.

Tuple-valued config fields ("mlp.hidden", "mlp.activations", "mlp.features") live in session
state as tuples; their widgets are re-seeded from them each run, so presets and links update them.
"""
from __future__ import annotations

import streamlit as st

from dl_engine.data import point_store
from dl_engine.data.csv_points import DataError, parse_labelled_points
from dl_engine.data.features import FEATURES
from dl_engine.models.mlp_config import MAX_HIDDEN_LAYERS, MAX_NEURONS, MLPConfig
from dl_engine.models.mlp_activations import ACTIVATIONS
from dl_engine.models.mlp_init import INITIALISERS
from dl_engine.models.mlp_losses import HEAD_LOSSES
from dl_engine.models.mlp_optim import OPTIMIZERS, REGULARISERS
from dl_engine.ui.owner import session_owner
from dl_engine.ui.page_state import setting
from dl_engine.ui.upload_examples import example_download

P = "mlp"
LABELS = {"binary_cross_entropy": "binary cross-entropy", "cross_entropy": "categorical cross-entropy",
          "mse": "MSE", "mae": "MAE", "huber": "Huber", "sgd": "SGD", "momentum": "SGD + momentum",
          "adagrad": "Adagrad", "rmsprop": "RMSprop", "adam": "Adam", "relu": "ReLU", "leaky_relu": "Leaky ReLU",
          "elu": "ELU", "selu": "SELU", "small_random": "small random", "large_random": "large random",
          "xavier": "Xavier/Glorot", "he": "He/Kaiming", "lecun": "LeCun", "csv": "upload a CSV"}


def label(name: str) -> str:
    return LABELS.get(name, name)


def _resize_layers() -> None:
    depth = st.session_state[f"{P}.depth"]
    hidden, acts = st.session_state[f"{P}.hidden"], MLPConfig(activations=st.session_state[f"{P}.activations"],
                                                              hidden=st.session_state[f"{P}.hidden"]).layer_activations()
    st.session_state[f"{P}.hidden"] = (tuple(hidden) + (hidden[-1] if hidden else 4,) * depth)[:depth]
    st.session_state[f"{P}.activations"] = (tuple(acts) + (acts[-1] if acts else "tanh",) * depth)[:depth]


def _edit_layer(i: int) -> None:
    hidden, acts = list(st.session_state[f"{P}.hidden"]), list(st.session_state[f"{P}.activations"])
    hidden[i] = st.session_state[f"{P}.width.{i}"]
    acts[i] = st.session_state[f"{P}.act.{i}"]
    st.session_state[f"{P}.hidden"], st.session_state[f"{P}.activations"] = tuple(hidden), tuple(acts)


def _pick_features() -> None:
    st.session_state[f"{P}.features"] = tuple(st.session_state[f"{P}.feature_pick"])


def accept_upload(data: bytes) -> None:
    """Parse an uploaded file: remember good points for this browser session under a key
    (config.upload), or keep the error to show."""
    try:
        points = parse_labelled_points(data)
        key = point_store.remember(points, session_owner())
    except DataError as err:
        st.session_state[f"{P}.csv_error"] = str(err)
        return
    st.session_state[f"{P}.csv_error"] = None
    st.session_state[f"{P}.upload"] = key
    if points.n_classes > 2:  # a sigmoid separates two classes only
        st.session_state[f"{P}.output"], st.session_state[f"{P}.loss"] = "softmax", "cross_entropy"


def _upload() -> None:
    file = st.session_state.get(f"{P}.csv_file")
    if file is None:
        st.session_state[f"{P}.csv_error"] = None
    else:
        accept_upload(file.getvalue())


def data_controls() -> None:
    st.selectbox("Dataset", MLPConfig.__dataclass_fields__["dataset"].metadata["options"], **setting(f"{P}.dataset"),
                 format_func=label)
    if st.session_state[f"{P}.dataset"] == "csv":
        st.file_uploader("CSV with columns x1, x2, label (2 or more classes)", type=["csv", "txt"],
                         key=f"{P}.csv_file", on_change=_upload)
        example_download("points")
        if st.session_state.get(f"{P}.csv_error"):
            st.error(st.session_state[f"{P}.csv_error"])
    else:
        st.slider("Noise", 0.0, 0.5, step=0.05, **setting(f"{P}.noise"))
        st.slider("Number of points", 20, 2000, step=10, **setting(f"{P}.n_points"))
    st.slider("Training share", 0.1, 0.9, step=0.05, **setting(f"{P}.train_ratio"),
              help="The rest is the test set, never trained on.")
    st.session_state[f"{P}.feature_pick"] = list(st.session_state[f"{P}.features"])
    st.multiselect("Input features", list(FEATURES), **setting(f"{P}.feature_pick"), on_change=_pick_features)


def network_controls() -> None:
    hidden = st.session_state[f"{P}.hidden"]
    st.session_state[f"{P}.depth"] = len(hidden)
    st.number_input("Hidden layers", 0, MAX_HIDDEN_LAYERS, step=1, **setting(f"{P}.depth"), on_change=_resize_layers)
    acts = MLPConfig(hidden=hidden, activations=st.session_state[f"{P}.activations"]).layer_activations()
    for i, (width, act) in enumerate(zip(hidden, acts)):
        st.session_state[f"{P}.width.{i}"], st.session_state[f"{P}.act.{i}"] = width, act
        left, right = st.columns(2)
        left.number_input(f"Layer {i + 1} neurons", 1, MAX_NEURONS, step=1, **setting(f"{P}.width.{i}"),
                          on_change=_edit_layer, args=(i,))
        right.selectbox(f"Layer {i + 1} activation", list(ACTIVATIONS), **setting(f"{P}.act.{i}"),
                        format_func=label, on_change=_edit_layer, args=(i,))
    st.selectbox("Output", list(HEAD_LOSSES), **setting(f"{P}.output"),
                 format_func=lambda h: {"sigmoid": "sigmoid (binary)", "softmax": "softmax (multi-class)"}[h])
    losses = HEAD_LOSSES[st.session_state[f"{P}.output"]]
    if st.session_state.get(f"{P}.loss") not in losses:
        st.session_state[f"{P}.loss"] = losses[0]
    st.selectbox("Loss", losses, **setting(f"{P}.loss"), format_func=label)


def _steps(key: str, options: list[float]) -> list[float]:
    """Slider stops, plus the current value when a link or preset brought one in between."""
    return sorted(set(options) | {st.session_state[key]})


def training_controls() -> None:
    st.select_slider("Learning rate", _steps(f"{P}.lr", [1e-5, 1e-4, 1e-3, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0]),
                     **setting(f"{P}.lr"))
    st.number_input("Batch size", 1, 1000, step=1, **setting(f"{P}.batch_size"))
    st.selectbox("Optimizer", list(OPTIMIZERS), **setting(f"{P}.optimizer"), format_func=label)
    st.selectbox("Initialiser", list(INITIALISERS), **setting(f"{P}.init"), format_func=label,
                 help="Draws the weights; every bias starts at 0. Its equation, and where it differs from "
                      "the notes, is under *Equations in use*.")
    st.selectbox("Regularisation", list(REGULARISERS), **setting(f"{P}.regularization"),
                 format_func=lambda r: {"none": "none", "l1": "L1", "l2": "L2"}[r])
    st.select_slider("Regularisation rate λ", _steps(f"{P}.reg_rate", [0.0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1,
                                                                     0.3, 1.0]), **setting(f"{P}.reg_rate"))
    st.slider("Dropout p", 0.0, 0.9, step=0.05, **setting(f"{P}.dropout"))
