"""The live panel: a fragment that redraws the latest Snapshot while the run trains.

Every live figure reaches the screen through `live_figure`, the one seam where the
rendering path (st.plotly_chart or an in-place component) is chosen.
"""
from __future__ import annotations

from typing import Callable

import plotly.graph_objects as go
import streamlit as st

from dl_engine.training.run import Snapshot, Status, TrainingRun
from dl_engine.ui.controls import status_line


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
    """Show a figure that may change every refresh (the seam for in-place rendering)."""
    figure = go.Figure(fig) if isinstance(fig, dict) else fig
    if height is not None:
        figure.update_layout(height=height)
    st.plotly_chart(figure, key=key, width="stretch",
                    config={"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}})
