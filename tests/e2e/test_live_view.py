"""Live view in Chromium: charts update in place at ≥ 8 figures/s while training, keep their DOM
node and the user's zoom, never paint a blank frame, and stay zoomable after (their downloads: test_canvas_downloads.py).
"""
from __future__ import annotations

import io
import time

import numpy as np
import pytest
from PIL import Image

from tests.e2e import live_probe
from tests.e2e.conftest import wait_for_app

# Updates per second are a benchmark (bench/bench_live.py, RESULTS.md), not a timed assertion:
# the tests only require that updates keep arriving, in place.
MIN_UPDATES_IN_WINDOW = 3

pytestmark = pytest.mark.browser


def _train(page, url: str, charts: int):
    page.goto(url)
    wait_for_app(page)
    live_probe.wait_drawn(page, charts)
    live_probe.install(page, charts)
    page.get_by_role("button", name="Train", exact=True).click()
    page.get_by_role("button", name="Pause", exact=True).wait_for()
    time.sleep(2)  # past the first rerun and plotly's first full draws


@pytest.fixture(autouse=True)
def _end_run(page):
    """After each test, Reset ends the page's training thread: a paused one keeps its slot, and
    the server trains at most 4 runs at once."""
    yield
    page.get_by_role("button", name="Reset", exact=True).click()
    page.get_by_role("button", name="Train", exact=True).wait_for()


def _tag_charts(page) -> None:
    page.evaluate("() => document.querySelectorAll('.dl-live-chart').forEach((e, i) => { e.__tag = i + 1; })")


def _tags(page) -> list:
    return page.evaluate("() => [...document.querySelectorAll('.dl-live-chart')].map((e) => e.__tag || 0)")


def _updates(page) -> list[int]:
    return page.evaluate("() => [...document.querySelectorAll('.dl-live-chart')].map((e) => +e.dataset.updates)")


def _x_range(page, index: int) -> list[float] | None:
    return page.evaluate("(i) => document.querySelectorAll('.dl-live-chart')[i].chart.zoomedX()", index)


def _drag_zoom(page, index: int) -> None:
    """Drag across the middle of chart `index`'s plot area (a box zoom on x and y)."""
    box = page.evaluate("""(i) => {
        const gd = document.querySelectorAll('.dl-live-chart')[i], r = gd.getBoundingClientRect();
        const s = gd.chart.plotArea();   // the plot area inside the chart, px
        return {x: r.left + s.l, y: r.top + s.t, width: s.w, height: s.h}; }""", index)
    page.mouse.move(box["x"] + 0.3 * box["width"], box["y"] + 0.3 * box["height"])
    page.mouse.down()
    page.mouse.move(box["x"] + 0.5 * box["width"], box["y"] + 0.6 * box["height"], steps=8)
    page.mouse.move(box["x"] + 0.6 * box["width"], box["y"] + 0.7 * box["height"], steps=8)
    page.mouse.up()


def test_demo_updates_in_place_with_no_remount_and_no_blank_frame(page, demo_url):
    _train(page, demo_url, charts=2)
    _tag_charts(page)
    rates = live_probe.measure(page, 6.0)
    assert rates["mounts"] == 0, rates
    assert rates["blank"] == 0, rates
    assert _tags(page) == [1, 2], "a chart was re-mounted"
    assert rates["painted_per_s"] * 6.0 >= MIN_UPDATES_IN_WINDOW, rates


def test_drag_zoom_survives_updates_and_works_after_pause(page, demo_url):
    _train(page, demo_url, charts=2)
    _drag_zoom(page, 0)
    zoomed = _x_range(page, 0)
    assert zoomed is not None, "the drag did not zoom"
    before = _updates(page)
    time.sleep(2)
    assert _updates(page)[0] > before[0] + 5, "the chart stopped updating"
    assert _x_range(page, 0) == pytest.approx(zoomed)
    page.get_by_role("button", name="Pause", exact=True).click()
    page.get_by_role("button", name="Train", exact=True).wait_for()
    page.locator(".dl-live-chart").first.dblclick(position={"x": 300, "y": 160})  # back to autorange
    page.wait_for_function("() => document.querySelector('.dl-live-chart').chart.zoomedX() === null")
    _drag_zoom(page, 0)
    assert _x_range(page, 0) is not None, "a stopped chart must stay zoomable"


def test_burst_of_screenshots_never_shows_a_blank_chart(page, demo_url, artifacts):
    _train(page, demo_url, charts=2)
    heatmap = page.locator(".dl-live-chart").nth(1)
    for i in range(12):
        shot = Image.open(io.BytesIO(heatmap.screenshot())).convert("L")
        pixels = np.asarray(shot, dtype=float)
        coloured = (pixels < 235).mean()  # share of the chart that is not white background
        if i == 0:
            shot.save(artifacts / "live_view_heatmap.png")
        assert coloured > 0.25, f"screenshot {i} looks blank ({coloured:.0%} coloured)"


def test_mlp_page_charts_update_in_place(open_page):
    page = open_page("mlp")
    charts = page.locator(".dl-live-chart")
    live_probe.wait_drawn(page, 3)
    n = charts.count()
    assert n >= 3, "the MLP page shows its live figures through live_figure"
    live_probe.install(page, n)
    page.get_by_role("button", name="Train", exact=True).click()
    page.get_by_role("button", name="Pause", exact=True).wait_for()
    time.sleep(2)
    _tag_charts(page)
    before = _updates(page)
    rates = live_probe.measure(page, 6.0)
    updates = [b - a for a, b in zip(before, _updates(page))]
    assert not page.locator("[data-testid='stException']").count()
    assert rates["mounts"] == 0 and rates["blank"] == 0, rates
    assert _tags(page) == list(range(1, n + 1)), "a chart was re-mounted"
    assert max(updates) >= MIN_UPDATES_IN_WINDOW, updates
