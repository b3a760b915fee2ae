"""The GAN page's own widgets: an upload of the user's points (x1, x2) and who steps.

An uploaded file is parsed in its widget's callback; good points are remembered for this browser
session under a key (config.upload), a bad file leaves the last good points (and the run) as they
were and shows what is wrong.
"""
from __future__ import annotations

import numpy as np
import streamlit as st

from dl_engine.data import point_store
from dl_engine.data.csv_points import DataError, LabelledPoints, parse_points
from dl_engine.training.gan_experiment import PLAYERS
from dl_engine.training.run import TrainingRun
from dl_engine.ui.owner import session_owner
from dl_engine.ui.page_state import setting
from dl_engine.ui.upload_examples import example_download

P = "gan"
WHO = {"both": "both (k D steps, then 1 G step)", "d": "only D (G frozen)", "g": "only G (D frozen)"}


def accept_upload(data: bytes) -> None:
    """Parse a file: keep good points under a key (config.upload) and train on them, or keep the error."""
    try:
        X = parse_points(data)
        # one class: the store keeps labelled sets, and a GAN's points have no label
        key = point_store.remember(LabelledPoints(X, np.zeros(len(X), np.int64), ["point"]), session_owner())
    except DataError as err:
        st.session_state[f"{P}.csv_error"] = str(err)
        return
    st.session_state[f"{P}.csv_error"] = None
    st.session_state[f"{P}.upload"], st.session_state[f"{P}.data"] = key, "csv"


def _upload() -> None:
    file = st.session_state.get(f"{P}.csv_file")
    if file is not None:
        accept_upload(file.getvalue())


def data_controls(options: tuple[str, ...], label) -> None:
    st.selectbox("Real distribution", options, format_func=label, **setting(f"{P}.data"))
    if st.session_state[f"{P}.data"] == "csv":
        st.file_uploader("CSV of your points: columns x1, x2 (a third is ignored)", type=["csv", "txt"],
                         key=f"{P}.csv_file", on_change=_upload,
                         help="At least 10 and at most 5,000 points; they are scaled to fit the plane.")
        example_download("points")
    if st.session_state.get(f"{P}.csv_error"):
        st.error(f"Could not use that CSV: {st.session_state[f'{P}.csv_error']}", icon="⚠️")


def players_control(run: TrainingRun) -> None:
    """Who steps, from the next round on: changes the running run (no reset), kept across reruns."""
    key = f"{P}.players"
    if st.session_state.get(key) not in PLAYERS:
        st.session_state[key] = "both"
    who = st.radio("Who steps", PLAYERS, format_func=WHO.get, key=key, horizontal=True,
                   help="Step only one player to see what it does against a frozen opponent; the run goes on.")
    if run.read(lambda e: e.players) != who:
        run.apply(lambda e: e.set_players(who))
