"""Browser: the transformer page trains and its layer × head grid of attention maps updates live."""
import re

import pytest

pytestmark = pytest.mark.browser

# The step in the title of the head grid's live chart (either renderer sets data-title), with the
# chart scrolled into view (live charts out of view skip updates); -1 until it has drawn.
_GRID_STEP = """() => {
    const g = [...document.querySelectorAll('.dl-live-chart')].find((c) => /layer × head/.test(c.dataset.title || ''));
    if (!g) return -1;
    g.scrollIntoView({block: 'center'});
    const m = /step (\\d+)/.exec(g.dataset.title);
    return m ? +m[1] : -1; }"""


def grid_step(tab) -> int:
    """The training step named in the head grid's title."""
    tab.wait_for_function(f"() => ({_GRID_STEP})() >= 0", timeout=90_000)
    return tab.evaluate(_GRID_STEP)


def test_transformer_trains_and_the_head_grid_updates(open_page, artifacts):
    tab = open_page("transformer?seq_len=3&n_layers=1&n_heads=2&d_model=16")
    assert grid_step(tab) == 0
    tab.get_by_role("button", name=re.compile("^Train$")).click()
    tab.wait_for_function(f"() => ({_GRID_STEP})() > 0", timeout=90_000)
    first = grid_step(tab)
    tab.wait_for_timeout(3000)
    later = grid_step(tab)
    assert later > first > 0, "the grid's step should keep rising while training"
    tab.get_by_role("button", name=re.compile("^Pause$")).click()
    tab.get_by_text("Scrub back through saved attention maps").wait_for(timeout=60_000)
    tab.screenshot(path=str(artifacts / "attention_transformer.png"), full_page=True)
    assert tab.locator("[data-testid='stException']").count() == 0
