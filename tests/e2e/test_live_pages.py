"""Live view on every training page (issue 7): while a run trains, each live chart keeps its DOM
node, keeps drawing new figures when it is in view, and is never blank.

tests/e2e/test_live_view.py covers the demo page and the MLP page; this file covers the others.
"""
from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.e2e import live_probe

pytestmark = pytest.mark.browser

# Updates per second are a benchmark (bench/), not a timed assertion: each chart only has to draw
# this many new figures while in view, before a generous deadline.
MIN_UPDATES = 3
DEADLINE_MS = 20_000

# url path → the keys of the live charts the page draws while training. The settings keep each
# run training for the whole test: XOR never converges (the perceptron stops when it does), the
# CNN reaches its default 15 epochs in seconds, and "hello" is learnt to the loss target as fast.
PAGES = {
    "perceptron?dataset=xor": ["perceptron.boundary", "perceptron.errors", "perceptron.weights"],
    "cnn?epochs=200": ["cnn.loss", "cnn.accuracy", "cnn.kernels", "cnn.fmaps", "cnn.probs", "cnn.grads", "cnn.saliency",
                       "cnn.confusion"],
    "recurrent?task=language_model&corpus=weather&cell=lstm": [
        "recurrent.chart.diagram", "recurrent.chart.loss", "recurrent.chart.grad", "recurrent.chart.gates",
        "recurrent.chart.pca"],
    "gradients": ["gradients.profile", "gradients.activations", "gradients.heatmap", "gradients.ratios",
                  "gradients.loss"],
    "seq2seq": ["seq2seq.alignment", "seq2seq.by_length", "seq2seq.loss", "seq2seq.acc"],
    "transformer?seq_len=3&n_layers=1&n_heads=2&d_model=16": [
        "transformer.loss", "transformer.acc", "transformer.grid", "transformer.lines", "transformer.ablation",
        "transformer.entropy"],
    "optimiser_race?steps=1500": ["optimiser_race.paths", "optimiser_race.losses"],   # 75 s at 20 steps/s
    "network_race?steps=1000": ["network_race.slice", "network_race.losses"],          # 50 s at 20 steps/s
    "autoencoder": ["autoencoder.latent", "autoencoder.grid", "autoencoder.loss", "autoencoder.reconstructions",
                    "autoencoder.samples", "autoencoder.interp"],                      # 500 epochs: 100 s at 5/s
    "loss_activation_bench": ["loss_activation_bench.accuracy", "loss_activation_bench.loss",
                              "loss_activation_bench.grad", "loss_activation_bench.dead",
                              "loss_activation_bench.units"],                          # no stop: trains on
    "autoencoder?preset=moons-curve": ["autoencoder.points", "autoencoder.line", "autoencoder.loss"],
    "gan": ["gan.plane", "gan.losses", "gan.divergence"],                                 # no stop: trains on
    "overfitting_lab": ["overfitting_lab.loss", "overfitting_lab.accuracy", "overfitting_lab.boundary_baseline",
                        "overfitting_lab.boundary_regularised", "overfitting_lab.weights",
                        "overfitting_lab.confusion"],                                    # no stop: trains on
    "overfitting_lab?preset=digits-shift": ["overfitting_lab.loss", "overfitting_lab.accuracy",
                                            "overfitting_lab.augmented", "overfitting_lab.weights",
                                            "overfitting_lab.confusion"],
}

# Run in the page, on its live charts (.dl-live-chart, in page order; i: index), through the
# read-outs live_chart.js gives both renderers (lines and pictures, heatmap grids).
_CHARTS = "[...document.querySelectorAll('.dl-live-chart')]"
_KEYS = f"() => {_CHARTS}.map((g) => g.dataset.key)"
_ALL_DRAWN = f"(n) => {_CHARTS}.length >= n && {_CHARTS}.every((g) => +g.dataset.updates > 0)"
_TAG = f"() => {_CHARTS}.forEach((g, i) => {{ g.__tag = i + 1; }})"
_TAGS = f"() => {_CHARTS}.map((g) => g.__tag || 0)"
_SCROLL = f"(i) => {_CHARTS}[i].scrollIntoView({{block: 'center'}})"
_UPDATES = f"(i) => +{_CHARTS}[i].dataset.updates"
_MORE = f"([i, n]) => +{_CHARTS}[i].dataset.updates >= n"
_FED = f"(i) => +({_CHARTS}[i].dataset.fed || 0)"  # figures that came from the live feed, not a rerun
_RENDERERS = f"() => {_CHARTS}.map((g) => g.dataset.renderer)"
_WITH_TRACE = f"() => {_CHARTS}.filter((g) => g.chart.marks() > 0).length"
# Something drawn inside the plot: points of a line, a trace, a shape (a line, a band, a cell border).
_MARKS = f"(i) => {_CHARTS}[i].chart.marks()"
# The plot area in page pixels (without title, ticks and legend, which a blank chart also has),
# and the two colours a blank plot area is made of: the background and the grid lines.
_PLOT_AREA = """(i) => { const g = document.querySelectorAll('.dl-live-chart')[i], r = g.getBoundingClientRect();
    const s = g.chart.plotArea(), probe = document.createElement('i');
    document.body.appendChild(probe);
    const colour = (c) => {  // any CSS colour → [r, g, b]
        probe.style.color = c;
        return getComputedStyle(probe).color.match(/[\\d.]+/g).slice(0, 3).map(Number); };
    const out = {box: {x: r.left + s.l, y: r.top + s.t, width: s.w, height: s.h},
            blank: s.blank.map(colour)};
    probe.remove();
    return out; }"""
# Streamlit's dialog when it drops the connection (its widgets are disabled from then on).
CONNECTION_ERROR = "Failed to process a Websocket message"


def _button(page, name: str):
    return page.get_by_role("button", name=name, exact=True)


@pytest.fixture
def training_page(open_page):
    """open_page; afterwards Reset ends the page's run (the server trains at most 4 at once)."""
    opened = []
    yield lambda url_path: opened.append(open_page(url_path)) or opened[-1]
    for page in opened:
        if CONNECTION_ERROR not in page.inner_text("body"):  # else the widgets are disabled
            _button(page, "Reset").click()
            _button(page, "Train").wait_for()


def _drawn_share(page, index: int) -> float:
    """Share of chart `index`'s plot area, on screen, that is neither background nor grid line."""
    page.evaluate(_SCROLL, index)
    area = page.evaluate(_PLOT_AREA, index)
    pixels = np.asarray(Image.open(io.BytesIO(page.screenshot(clip=area["box"]))).convert("RGB"), dtype=int)
    # 12 levels: a pale heatmap (attention spread evenly at step 0) still counts as drawn
    away = [np.abs(pixels - np.array(c)).max(axis=-1) > 12 for c in area["blank"]]
    return float(np.logical_and(*away).mean())


@pytest.mark.parametrize("url_path", list(PAGES))
def test_live_charts_update_in_place_while_training(training_page, url_path, artifacts):
    page = training_page(url_path)
    expected = PAGES[url_path]
    page.wait_for_function(_ALL_DRAWN, arg=len(expected), timeout=90_000)
    keys = page.evaluate(_KEYS)
    assert sorted(keys) == sorted(expected), "the page's live charts changed: update PAGES"
    page.evaluate(_TAG)
    # The probe counts a frame blank when fewer charts show a trace than now (some, such as the
    # perceptron's mistakes per epoch, have nothing to show until training starts).
    live_probe.install(page, page.evaluate(_WITH_TRACE))
    _button(page, "Train").click()
    _button(page, "Pause").wait_for()

    updates = {}
    for i, key in enumerate(keys):
        page.evaluate(_SCROLL, i)
        before = page.evaluate(_UPDATES, i)
        try:
            page.wait_for_function(_MORE, arg=[i, before + MIN_UPDATES], timeout=DEADLINE_MS)
        except PlaywrightTimeout:
            pass  # reported below, with every other chart that stalled
        updates[key] = page.evaluate(_UPDATES, i) - before
    marks = {key: page.evaluate(_MARKS, i) for i, key in enumerate(keys)}
    fed = {key: page.evaluate(_FED, i) for i, key in enumerate(keys)}
    drawn = {key: _drawn_share(page, i) for i, key in enumerate(keys)}
    renderers = dict(zip(keys, page.evaluate(_RENDERERS)))
    probe = live_probe.read(page)
    page.screenshot(path=str(artifacts / f"live_{url_path.split('?')[0]}.png"), full_page=True)

    assert not page.locator("[data-testid='stException']").count()
    assert CONNECTION_ERROR not in page.inner_text("body"), "Streamlit dropped the connection"
    remounted = [key for key, tag in zip(keys, page.evaluate(_TAGS)) if not tag]
    assert not remounted, f"charts re-mounted (a new DOM node) while training: {remounted}"
    assert probe["mounts"] == 0 and probe["blank"] == 0, f"a chart was re-created or drew a blank frame: {probe}"
    assert set(renderers.values()) <= {"canvas", "heatmap"}, f"charts not drawn by a canvas renderer: {renderers}"
    stalled = {k: n for k, n in updates.items() if n < MIN_UPDATES}
    assert not stalled, f"charts in view drew fewer than {MIN_UPDATES} new figures: {stalled}"
    assert all(fed.values()), f"charts that got no figure from the live feed: {fed}"
    assert all(marks.values()), f"charts with nothing drawn: {marks}"
    assert min(drawn.values()) > 0.01, f"charts that look blank: {drawn}"
