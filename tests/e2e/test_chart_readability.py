"""Readable live charts at a lecture hall's screen sizes (issue 14): on every training page, at
1280×720 and 1920×1080, the text each canvas chart drew (titles, axis titles, tick labels, legends,
colour bars, numbers in cells; the renderers expose the boxes as element.__drawnLabels) lies
inside the chart and overlaps no other text (nor, on a line chart, its plot area), and index axes (steps, epochs, lengths, units) are
ticked at whole numbers only. A chart's fullscreen button enters and leaves fullscreen.
"""
from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

PAGES = {   # url path → the button that starts it
    "mlp": "Train", "perceptron?dataset=xor": "Train", "cnn": "Train",
    "recurrent?task=language_model&corpus=weather&cell=lstm": "Train", "gradients": "Train",
    "seq2seq": "Train", "transformer?seq_len=3&n_layers=1&n_heads=2&d_model=16": "Train",
    "optimiser_race?preset=rosenbrock": "Train", "network_race?preset=sgd-too-large-lr": "Train",
    "autoencoder": "Train", "loss_activation_bench": "Train", "gan": "Train",
    "overfitting_lab": "Train", "autoencoder?preset=moons-curve": "Train", "overfitting_lab?preset=digits-shift": "Train",
}
SIZES = ((1280, 720), (1920, 1080))
INDEX_TITLE = re.compile(r"step|epoch|length|unit|column|row", re.I)   # axes of whole-number positions
WHOLE = re.compile(r"^\u2212?\d+k?$")

# Every canvas chart: its box (page px), the labels it drew, and per axis ("x", "y2", …) its title,
# whether the figure asks for dtick steps and whether it names its ticks (tokens, inputs).
_READ = """() => [...document.querySelectorAll('.dl-live-chart')].filter((g) => g.chart.canvas).map((g) => {
    const r = g.getBoundingClientRect(), layout = g.chart.canvas.figure.layout || {};
    const axes = {};
    for (const [name, a] of Object.entries(layout)) {
        const m = /^([xy])axis(\\d*)$/.exec(name);
        if (m) axes[m[1] + m[2]] = {title: ((a || {}).title || {}).text || "", dtick: (a || {}).dtick != null,
                                    named: !!(a || {}).tickvals};
    }
    const a = g.dataset.renderer === "canvas" ? g.chart.canvas.area : null;
    return {key: g.dataset.key, box: {x: r.left + scrollX, y: r.top + scrollY, w: r.width, h: r.height},
            labels: g.__drawnLabels, axes,
            plot: a && {x: r.left + scrollX + a.l, y: r.top + scrollY + a.t, w: a.w, h: a.h}};
})"""
_ALL_DRAWN = "() => [...document.querySelectorAll('.dl-live-chart')].every((g) => +g.dataset.updates > 0)"


def _button(page, name: str):
    return page.get_by_role("button", name=name, exact=True)


def _overlap(a: dict, b: dict, slack: float = 0.5) -> bool:
    return (a["x"] + slack < b["x"] + b["w"] and b["x"] + slack < a["x"] + a["w"]
            and a["y"] + slack < b["y"] + b["h"] and b["y"] + slack < a["y"] + a["h"])


def _inside(label: dict, box: dict, slack: float = 1.0) -> bool:
    return (label["x"] >= box["x"] - slack and label["y"] >= box["y"] - slack
            and label["x"] + label["w"] <= box["x"] + box["w"] + slack
            and label["y"] + label["h"] <= box["y"] + box["h"] + slack)


def chart_problems(chart: dict) -> list[str]:
    """What is unreadable in one chart's drawn labels (empty: nothing)."""
    problems, labels = [], chart["labels"]
    text = [lab for lab in labels if lab["kind"] != "cell"]
    cells = [lab for lab in labels if lab["kind"] == "cell"]
    for group in (text, cells):
        for i, a in enumerate(group):
            problems += [f"{a['kind']} {a['text']!r} overlaps {b['kind']} {b['text']!r}"
                         for b in group[i + 1:] if _overlap(a, b)]
    problems += [f"{lab['kind']} {lab['text']!r} sticks out of the chart" for lab in labels
                 if not _inside(lab, chart["box"])]
    if chart["plot"]:   # titles, ticks and legends stay off what the plot draws
        problems += [f"{lab['kind']} {lab['text']!r} covers the plot" for lab in text
                     if _overlap(lab, chart["plot"], slack=1.0)]
    for lab in labels:
        if lab["kind"] != "tick" or lab.get("axis") not in ("x", "y"):
            continue
        axis = chart["axes"].get(lab["axis"] + lab.get("panel", ""), {})
        index = axis.get("dtick") or INDEX_TITLE.search(axis.get("title", ""))
        if index and not axis.get("named") and not WHOLE.match(lab["text"]):
            problems.append(f"index axis {axis.get('title')!r} has tick {lab['text']!r}")
    return [f"{chart['key']}: {p}" for p in problems]


@pytest.fixture
def trained_page(open_page):
    """open_page, then Train; afterwards Reset ends the run (the server trains at most 4 at once)."""
    opened = []

    def go(url_path: str):
        page = open_page(url_path)
        page.set_viewport_size({"width": SIZES[0][0], "height": SIZES[0][1]})
        _button(page, PAGES[url_path]).click()
        _button(page, "Pause").wait_for()
        page.wait_for_timeout(1500)   # a few trained figures on the charts in view
        opened.append(page)
        return page
    yield go
    for page in opened:
        _button(page, "Reset").click()


@pytest.mark.parametrize("url_path", list(PAGES))
def test_canvas_charts_are_readable(trained_page, url_path):
    page = trained_page(url_path)
    problems = []
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_function(_ALL_DRAWN, timeout=30_000)
        page.wait_for_timeout(600)   # a redraw at the new width
        charts = page.evaluate(_READ)
        assert charts, "no canvas chart on the page"
        problems += [f"{width}×{height} {p}" for chart in charts for p in chart_problems(chart)]
    assert not problems, "\n".join(problems)


def test_fullscreen_button_enters_and_leaves_fullscreen(open_page):
    page = open_page("gradients")
    page.set_viewport_size({"width": SIZES[0][0], "height": SIZES[0][1]})
    chart = page.locator(".dl-live-chart").first
    chart.scroll_into_view_if_needed()
    before = chart.bounding_box()
    chart.hover()
    chart.get_by_role("button", name="Fullscreen", exact=True).click()
    page.wait_for_function("() => document.fullscreenElement && document.fullscreenElement.matches('.dl-live-chart')")
    page.wait_for_timeout(300)
    size = page.evaluate("() => [document.fullscreenElement.chart.canvas.width, innerWidth]")
    assert size[0] == size[1], f"the chart did not redraw at the screen's width: {size}"
    chart.get_by_role("button", name="Exit fullscreen", exact=True).click()
    page.wait_for_function("() => !document.fullscreenElement")
    page.wait_for_timeout(300)
    after = chart.bounding_box()
    assert abs(after["width"] - before["width"]) < 2 and abs(after["height"] - before["height"]) < 2
