"""Time travel: while a run is paused, a slider through its saved snapshots redraws every chart
of the page as it was at that step."""
from __future__ import annotations

import streamlit as st

from dl_engine.training.run import Snapshot, Status, TrainingRun


def time_travel(run: TrainingRun, key: str) -> Snapshot:
    """The snapshot the panel draws: the latest, or (paused) the one the slider picks.

    The slider's block is drawn whatever it holds: a block that came and went would shift the
    charts below it, and Streamlit would re-mount them (blank for a frame) on Train and Pause."""
    latest = run.snapshot
    block = st.container()
    steps = run.timeline.steps
    if latest.status in (Status.RUNNING, Status.QUEUED) or len(steps) < 2:
        return latest
    slider, seen = f"{key}.time_travel", f"{key}.time_travel.latest"
    if st.session_state.get(seen) != (latest.run_id, latest.step) or st.session_state.get(slider) not in steps:
        st.session_state[slider] = steps[-1]    # a new pause, a new run: start at now
        st.session_state[seen] = (latest.run_id, latest.step)
    words, track = block.columns([1, 3], vertical_alignment="center")
    with track:
        chosen = st.select_slider("Time travel: show the run as it was at step", steps, key=slider,
                                  label_visibility="collapsed",
                                  help="Every chart redraws as it was at the chosen saved step. "
                                       "Train goes on from the latest step.")
    if chosen == steps[-1]:
        words.caption("**Time travel**: drag back to see every chart as it was at an earlier step.")
        return latest
    words.caption(f"**Showing step {chosen:,} as it was**; the run is at step {latest.step:,}. "
                  "Drag to the right end for now.")
    return run.timeline.at(chosen)
