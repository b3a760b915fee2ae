"""The skeleton every training page shares: a page states what it is (`TrainingPage`), opens with
`open_training_page` (the shared sidebar, its own controls, the title, its settings from the link,
the lesson, its run and the control bar) and ends with `opened.live(draw)`. What is left to write
is the page's lesson and its figures (docs/ADD_A_PLAYGROUND.md)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import streamlit as st

from dl_engine.training.run import Snapshot, StopCondition, TrainingRun
from dl_engine.ui.controls import Pace, control_bar
from dl_engine.ui.live import live_panel
from dl_engine.ui.present import lesson
from dl_engine.ui.query import config_from_widgets, init_widgets, sync_url
from dl_engine.ui.session import page_run
from dl_engine.ui.sidebar import Common, common_sidebar


@dataclass(frozen=True)
class TrainingPage:
    """What a training page trains and how it opens.

    name: the catalog row's url_path; the page's widget keys, link and run are named after it.
    config: the experiment's settings dataclass (its fields are the page's link, dl_engine.config).
    experiment: factory(config, seed=, device=) → Experiment.
    sidebar: draws the page's own sidebar controls (called inside st.sidebar), keyed f"{name}.<field>".
    lesson: draws the lesson text and equations for the settings (folded in present mode).
    """
    name: str
    title: str
    config: type
    experiment: Callable[..., Any]
    pace: Pace
    sidebar: Callable[[], None] | None = None
    lesson: Callable[[Any], None] | None = None
    steps: dict[str, int] = field(default_factory=lambda: {"+10": 10, "+100": 100})
    stop: StopCondition = StopCondition()


@dataclass(frozen=True)
class OpenPage:
    """A training page as drawn so far: the shared settings, the page's settings and its run."""
    page: TrainingPage
    common: Common
    config: Any
    run: TrainingRun

    def live(self, draw: Callable[[Snapshot], None]) -> None:
        """Draw the run's snapshot with `draw` and keep it live while it trains (ui.live)."""
        live_panel(self.run, draw, self.common.refresh, key=self.page.name)


def open_training_page(page: TrainingPage) -> OpenPage:
    """Draw everything above a training page's figures. Settings the link or the widgets make
    invalid end the script with the problem in words (config_from_widgets shows it)."""
    common = common_sidebar()
    init_widgets(page.name, page.config)
    if page.sidebar is not None:
        with st.sidebar:
            page.sidebar()
    st.title(page.title)
    config = config_from_widgets(page.name, page.config)
    if config is None:
        st.stop()
    sync_url(config, common.seed)
    if page.lesson is not None:
        with lesson():
            page.lesson(config)
    run = page_run(page.name, page.experiment, config, common.seed, common.device, stop=page.stop)
    control_bar(run, page.name, page.steps, page.pace)
    return OpenPage(page, common, config, run)
