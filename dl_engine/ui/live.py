"""The live panel: a fragment that draws the latest Snapshot, and keeps it live while the run trains.

Every live figure reaches the screen through `live_figure`: a spec (viz.spec), sent as a compact
payload to the live chart component, which draws it on a canvas and updates the same chart in
place. A figure given as a builder (Snapshot → spec) streams, while the run trains, through the
panel's feed (ui.live_feed): built once per snapshot and pushed over the session's live channel
(ui.live_channel, ui.live_route), without a Streamlit rerun; the panel's own reruns then build
none of them. The rest of the panel (status, text, figures given as such) reruns every
PANEL_PERIOD seconds.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Callable

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dl_engine.training.run import Snapshot, Status, TrainingRun
from dl_engine.ui.controls import status_line
from dl_engine.ui.live_chart import chart_message, live_chart
from dl_engine.ui.live_channel import CHANNELS
from dl_engine.ui.live_feed import Builder, Feed, stamp
from dl_engine.ui.live_route import channel_url
from dl_engine.ui.present import chart_scale
from dl_engine.ui.time_travel import time_travel
from dl_engine.viz.curve_view import WHOLE, curve_view
from dl_engine.viz.spec import Chart, HeatmapGrid

CURVES_KEY = "common.curves"   # the sidebar's choice of how training curves show a long run
PANEL_PERIOD = 2.0  # s between the panel's own reruns while training (status line, text)


@dataclass
class _Drawing:
    """The panel being drawn: its run, the snapshot drawn, its feed, and the builders to stream."""
    run: TrainingRun
    snap: Snapshot
    feed: Feed
    follow: dict | None                # while the run trains: the channel the charts follow ({"url"})
    builders: dict[str, tuple[Builder, int | None]] = field(default_factory=dict)


_drawing = threading.local()  # .current: the _Drawing of the panel this script thread draws


def live_panel(run: TrainingRun, draw: Callable[[Snapshot], None], refresh: float, key: str,
               panel_period: float | None = None) -> None:
    """Draw `draw(run.snapshot)` now and, while the run trains, keep it live: streamed figures
    every `refresh` seconds (the run takes a snapshot as often), the rest every `panel_period`
    (default PANEL_PERIOD) seconds. A run waiting for a training slot reruns the panel as often
    (its place in line). When the run stops or starts, one full rerun sets the timer (and
    refreshes the buttons)."""
    started = run.status
    live = started in (Status.RUNNING, Status.QUEUED)
    run.snapshot_hz = 1.0 / refresh   # a snapshot per refresh: none taken that no one would see
    feed, token = _panel_feed(run, key)

    @st.fragment(run_every=(panel_period or PANEL_PERIOD) if live else None)
    def panel() -> None:
        run.touch()
        status_line(run)
        running = run.status == Status.RUNNING
        snap = time_travel(run, key)
        url = channel_url(token) if running else None
        drawing = _drawing.current = _Drawing(run, snap, feed, {"url": url} if url else None)
        try:
            draw(snap)
        finally:
            _drawing.current = None
        if url:
            feed.stream(drawing.builders, chart_scale())
        if live and run.status != started:
            st.rerun()

    panel()


def _panel_feed(run: TrainingRun, key: str) -> tuple[Feed, str]:
    """This session's feed for the panel `key` and its channel's token, renewed when the page has
    a new run or the session's channels were closed (a dropped connection)."""
    name, session = f"{key}.live_feed", _session()
    feed, token = st.session_state.get(name, (None, ""))
    if feed is None or feed.run is not run or CHANNELS.feed(token) is not feed:
        CHANNELS.close(token)
        feed = Feed(run)
        token = CHANNELS.open(feed, session)
        st.session_state[name] = (feed, token)
    return feed, token


@st.cache_resource(scope="session", on_release=CHANNELS.close_session, show_spinner=False)
def _session() -> str:
    """This browser session's id; its channels close with it."""
    ctx = get_script_run_ctx()
    return ctx.session_id if ctx else ""


def live_figure(fig: Chart | HeatmapGrid | Builder, key: str, height: int | None = None) -> None:
    """Show a figure that may change every refresh, updated in place (zoom kept, no flicker).

    fig: a builder, Snapshot → spec, streamed at the refresh rate while the run trains (only
    inside live_panel's draw); or the spec itself (a Chart or HeatmapGrid with NumPy arrays),
    updated when the panel reruns.
    key: unique on the page; the same key is the same chart across refreshes.
    height: px; defaults to layout.height, else 420.
    """
    drawing: _Drawing | None = getattr(_drawing, "current", None)
    follow = None
    view = st.session_state.get(CURVES_KEY, WHOLE)
    if view != WHOLE and callable(fig):
        fig = _viewed(fig, view)
    elif view != WHOLE:
        fig = curve_view(fig, view)
    if callable(fig):
        if drawing is None:
            raise TypeError("live_figure(builder) draws a snapshot: call it inside live_panel's draw")
        follow = drawing.follow
        if follow is not None:
            drawing.builders[key] = (fig, height)
            if key in drawing.feed.heights:
                # The channel brings the figures: the rerun only says where from (and the
                # height it was drawn at), so it builds, sends and parses none of them.
                live_chart(chart_message(None, key, drawing.feed.heights[key], feed=follow, scale=chart_scale()))
                return
        fig = fig(drawing.snap)   # the first paint of a chart (or any paint while not training)
    chosen = drawing is not None and drawing.snap is not drawing.run.snapshot   # time travel
    message = chart_message(fig, key, height,
                            stamp(drawing.snap, chosen) if drawing else None, follow,
                            scale=chart_scale())   # present mode: larger text, lines and markers
    if drawing is not None:
        drawing.feed.heights[key] = message["height"]
    live_chart(message)


def _viewed(builder: Builder, view: str) -> Builder:
    """The builder with its training curves in `view` (whole, log time, last stretch): the feed
    thread builds with the view the page had when it drew."""
    return lambda snap: curve_view(builder(snap), view)


def per_snapshot(compute: Callable[[Snapshot], object]) -> Callable[[Snapshot], object]:
    """`compute` remembered for the last snapshot it saw: builders that share a costly step (a
    forward pass on the chosen image) run it once per snapshot, not once per figure."""
    last: list = [None, None]  # [snapshot, value]; replaced whole, so threads see a matching pair

    def cached(snap: Snapshot):
        seen, value = last
        if seen is not snap:
            value = compute(snap)
            last[:] = [snap, value]
        return value
    return cached
