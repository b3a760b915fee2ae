"""One TrainingRun per page per browser session, reset when its settings change and paused when
the user leaves its page."""
from __future__ import annotations

import streamlit as st

from dl_engine.device import resolve_device
from dl_engine.training.run import StopCondition, TrainingRun


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
    device changed."""
    key = f"{page}.run"
    run: TrainingRun | None = st.session_state.get(key)
    if run is None:
        run = TrainingRun(factory, config, seed=seed, device=device, stop=stop, **run_options)
        st.session_state[key] = run
        _session_runs()[page] = run
    elif (run.config, run.seed, run.device) != (config, seed, resolve_device(device)):
        run.reset(config, seed, device)
    run.stop_condition = stop
    run.touch()
    return run
