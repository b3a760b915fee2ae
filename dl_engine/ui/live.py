"""The live panel: a fragment that redraws the latest Snapshot while the run trains.

Every live figure reaches the screen through `live_figure`: a compact payload drawn by
the live chart component, which updates the same chart in place at each refresh.
"""
from __future__ import annotations

from typing import Callable

import plotly.graph_objects as go
import streamlit as st

from dl_engine.training.run import Snapshot, Status, TrainingRun
from dl_engine.ui.controls import status_line
from dl_engine.ui.live_chart import live_chart
from dl_engine.viz.payload import figure_payload


def live_panel(run: TrainingRun, draw: Callable[[Snapshot], None], refresh: float, key: str) -> None:
    """Draw `draw(run.snapshot)` now and, while the run trains, every `refresh` seconds.

    When the run stops, one full rerun turns the timer off (and refreshes the buttons).
    """
    started_running = run.status == Status.RUNNING

    @st.fragment(run_every=refresh if started_running else None)
    def panel() -> None:
        run.touch()
        snap = run.snapshot
        status_line(run)
        draw(snap)
        if started_running and run.status != Status.RUNNING:
            st.rerun()

    panel()


def live_figure(fig: go.Figure | dict, key: str, height: int | None = None) -> None:
    """Show a figure that may change every refresh, updated in place (zoom kept, no flicker).

    fig: a go.Figure or a plain {"data": [...], "layout": {...}} dict with NumPy arrays; the
    dict costs ~0.1 ms to build where go.Figure's validation costs 5–40 ms, per update.
    key: unique on the page; the same key is the same chart across refreshes.
    height: px; defaults to layout.height, else 420.
    """
    live_chart(figure_payload(fig, height=height), key=key, height=height)
