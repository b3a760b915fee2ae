"""The training control bar: Train/Pause, Step, Reset, the pace, and the run's status line."""
from __future__ import annotations

from dataclasses import dataclass, is_dataclass

import streamlit as st

from dl_engine.training.run import Status, TrainingRun
from dl_engine.ui.export_box import export_box
from dl_engine.ui.page_state import setting
from dl_engine.ui.shortcuts import keyboard_shortcuts

FULL_SPEED = "full speed"
_PACES = {"epoch": (0.5, 1, 2, 5, 10, 20, 50, 200), "step": (1, 2, 5, 10, 20, 50, 100, 500)}


@dataclass(frozen=True)
class Pace:
    """A page's speed choices, in epochs or steps per second, and the one it opens with (None:
    full speed): a pace at which a class can watch the page's default experiment learn."""
    unit: str = "epoch"
    default: float | None = None

    def choices(self) -> list[str]:
        return [*(speed_label(rate, self.unit) for rate in _PACES[self.unit]), FULL_SPEED]

    def steps_per_second(self, label: str, steps_per_epoch: int) -> float | None:
        """The throttle for the choice `label` (None: full speed)."""
        for rate in _PACES[self.unit]:
            if label == speed_label(rate, self.unit):
                return rate * (steps_per_epoch if self.unit == "epoch" else 1)
        return None


def speed_label(rate: float, unit: str) -> str:
    return f"{rate:g} {unit}{'' if rate == 1 else 's'}/s"


def _toggle(run: TrainingRun) -> None:
    if run.status in (Status.RUNNING, Status.QUEUED):   # pausing a waiting run leaves the line
        run.pause()
    else:
        run.start()


def control_bar(run: TrainingRun, page: str, step_sizes: dict[str, int] | None = None,
                pace: Pace = Pace()) -> None:
    """Buttons that drive `run` through on_click callbacks (so one click = one action), the
    pace, the Export box, and the keyboard shortcuts (space, →, r).

    step_sizes: extra step buttons, label → number of steps (e.g. {"+1 epoch": 25}).
    """
    train = {Status.RUNNING: "Pause", Status.QUEUED: "Cancel wait"}.get(run.status, "Train")
    steps = {"Step": 1, **(step_sizes or {})}
    stuck = run.status in (Status.DIVERGED, Status.ERROR)
    cols = st.columns([1.2] + [1] * len(steps) + [1, 2, 1])
    cols[0].button(train, key=f"{page}.train", type="primary", on_click=_toggle, args=(run,),
                   width="stretch", disabled=stuck, help="Train or pause (keyboard: space)")
    for col, (label, n) in zip(cols[1:], steps.items()):
        col.button(label, key=f"{page}.step.{label}", on_click=run.step, args=(n,), width="stretch",
                   disabled=stuck, help="One step (keyboard: →)" if n == 1 else f"{n:,} steps")
    cols[len(steps) + 1].button("Reset", key=f"{page}.reset", on_click=run.reset, width="stretch",
                                help="Back to step 0 with the same settings and seed (keyboard: r)")
    choices = pace.choices()
    speed_key = f"{page}.speed"
    if st.session_state.get(speed_key) not in choices:
        st.session_state[speed_key] = speed_label(pace.default, pace.unit) if pace.default else FULL_SPEED
    label = cols[-2].selectbox("Speed", choices, **setting(speed_key), label_visibility="collapsed",
                               help="How fast the run trains: slow enough for a class to watch, or full speed.")
    run.set_speed(pace.steps_per_second(label, run.experiment.steps_per_epoch))
    if is_dataclass(run.config):   # a page's settings (a notebook's or a test's run may have others)
        export_box(run, page, cols[-1])
    keyboard_shortcuts(page)


def _steady(rate: float) -> str:
    """A speed to two significant figures: it reads steadily while the true rate wobbles."""
    return f"{float(f'{rate:.2g}'):,g}"


def stop_text(run: TrainingRun) -> str:
    """The run's stop conditions in words ("" when it trains until paused)."""
    cond, parts = run.stop_condition, []
    if cond.max_epochs is not None:
        parts.append(f"epoch {cond.max_epochs:,g}")
    if cond.target_loss is not None:
        parts.append("a training loss of 0" if cond.target_loss == 0 else f"training loss ≤ {cond.target_loss:g}")
    return f"stops at {' or '.join(parts)}" if parts else ""


def status_line(run: TrainingRun) -> None:
    """The run's state in words, its speed and its stop conditions; divergence and errors are
    shown as such, a run waiting for a training slot as its place in line."""
    snap = run.snapshot
    text = f"**{snap.status.value}** · step {snap.step:,} · epoch {snap.epoch:,.1f}"
    if snap.steps_per_second:
        per_epoch = run.experiment.steps_per_epoch
        text += f" · {_steady(snap.steps_per_second)} steps/s"
        if per_epoch > 1:
            text += f" ({_steady(snap.steps_per_second / per_epoch)} epochs/s)"
    stops = stop_text(run)
    if stops:
        text += f" · {stops}"
    if snap.status == Status.DIVERGED:
        st.error(snap.message, icon="💥")
    elif snap.status == Status.ERROR:
        st.error(snap.message)
    elif snap.status == Status.QUEUED:
        st.info(snap.message, icon="⏳")
    else:
        st.caption(f"{text} — {snap.message}")
