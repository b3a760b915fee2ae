"""A small live page for the live-view tests and benchmark: a tiny MLP learning XOR,
drawn as a loss curve and a 60×60 decision heatmap, with the server's cost per update.

?renderer=plotly_chart draws the same figures with st.plotly_chart (the old path) for comparison;
?refresh=0.2 sets the refresh period; ?epochs=N the epoch budget; ?speed=N caps training at N
steps/s (the benchmark of the server's cost per update keeps training out of the way).
"""
from __future__ import annotations

import time

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from dl_engine.training.run import StopCondition
from dl_engine.ui.controls import control_bar
from dl_engine.ui.live import live_figure, live_panel
from dl_engine.ui.session import page_run
from dl_engine.ui.warmup import warm_up
from dl_engine.viz.spec import Axis, Chart, ColourBar, GridAxis, Heatmap, HeatmapGrid, Line
from tests.e2e.live_demo_experiment import GRID, XorExperiment

def loss_figure(snap) -> Chart:
    h = snap.history
    line = Line(x=h.get("step", np.zeros(0)), y=h.get("train_loss", np.zeros(0)), name="train loss")
    return Chart(title="Training loss", height=320, marks=[line], x=Axis(title="step"), y=Axis(title="loss"))


def boundary_figure(snap) -> HeatmapGrid:
    panel = Heatmap(z=snap.visuals["p"], x=GRID, y=GRID, lo=0, hi=1, stops="RdBu", bar=ColourBar(title="p(y=1)"),
                    x_axis=GridAxis(title="x₁"), y_axis=GridAxis(title="x₂"))
    return HeatmapGrid(title=f"Decision boundary, step {snap.step}", height=320, panels=[panel])


warm_up()
params = st.query_params
renderer = params.get("renderer", "live")
refresh = float(params.get("refresh", "0.1"))
run = page_run("live_demo", XorExperiment, 8, 0, "cpu",
               stop=StopCondition(max_epochs=float(params.get("epochs", "1000000"))))
control_bar(run, "live_demo")
if "speed" in params:
    run.set_speed(float(params["speed"]))


def draw(snap) -> None:
    wall, cpu = time.perf_counter(), time.thread_time()
    left, right = st.columns(2)
    for col, key, builder in ((left, "live_demo.loss", loss_figure), (right, "live_demo.boundary", boundary_figure)):
        with col:
            if renderer == "plotly_chart":
                st.plotly_chart(go.Figure(builder(snap).wire()), key=key, width="stretch")
            else:
                live_figure(builder, key=key)
    if renderer == "plotly_chart":  # the whole panel reruns at each refresh
        costs = st.session_state.setdefault("live_demo.costs", [])
        costs.append(((time.perf_counter() - wall) * 1e3, (time.thread_time() - cpu) * 1e3))
        del costs[:-100]
    else:  # the feed builds and pushes the figures
        costs = st.session_state["live_demo.live_feed"][0].costs   # (feed, channel token)
    if costs:
        wall_ms, cpu_ms = np.median(costs, axis=0)
        st.caption(f"server per update: {wall_ms:.1f} ms wall, {cpu_ms:.1f} ms CPU (figures, payloads, send)")


live_panel(run, draw, refresh, key="live_demo", panel_period=refresh if renderer == "plotly_chart" else None)
