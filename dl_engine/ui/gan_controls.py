"""The GAN page's own widgets: the user's points (x1, x2), uploaded or drawn, and who steps.

An uploaded file is parsed in its widget's callback; good points are remembered for this browser
session under a key (config.upload), a bad file leaves the last good points (and the run) as they
were and shows what is wrong.
"""
from __future__ import annotations

import numpy as np
import streamlit as st

from dl_engine.data import drawn_points, point_store
from dl_engine.data.csv_points import MIN_POINTS, DataError, LabelledPoints, parse_points
from dl_engine.training.gan_experiment import PLAYERS
from dl_engine.training.run import TrainingRun
from dl_engine.ui.owner import session_owner
from dl_engine.ui.page_state import setting
from dl_engine.ui.upload_examples import example_download
from dl_engine.viz.gan_canvas import canvas_figure

P = "gan"
WHO = {"both": "both (k D steps, then 1 G step)", "d": "only D (G frozen)", "g": "only G (D frozen)"}


def use_points(X: np.ndarray) -> None:
    """Keep the points (N, 2) under a key (config.upload) and train on them. Raises DataError when
    this session holds too many uploads."""
    # one class: the store keeps labelled sets, and a GAN's points have no label
    key = point_store.remember(LabelledPoints(X, np.zeros(len(X), np.int64), ["point"]), session_owner())
    st.session_state[f"{P}.csv_error"] = None
    st.session_state[f"{P}.upload"], st.session_state[f"{P}.data"] = key, "csv"


def accept_upload(data: bytes) -> None:
    """Parse a file: train on its points, or keep the error to show."""
    try:
        use_points(parse_points(data))
    except DataError as err:
        st.session_state[f"{P}.csv_error"] = str(err)


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
        if st.button("…or draw your points", key=f"{P}.draw", width="stretch"):
            draw_points()
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


def _stroke() -> None:
    """A lasso or box selection on the canvas: paint the cells it covers."""
    picked = st.session_state[f"{P}.canvas"]["selection"]["points"]
    centres = np.array([[p["x"], p["y"]] for p in picked if p.get("curve_number", 0) == 0]).reshape(-1, 2)
    strokes = st.session_state.get(f"{P}.strokes", 0) + 1
    st.session_state[f"{P}.strokes"] = strokes
    st.session_state[f"{P}.drawn"] = drawn_points.add_stroke(_drawn(), centres, strokes)


def _drawn() -> np.ndarray:
    return st.session_state.get(f"{P}.drawn", np.zeros((0, 2), np.float32))


@st.dialog("Draw your points", width="large")
def draw_points() -> None:
    """Paint the real distribution with lasso or box selections on a grid, then train on it."""
    drawn = _drawn()
    st.caption(f"Drag a lasso (or pick the box in the chart's toolbar) over the grey cells: every cell you cover "
               f"gets {drawn_points.PER_CELL} points, and each stroke adds to the last. Like an uploaded file, "
               "your points are centred and scaled to fill the plane when the GAN trains on them.")
    st.plotly_chart(canvas_figure(drawn_points.cell_centres(), drawn, drawn_points.REACH), key=f"{P}.canvas",
                    on_select=_stroke, selection_mode=("lasso", "box"), theme=None)
    left, right = st.columns(2)
    if left.button(f"Train on these {len(drawn)} points", key=f"{P}.use_drawn", type="primary",
                   disabled=not drawn_points.enough(drawn), width="stretch"):
        try:
            use_points(drawn)
        except DataError as err:
            st.error(str(err))
            return
        st.rerun()
    if right.button("Clear the drawing", key=f"{P}.clear_drawn", width="stretch"):
        st.session_state[f"{P}.drawn"] = np.zeros((0, 2), np.float32)
        st.rerun(scope="fragment")
    if not drawn_points.enough(drawn):
        st.caption(f"A distribution needs at least {MIN_POINTS} points.")
