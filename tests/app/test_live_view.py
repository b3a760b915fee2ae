"""AppTest: live figures reach the page as live-chart components carrying compact payloads, follow
the run, and the sidebar offers 2, 5, 10 or 20 live updates per second (10 by default)."""
import json
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from dl_engine.viz.payload import decode_array

ROOT = Path(__file__).resolve().parents[2]
DEMO = str(ROOT / "tests" / "e2e" / "live_demo_app.py")


def _charts(at: AppTest) -> dict[str, dict]:
    """key → the data each live chart was sent (see live_chart.chart_message)."""
    return {d["key"]: d for d in (json.loads(el.proto.json) for el in at.get("bidi_component"))}


def test_live_figures_are_in_place_charts_with_compact_payloads():
    at = AppTest.from_file(DEMO, default_timeout=90).run()
    assert not at.exception, at.exception
    charts = _charts(at)
    assert set(charts) == {"live_demo.loss", "live_demo.boundary"}
    boundary = charts["live_demo.boundary"]
    assert boundary["renderer"] == "heatmap" and charts["live_demo.loss"]["renderer"] == "canvas"
    assert boundary["height"] == 320
    z = boundary["figure"]["data"][0]["z"]
    assert z["dtype"] == "u1" and z["shape"] == "60, 60"  # quantised: one byte a cell
    assert "template" not in boundary["figure"]["layout"]
    assert not at.get("plotly_chart")


def test_live_charts_follow_the_run():
    at = AppTest.from_file(DEMO, default_timeout=90).run()
    at.button(key="live_demo.train").click().run()
    time.sleep(1.0)
    at.run()
    run = at.session_state["live_demo.run"]
    run.pause()
    at.run()
    assert not at.exception, at.exception
    charts = _charts(at)
    title = charts["live_demo.boundary"]["figure"]["layout"]["title"]["text"]
    assert title.endswith(f"step {run.steps}")
    steps = decode_array(charts["live_demo.loss"]["figure"]["data"][0]["x"])
    assert len(steps) > 1 and steps[-1] == run.steps


def test_the_run_takes_a_snapshot_per_refresh():
    at = AppTest.from_file(DEMO, default_timeout=90)
    at.query_params["refresh"] = "0.5"
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["live_demo.run"].snapshot_hz == 2.0, "no snapshot taken that no one would see"


def test_sidebar_offers_2_to_20_updates_per_second_fastest_last():
    at = AppTest.from_file(str(ROOT / "playgrounds" / "home.py"), default_timeout=90).run()
    refresh = at.select_slider(key="common.refresh")
    assert refresh.value == 0.1
    assert refresh.options == ["2 per second", "5 per second", "10 per second", "20 per second"]
    refresh.set_value(0.5).run()
    assert at.select_slider(key="common.refresh").value == 0.5
