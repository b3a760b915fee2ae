"""Browser: a chart whose live channel dropped (a server restart, a flaky network) reconnects and
goes on drawing; a channel that gave up would leave the chart frozen for the rest of the run,
since the panel's reruns send the chart the same channel and Streamlit does not call it again.
The page's socket runs through Playwright's WebSocket route, which the test cuts at will."""
import pytest

from tests.e2e import live_probe
from tests.e2e.conftest import wait_for_app

pytestmark = pytest.mark.browser
CHANNEL = "**/_dl_live/**"
UPDATES = "() => Math.min(...[...document.querySelectorAll('.dl-live-chart')].map((g) => +g.dataset.updates))"


def test_charts_follow_their_channel_again_after_it_drops(page, demo_url):
    sockets, cut = [], [False]

    def through(ws):   # the page's socket: passed on to the server, unless the line is cut
        sockets.append(ws)
        if cut[0]:
            ws.close()
        else:
            ws.connect_to_server()

    page.route_web_socket(CHANNEL, through)
    page.goto(demo_url)
    wait_for_app(page)
    live_probe.wait_drawn(page, 2)
    page.get_by_role("button", name="Train", exact=True).click()
    page.get_by_role("button", name="Pause", exact=True).wait_for()
    page.wait_for_function(f"() => ({UPDATES})() >= 3")
    cut[0] = True
    for ws in list(sockets):
        ws.close()
    page.wait_for_timeout(500)             # a figure already received may still be drawn
    cut_off = page.evaluate(UPDATES)
    page.wait_for_timeout(3000)            # every reconnection in this spell is refused
    refused, before = len(sockets), page.evaluate(UPDATES)
    cut[0] = False
    page.wait_for_function(f"() => ({UPDATES})() >= {before + 3}", timeout=20_000)
    page.get_by_role("button", name="Pause", exact=True).click()
    assert before == cut_off, "nothing reached the page while its channel was cut"
    assert refused >= 3, f"the page tried again while cut off ({refused} sockets)"
