"""One TrainingRun per page per browser session, reset when its settings change and paused when
the user leaves its page."""
from __future__ import annotations

import logging

import streamlit as st

from dl_engine.device import resolve_device
from dl_engine.training.run import Status, StopCondition, TrainingRun

_LOG = logging.getLogger(__name__)


@st.cache_resource(scope="session", on_release=lambda runs: [run.disconnected() for run in runs.values()],
                   show_spinner=False)
def _session_runs() -> dict[str, TrainingRun]:
    """Runs of this browser session by page; on tab close, each gets a short grace before pausing."""
    return {}


def pause_runs_except(page: str) -> None:
    """The user now looks at `page` (a url_path): every other page's run of this session pauses,
    so nothing trains unseen; its state and charts wait for the user's return."""
    for name, run in _session_runs().items():
        if name != page:
            run.pause()


def page_run(page: str, factory, config, seed: int, device: str,
             stop: StopCondition = StopCondition(), **run_options) -> TrainingRun:
    """This session's run for `page` (the page's url_path); rebuilt at step 0 if config, seed or
    device changed. Settings the engine cannot build end the page's script with an error in
    words (never a traceback); the next change of a setting tries again."""
    key = f"{page}.run"
    run: TrainingRun | None = st.session_state.get(key)
    try:
        if run is None:
            run = TrainingRun(factory, config, seed=seed, device=device, stop=stop, **run_options)
            st.session_state[key] = run
        elif (run.config, run.seed, run.device) != (config, seed, resolve_device(device)):
            # Train pressed in the same rerun as a change of settings (the browser sent the click
            # before it had drawn a preset it loaded): the press meant these settings, so train them.
            pressed = st.session_state.get(f"{page}.train") is True and run.status in (Status.RUNNING, Status.QUEUED)
            run.reset(config, seed, device)
            if pressed:
                run.start()
    except Exception as err:  # the run is half rebuilt: forget it, so a fixed setting starts afresh
        st.session_state.pop(key, None)
        _session_runs().pop(page, None)
        st.error(f"These settings cannot be trained: {build_problem(err)} Change a setting to go on.")
        st.stop()
    _session_runs()[page] = run   # again after a reconnect, which empties the session's caches
    run.stop_condition = stop
    run.touch()
    return run


def build_problem(err: Exception) -> str:
    """What went wrong in the user's words: the engine's own messages say what to change (bad
    combinations, missing uploads, a device without memory); anything else is a bug, logged."""
    text = str(err).strip()
    if isinstance(err, (ValueError, RuntimeError, MemoryError)) and text and "object at 0x" not in text:
        return text if text.endswith(".") else f"{text}."
    _LOG.exception("building an experiment failed")
    return f"the engine failed with an unexpected {type(err).__name__} (the server's log has the details)."
