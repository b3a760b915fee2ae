"""Browser: the GAN page trains; on its plane (a canvas) the generated points move and D(x), the
picture under them, changes; the losses chart grows; stepping only D leaves the points where they are."""
import re

import pytest

pytestmark = pytest.mark.browser

# The plane by key, scrolled into view (charts out of view skip updates): its updates, the step in
# its title, the generated points' x₂ (mark 3), and the codes of D(x)'s picture; null until drawn.
_PLANE = """(key) => {
    const g = [...document.querySelectorAll('.dl-live-chart')].find((c) => c.dataset.key === key);
    if (!g || !g.chart.marks()) return null;
    g.scrollIntoView({block: 'center'});
    const m = /step (\\d+)/.exec(g.dataset.title || '');
    const picture = g.chart.canvas.pictures[0];
    return {updates: +g.dataset.updates, step: m ? +m[1] : -1, renderer: g.dataset.renderer,
            title: g.dataset.title, fake: JSON.stringify(g.chart.traceY(3)), heat: picture ? picture.codes : null}; }"""


def plane(tab) -> dict:
    return tab.evaluate(_PLANE, "gan.plane")


def wait_for_step_past(tab, step: int, title: str = "") -> dict:
    """The plane once it shows a step past `step` with `title` in its title."""
    tab.wait_for_function(f"([n, t]) => {{ const c = ({_PLANE})('gan.plane'); "
                          "return c && c.step > n && c.title.includes(t); }", arg=[step, title], timeout=60_000)
    return plane(tab)


def test_training_moves_the_generated_points_and_changes_d(open_page, artifacts):
    tab = open_page("gan")
    tab.wait_for_function(f"() => ({_PLANE})('gan.plane') !== null", timeout=90_000)
    start = plane(tab)
    assert start["renderer"] == "canvas" and start["step"] == 0 and start["heat"]
    tab.get_by_role("button", name=re.compile("^Train$")).click()
    later = wait_for_step_past(tab, 200)
    assert later["fake"] != start["fake"], "the generated points moved"
    assert later["heat"] != start["heat"], "D(x) changed"
    tab.get_by_role("button", name=re.compile("^Pause$")).click()

    tab.get_by_text("only D (G frozen)").click()           # the run goes on with G frozen
    step100 = tab.get_by_role("button", name=re.compile(r"^\+100$"))
    step100.click()
    first = wait_for_step_past(tab, later["step"], "only D steps")
    step100.click()
    second = wait_for_step_past(tab, first["step"] + 99, "only D steps")
    assert second["fake"] == first["fake"], "G did not move"
    assert second["heat"] != first["heat"], "D kept learning"
    tab.screenshot(path=str(artifacts / "gan.png"), full_page=True)
    assert tab.locator("[data-testid='stException']").count() == 0


# The digits' samples chart by key, scrolled into view: its updates, the step in its title, and the
# cells it draws of G(z)'s mosaic (panel 0) and of the real digits' (panel 1); null until drawn.
_SAMPLES = """(key) => {
    const g = [...document.querySelectorAll('.dl-live-chart')].find((c) => c.dataset.key === key);
    if (!g || !g.chart.marks()) return null;
    g.scrollIntoView({block: 'center'});
    const m = /step (\\d+)/.exec(g.dataset.title || '');
    return {updates: +g.dataset.updates, step: m ? +m[1] : -1, renderer: g.dataset.renderer,
            fake: JSON.stringify(g.chart.traceZ(0)), real: JSON.stringify(g.chart.traceZ(1))}; }"""


def samples_past(tab, step: int) -> dict:
    """The samples chart once it shows a step past `step`."""
    tab.wait_for_function(f"(n) => {{ const c = ({_SAMPLES})('gan.samples'); return c && c.step > n; }}",
                          arg=step, timeout=90_000)
    return tab.evaluate(_SAMPLES, "gan.samples")


def test_training_on_digits_redraws_g_s_samples_beside_the_same_real_digits(open_page, artifacts):
    tab = open_page("gan?preset=digits")
    tab.wait_for_function(f"() => ({_SAMPLES})('gan.samples') !== null", timeout=90_000)
    start = tab.evaluate(_SAMPLES, "gan.samples")
    assert start["renderer"] == "heatmap" and start["step"] == 0
    tab.get_by_role("button", name=re.compile("^Train$")).click()
    first = samples_past(tab, 0)                    # two moments while it trains
    later = samples_past(tab, first["step"] + 50)
    assert later["updates"] > first["updates"]
    assert first["fake"] != start["fake"] and later["fake"] != first["fake"], "G's samples change as it trains"
    assert later["real"] == first["real"] == start["real"], "the real digits stay the same 25"
    tab.get_by_role("button", name=re.compile("^Pause$")).click()
    tab.screenshot(path=str(artifacts / "gan_digits.png"), full_page=True)
    assert tab.locator("[data-testid='stException']").count() == 0
