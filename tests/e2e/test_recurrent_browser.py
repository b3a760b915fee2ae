"""Browser: the recurrent page trains an LSTM on "hello" and its gate heatmaps update live."""
import re
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def forget_gate_values(page) -> str | None:
    """The forget-gate heatmap's z values as JSON, read through the live chart (either renderer)."""
    return page.evaluate("""() => {
        for (const g of document.querySelectorAll('.dl-live-chart')) {
            if (/Gates and states/.test(g.dataset.title || '') && +g.dataset.updates > 0) return JSON.stringify(g.chart.traceZ(0));
        }
        return null; }""")


def test_training_an_lstm_updates_its_gate_heatmaps(open_page):
    ARTIFACTS.mkdir(exist_ok=True)
    page = open_page("recurrent?task=language_model&corpus=hello&cell=lstm")
    page.set_viewport_size({"width": 1400, "height": 4000})  # every chart on screen (charts draw when visible)
    page.get_by_text(re.compile("Recurrent networks")).first.wait_for(timeout=90_000)
    before = None
    deadline = time.monotonic() + 120  # the first load imports torch and plotly.js (slow on a busy machine)
    while before is None and time.monotonic() < deadline:
        before = forget_gate_values(page)
        time.sleep(0.5)
    if before is None:
        page.screenshot(path=str(ARTIFACTS / "recurrent_not_drawn.png"), full_page=True)
    assert before is not None, "the gate heatmaps were not drawn"
    page.get_by_role("button", name=re.compile(r"^Train$")).first.click()
    seen = {before}
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(seen) < 4:
        time.sleep(1.0)
        seen.add(forget_gate_values(page))
    page.screenshot(path=str(ARTIFACTS / "recurrent_training.png"), full_page=True)
    assert len(seen - {None}) >= 3, "the forget-gate heatmap did not keep changing while training"
