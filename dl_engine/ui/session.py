"""One TrainingRun per page per browser session, reset when its settings change."""
from __future__ import annotations

import streamlit as st

from dl_engine.device import resolve_device
from dl_engine.training.run import StopCondition, TrainingRun


@st.cache_resource(scope="session", on_release=lambda runs: [run.disconnected() for run in runs],
                   show_spinner=False)
def _session_runs() -> list[TrainingRun]:
    """Runs of this browser session; on tab close, each gets a short grace before pausing."""
    return []


def page_run(page: str, factory, config, seed: int, device: str,
             stop: StopCondition = StopCondition(), **run_options) -> TrainingRun:
    """This session's run for `page`; rebuilt at step 0 if config, seed or device changed."""
    key = f"{page}.run"
    run: TrainingRun | None = st.session_state.get(key)
    if run is None:
        run = TrainingRun(factory, config, seed=seed, device=device, stop=stop, **run_options)
        st.session_state[key] = run
        _session_runs().append(run)
    elif (run.config, run.seed, run.device) != (config, seed, resolve_device(device)):
        run.reset(config, seed, device)
    run.stop_condition = stop
    run.touch()
    return run
