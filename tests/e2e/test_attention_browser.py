"""Browser: the transformer page trains and its layer × head grid of attention maps updates live."""
import re

import pytest

pytestmark = pytest.mark.browser

GRID = re.compile(r"Attention maps, layer × head — step (\d+)")


def grid_step(tab) -> int:
    """The training step named in the head grid's title (Plotly draws titles as SVG text)."""
    title = tab.get_by_text(GRID).first
    title.wait_for(timeout=90_000)
    title.scroll_into_view_if_needed()  # live charts out of view skip updates
    return int(GRID.search(title.text_content()).group(1))


def test_transformer_trains_and_the_head_grid_updates(open_page, artifacts):
    tab = open_page("transformer?seq_len=3&n_layers=1&n_heads=2&d_model=16")
    assert grid_step(tab) == 0
    tab.get_by_role("button", name=re.compile("^Train$")).click()
    tab.wait_for_function(
        """() => [...document.querySelectorAll('text')].some(t => {
            if (!/layer × head — step/.test(t.textContent)) return false;
            t.scrollIntoView({block: 'center'});  // live charts out of view skip updates
            return /step [1-9]/.test(t.textContent); })""",
        timeout=90_000)
    first = grid_step(tab)
    tab.wait_for_timeout(3000)
    later = grid_step(tab)
    assert later > first > 0, "the grid's step should keep rising while training"
    tab.get_by_role("button", name=re.compile("^Pause$")).click()
    tab.get_by_text("Scrub back through saved attention maps").wait_for(timeout=60_000)
    tab.screenshot(path=str(artifacts / "attention_transformer.png"), full_page=True)
    assert tab.locator("[data-testid='stException']").count() == 0
