"""Browser: a chart whose feed brought nothing new for a while (a busy server, a throttled tab)
goes on following it; a loop that stopped would leave the chart frozen for the rest of the run,
since the panel's reruns send the chart the same feed and Streamlit does not call it again."""
import time

import pytest

from tests.e2e import live_probe
from tests.e2e.conftest import wait_for_app

pytestmark = pytest.mark.browser
FEED_FILES = "**/component/*dl_live_feed*/**"
UPDATES = "() => Math.max(...[...document.querySelectorAll('.dl-live-chart')].map((g) => +g.dataset.updates))"


def test_charts_follow_a_feed_again_after_a_quiet_spell(page, demo_url):
    page.goto(demo_url)
    wait_for_app(page)
    live_probe.wait_drawn(page, 2)
    page.get_by_role("button", name="Train", exact=True).click()
    page.get_by_role("button", name="Pause", exact=True).wait_for()
    time.sleep(2)
    page.route(FEED_FILES, lambda route: route.abort())   # 7 s in which no build reaches the page
    time.sleep(7)
    page.unroute(FEED_FILES)
    before = page.evaluate(UPDATES)
    time.sleep(4)
    after = page.evaluate(UPDATES)
    page.get_by_role("button", name="Pause", exact=True).click()
    assert after > before, f"the charts stopped following the feed ({before} → {after} updates)"
