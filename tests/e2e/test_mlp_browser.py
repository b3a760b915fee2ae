"""Browser: Home → Perceptron → MLP through the sidebar, press Train, the loss figure keeps updating."""
import re
import time

import pytest

from tests.e2e import live_probe

pytestmark = pytest.mark.browser

# Finds the live chart titled "Loss", scrolls it into view (off-screen charts skip updates) and
# returns how many points it shows (live_chart.js's marks()).
LOSS_POINTS = """() => {
    for (const g of document.querySelectorAll('.dl-live-chart')) {
        if (g.dataset.title === 'Loss') {
            g.scrollIntoView({block: 'center'});
            return g.chart.marks();
        }
    }
    return -1; }"""


def go_to(page, title: str, url_path: str) -> None:
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=re.compile(title)).click()
    page.wait_for_url(re.compile(rf"/{url_path}(\?|$)"))  # pages write their settings into the query


def test_home_perceptron_mlp_train_updates_the_loss_figure(open_page, artifacts):
    page = open_page("")
    page.locator("h1", has_text="Deep-learning playground").wait_for()
    go_to(page, "Perceptron", "perceptron")
    page.locator("h1", has_text="Perceptron").wait_for()
    page.screenshot(path=str(artifacts / "perceptron.png"), full_page=True)
    go_to(page, "MLP playground", "mlp")
    page.get_by_role("button", name="Train", exact=True).wait_for()
    page.wait_for_function("() => [...document.querySelectorAll('.dl-live-chart')].filter("
                           "(g) => +g.dataset.updates > 0).length >= 3")
    assert "Ignored" not in page.inner_text("[data-testid='stMain']"), "the Perceptron's link settings leaked"
    page.screenshot(path=str(artifacts / "mlp_before_train.png"), full_page=True)
    page.get_by_role("button", name="Train", exact=True).click()
    counts = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(set(counts)) < 4:
        time.sleep(1.0)
        counts.append(page.evaluate(LOSS_POINTS))
    page.screenshot(path=str(artifacts / "mlp_training.png"), full_page=True)
    grew = sorted(set(n for n in counts if n > 0))
    assert len(grew) >= 3, f"loss figure point counts seen: {counts}"
    assert counts[-1] == max(counts), "the loss history only grows while training"


# The decision boundary's chart, scrolled into view: its renderer, updates drawn, marks (points and
# the picture) and whether its picture changed since the call with `mark`.
BOUNDARY = """(mark) => {
    const g = [...document.querySelectorAll('.dl-live-chart')].find((c) => /Decision boundary/.test(c.dataset.title || ''));
    g.scrollIntoView({block: 'center'});
    const source = g.chart.canvas.figure.layout.images[0].dl_pixels.codes.bdata;
    if (mark) g.__source = source;
    return {renderer: g.dataset.renderer, updates: +g.dataset.updates, marks: g.chart.marks(),
            swapped: source !== g.__source}; }"""


def test_the_boundary_is_painted_on_the_canvas_its_picture_changing_under_the_same_points(open_page):
    page = open_page("mlp")
    live_probe.wait_drawn(page, 5)
    page.get_by_role("button", name="Train", exact=True).click()
    page.get_by_role("button", name="Pause", exact=True).wait_for()
    time.sleep(2)  # past the first rerun after Train
    before = page.evaluate(BOUNDARY, True)
    time.sleep(3)
    after = page.evaluate(BOUNDARY, False)
    page.get_by_role("button", name="Reset", exact=True).click()
    assert before["renderer"] == "canvas", "the boundary: a picture under points, painted on a canvas"
    assert after["updates"] >= before["updates"] + 3, (before, after)
    assert after["swapped"], "the boundary picture did not change while training"
    assert after["marks"] == before["marks"] > 1, "the same train and test points over one picture"
