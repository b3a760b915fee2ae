"""Browser: the gradient lab at step 0, then a preset switch changes the gradient-norm chart."""
import re
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# y values of the first trace of the live chart whose title matches (live_chart.js's traceY)
FIGURE_Y = """(pattern) => {
    const re = new RegExp(pattern);
    for (const g of document.querySelectorAll('.dl-live-chart'))
        if (re.test(g.dataset.title || '') && +g.dataset.updates > 0) return g.chart.traceY(0);
    return null; }"""
PROFILE = "gradient norm per layer"


def first_over_last(page) -> float | None:
    """First-layer gradient norm over the output layer's, as the chart draws it (None: not drawn)."""
    y = page.evaluate(FIGURE_Y, PROFILE)
    return y[0] / y[-1] if y and len(y) > 1 and y[-1] else None


def wait_for_ratio(page, accept, timeout: float = 90) -> float | None:
    deadline, ratio = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        ratio = first_over_last(page)
        if ratio is not None and accept(ratio):
            return ratio
        time.sleep(1.0)
    return ratio


def test_switching_presets_changes_the_gradient_chart(open_page):
    ARTIFACTS.mkdir(exist_ok=True)
    page = open_page("gradients")
    page.get_by_text(re.compile("Gradient lab")).first.wait_for(timeout=90_000)
    vanishing = wait_for_ratio(page, lambda r: True)
    page.screenshot(path=str(ARTIFACTS / "gradients_vanishing.png"), full_page=True)
    assert vanishing is not None and vanishing < 1e-6, f"default preset should vanish, ratio {vanishing}"

    page.locator("[data-testid='stSelectbox']").filter(has_text="Preset").first.click()
    page.get_by_role("option", name=re.compile("Healthy: 20-layer ReLU")).first.click()  # choosing loads it
    healthy = wait_for_ratio(page, lambda r: r > 1e-2)
    page.screenshot(path=str(ARTIFACTS / "gradients_healthy.png"), full_page=True)
    assert healthy is not None and 0.1 < healthy < 10, f"ReLU + He should stay within 10x, ratio {healthy}"
    assert page.get_by_text(re.compile("healthy")).count() > 0
