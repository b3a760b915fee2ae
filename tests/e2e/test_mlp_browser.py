"""Browser: Home → Perceptron → MLP, press Train, and the loss figure keeps updating."""
import re
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def loss_trace_length(page) -> int:
    """Points in the loss figure's first trace, read from the rendered Plotly graph."""
    return page.evaluate("""() => {
        for (const g of document.querySelectorAll('.js-plotly-plot')) {
            const t = g.layout && g.layout.title && g.layout.title.text;
            if (t && /Loss/.test(t) && g.data.length) return g.calcdata && g.calcdata[0] ? g.calcdata[0].length : 0;
        }
        for (const f of document.querySelectorAll('iframe')) {
            try { for (const g of f.contentDocument.querySelectorAll('.js-plotly-plot')) {
                const t = g.layout && g.layout.title && g.layout.title.text;
                if (t && /Loss/.test(t) && g.data.length) return g.calcdata && g.calcdata[0] ? g.calcdata[0].length : 0;
            } } catch (e) {}
        }
        return -1; }""")


def test_home_perceptron_mlp_train_updates_the_loss_figure(open_page):
    ARTIFACTS.mkdir(exist_ok=True)
    open_page("home")
    open_page("perceptron")
    page = open_page("mlp")
    page.get_by_text(re.compile("MLP playground")).first.wait_for(timeout=90_000)
    page.get_by_text(re.compile(r"^Loss$")).first.wait_for(timeout=90_000)
    page.screenshot(path=str(ARTIFACTS / "mlp_before_train.png"), full_page=True)
    page.get_by_role("button", name=re.compile(r"^Train$")).first.click()
    lengths = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(set(lengths)) < 4:
        time.sleep(1.0)
        lengths.append(loss_trace_length(page))
    page.screenshot(path=str(ARTIFACTS / "mlp_training.png"), full_page=True)
    grew = sorted(set(n for n in lengths if n and n > 0))
    assert len(grew) >= 3, f"loss figure point counts seen: {lengths}"
