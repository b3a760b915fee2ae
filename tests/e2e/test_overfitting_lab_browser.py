"""Browser: the overfitting lab trains and its charts show what the lesson says: the baseline's
test loss pulls away from its training loss, the regularised copy's boundary differs from the
baseline's, and a preset loaded after a run draws only the new run."""
import re

import pytest

from tests.e2e.test_journeys_browser import choose_preset

pytestmark = pytest.mark.browser

# A live chart by key, scrolled into view (charts out of view skip updates): its updates, the run
# and step it shows, each named line's last finite y and the longest one's length (or a heatmap's cells).
_CHART = """(key) => {
    const g = [...document.querySelectorAll('.dl-live-chart')].find((c) => c.dataset.key === key);
    if (!g || !g.chart || !g.chart.canvas || !g.chart.canvas.figure) return null;
    g.scrollIntoView({block: 'center'});
    const data = g.chart.canvas.figure.data;
    const last = (ys) => { const f = Array.from(ys || []).filter(Number.isFinite); return f.length ? f[f.length - 1] : null; };
    return {updates: +g.dataset.updates, step: +g.dataset.step, run: g.dataset.run,
            lines: Object.fromEntries(data.filter((t) => t.name).map((t) => [t.name, last(t.y)])),
            longest: Math.max(0, ...data.filter((t) => t.name).map((t) => (t.x ? t.x.length : 0))),
            cells: data.map((t) => JSON.stringify(t.z || null))}; }"""


def chart(tab, key: str, after: int = 0) -> dict:
    """The chart once it has more than `after` updates."""
    tab.wait_for_function(f"([k, n]) => {{ const c = ({_CHART})(k); return c && c.updates > n; }}",
                          arg=[key, after], timeout=90_000)
    return tab.evaluate(_CHART, key)


def train_until(tab, key: str, step: int) -> dict:
    tab.wait_for_function(f"([k, s]) => {{ const c = ({_CHART})(k); return c && c.step >= s; }}",
                          arg=[key, step], timeout=120_000)
    return tab.evaluate(_CHART, key)


def test_the_baselines_test_loss_pulls_away_and_the_copies_boundaries_differ(open_page, artifacts):
    tab = open_page("overfitting_lab")
    start = chart(tab, "overfitting_lab.loss")
    assert start["step"] == 0
    boundaries = {name: chart(tab, f"overfitting_lab.boundary_{name}") for name in ("baseline", "regularised")}
    tab.get_by_role("button", name=re.compile("^Train$")).click()
    loss = train_until(tab, "overfitting_lab.loss", 2 * 200)            # 200 epochs of 2 batches
    tab.get_by_role("button", name=re.compile("^Pause$")).click()
    lines = loss["lines"]
    assert lines["baseline test"] > lines["baseline train"] + 0.3, lines  # memorised: the gap opened
    assert lines["regularised test"] < lines["baseline test"], lines      # dropout kept it down
    later = {name: chart(tab, f"overfitting_lab.boundary_{name}", boundaries[name]["updates"])
             for name in boundaries}
    assert all(later[n]["step"] > 0 for n in later)
    weights = chart(tab, "overfitting_lab.weights")
    assert set(weights["lines"]) == {n for n in weights["lines"] if "|w| <" in n} and len(weights["lines"]) == 2
    tab.screenshot(path=str(artifacts / "overfitting_lab.png"), full_page=True)
    assert tab.locator("[data-testid='stException']").count() == 0


def test_a_preset_after_a_run_draws_only_the_new_run(open_page):
    tab = open_page("overfitting_lab")
    chart(tab, "overfitting_lab.loss")
    tab.get_by_role("button", name=re.compile("^Train$")).click()
    first = train_until(tab, "overfitting_lab.loss", 100)
    tab.get_by_role("button", name=re.compile("^Pause$")).click()
    choose_preset(tab, "L1 drives most weights")
    tab.wait_for_url(re.compile(r"l1=0\.0005"), timeout=60_000)
    tab.wait_for_function(f"([k, r]) => {{ const c = ({_CHART})(k); return c && c.run !== r && c.step === 0; }}",
                          arg=["overfitting_lab.loss", first["run"]], timeout=60_000)
    fresh = tab.evaluate(_CHART, "overfitting_lab.loss")
    assert fresh["longest"] == 1, fresh          # the new run's first evaluation only: no old curve left
    tab.get_by_role("button", name=re.compile("^Train$")).click()
    again = train_until(tab, "overfitting_lab.loss", 20)
    assert again["run"] == fresh["run"] and again["run"] != first["run"]
    assert tab.locator("[data-testid='stException']").count() == 0
