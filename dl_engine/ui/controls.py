"""The training control bar: Train/Pause, Step, Reset, speed, and the run's status line."""
from __future__ import annotations

import streamlit as st

from dl_engine.training.run import Status, TrainingRun
from dl_engine.ui.page_state import setting

SPEEDS = {"full speed": None, "100 steps/s": 100.0, "10 steps/s": 10.0, "1 step/s": 1.0}


def _toggle(run: TrainingRun) -> None:
    if run.status in (Status.RUNNING, Status.QUEUED):   # pausing a waiting run leaves the line
        run.pause()
    else:
        run.start()


def control_bar(run: TrainingRun, page: str, step_sizes: dict[str, int] | None = None) -> None:
    """Buttons that drive `run` through on_click callbacks (so one click = one action).

    step_sizes: extra step buttons, label → number of steps (e.g. {"+1 epoch": 25}).
    """
    train = {Status.RUNNING: "Pause", Status.QUEUED: "Cancel wait"}.get(run.status, "Train")
    steps = {"Step": 1, **(step_sizes or {})}
    cols = st.columns([1.2] + [1] * len(steps) + [1, 2])
    cols[0].button(train, key=f"{page}.train", type="primary",
                   on_click=_toggle, args=(run,), width="stretch",
                   disabled=run.status in (Status.DIVERGED, Status.ERROR))
    for col, (label, n) in zip(cols[1:], steps.items()):
        col.button(label, key=f"{page}.step.{label}", on_click=run.step, args=(n,),
                   width="stretch", disabled=run.status in (Status.DIVERGED, Status.ERROR))
    cols[len(steps) + 1].button("Reset", key=f"{page}.reset", on_click=run.reset, width="stretch")
    speed = cols[-1].selectbox("Speed", list(SPEEDS), **setting(f"{page}.speed"), label_visibility="collapsed")
    run.set_speed(SPEEDS[speed])


def status_line(run: TrainingRun) -> None:
    """The run's state in words; divergence and errors are shown as such, a run waiting for a
    training slot as its place in line."""
    snap = run.snapshot
    text = f"**{snap.status.value}** · step {snap.step:,} · epoch {snap.epoch:,.1f}"
    if snap.steps_per_second:
        text += f" · {snap.steps_per_second:,.0f} steps/s"
    if snap.status == Status.DIVERGED:
        st.error(snap.message, icon="💥")
    elif snap.status == Status.ERROR:
        st.error(snap.message)
    elif snap.status == Status.QUEUED:
        st.info(snap.message, icon="⏳")
    else:
        st.caption(f"{text} — {snap.message}")
