"""Browser: Home → Perceptron → MLP through the sidebar, press Train, the loss figure keeps updating."""
import re
import time

import pytest

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


# For the chart titled `title`: scroll it into view, then report its updates drawn and whether its
# traces are still the ones computed when `mark` was first called (plotly.js recomputes calcdata
# whenever a trace changes; a picture swapped under unchanged traces keeps it).
TRACES_KEPT = """([title, mark]) => {
    const gd = [...document.querySelectorAll('.dl-live-chart')].find(
        (g) => g.layout && g.layout.title && new RegExp(title).test(g.layout.title.text));
    gd.scrollIntoView({block: 'center'});
    if (mark) { gd.__calc = gd.calcdata; gd.__source = gd.layout.images[0].source; }
    return {updates: +gd.dataset.updates, kept: gd.calcdata === gd.__calc,
            swapped: gd.layout.images[0].source !== gd.__source}; }"""


def test_boundary_updates_swap_the_picture_and_leave_the_points_alone(open_page):
    page = open_page("mlp")
    page.locator(".dl-live-chart .main-svg").first.wait_for()  # the boundary: a plotly.js chart
    page.get_by_role("button", name="Train", exact=True).click()
    page.get_by_role("button", name="Pause", exact=True).wait_for()
    time.sleep(2)  # past the first rerun after Train
    before = page.evaluate(TRACES_KEPT, ["Decision boundary", True])
    time.sleep(3)
    after = page.evaluate(TRACES_KEPT, ["Decision boundary", False])
    page.get_by_role("button", name="Reset", exact=True).click()
    assert after["updates"] >= before["updates"] + 3, (before, after)
    assert after["swapped"], "the boundary picture did not change while training"
    assert after["kept"], "the points were recomputed: an unchanged trace must keep its arrays"
