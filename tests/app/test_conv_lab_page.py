"""AppTest: the convolution lab computes what the notes say, steps the window, pools, refuses bad shapes."""
import base64
import json
from pathlib import Path

import numpy as np
from streamlit.testing.v1 import AppTest

from dl_engine.ui.conv_widgets import play_tick

ROOT = Path(__file__).resolve().parents[2]
PAGE = str(ROOT / "playgrounds" / "conv_lab.py")


def load(**params) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def figure(at: AppTest, key_suffix: str) -> dict:
    """The plotly figure JSON of the chart whose element id ends with the widget key."""
    for el in at.get("plotly_chart"):
        if el.proto.id.endswith(key_suffix) or key_suffix in el.proto.id:
            return json.loads(el.proto.spec)
    raise AssertionError(f"no chart {key_suffix}; have {[el.proto.id for el in at.get('plotly_chart')]}")


def values(z) -> np.ndarray:
    """A trace array as plotly serialises it: a list, or a base64 typed array {dtype, bdata, shape}."""
    if isinstance(z, dict):
        a = np.frombuffer(base64.b64decode(z["bdata"]), dtype=np.dtype(z["dtype"]))
        return a.reshape([int(n) for n in z["shape"].split(",")]) if "shape" in z else a
    return np.array(z, dtype=float)


def test_default_is_the_notes_example_with_the_vertical_edge_filter():
    at = load()
    assert not at.exception
    maps = figure(at, "conv.maps")
    before = values(maps["data"][0]["z"])
    np.testing.assert_array_equal(before, np.full((3, 3), -60.0))
    assert any("= 3" in el.value for el in at.get("latex"))       # ⌊(5 − 3 + 0)/1⌋ + 1 = 3


def test_changing_the_bank_changes_the_feature_maps():
    at = load()
    at.multiselect(key="conv.presets").set_value(["horizontal edge", "identity"]).run()
    assert not at.exception
    data = figure(at, "conv.maps")["data"]
    np.testing.assert_array_equal(values(data[0]["z"]), np.full((3, 3), -300.0))
    assert len(data) == 4          # 2 filters × (before, after ReLU)


def test_step_through_moves_the_window_and_shows_its_sum():
    at = load()
    assert at.session_state["conv.pos"] == 0
    at.button(key="conv.next").click().run()
    at.button(key="conv.next").click().run()
    assert at.session_state["conv.pos"] == 2
    title = figure(at, "conv.step_fig")["layout"]["title"]["text"]
    assert "step 3" in title and "-60" in title
    at.button(key="conv.prev").click().run()
    assert at.session_state["conv.pos"] == 1
    assert any("= **-60**" in c.value for c in at.caption)


def test_play_ticks_through_every_position_and_a_panel_only_click_reruns_the_page():
    n = 9
    # Play clicked: only the panel (a fragment) reruns, its timer still off → rerun the whole page
    assert play_tick(0, n, playing=True, timer_on=False) == (0, True, True)
    # Pause clicked while the timer runs → rerun the page to turn it off, no move
    assert play_tick(4, n, playing=False, timer_on=True) == (4, False, True)
    assert play_tick(4, n, playing=False, timer_on=False) == (4, False, False)
    pos, playing, seen = 0, True, []
    for _ in range(20):                       # timer ticks
        pos, playing, rerun = play_tick(pos, n, playing, timer_on=True)
        seen.append(pos)
        if rerun:
            break
    assert seen == list(range(1, n)) and not playing   # every position once, then it stops at the last


def test_play_animates_to_the_last_position_and_pause_stops_it():
    at = load()                                  # the notes' 5×5 and a 3×3 filter: 9 positions
    assert at.session_state["conv.pos"] == 0 and at.button(key="conv.play").label == "⏵ Play"
    at.button(key="conv.play").click().run()
    assert at.session_state["conv.playing"] and at.session_state["conv.pos"] == 1
    assert at.button(key="conv.play").label == "⏸ Pause"
    seen = [at.session_state["conv.pos"]]
    for _ in range(12):                          # each run stands for one timer tick
        at.run()
        seen.append(at.session_state["conv.pos"])
        if not at.session_state["conv.playing"]:
            break
    assert seen == list(range(1, 9)) and not at.exception
    assert at.button(key="conv.play").label == "⏵ Play"          # stopped at the end by itself
    assert "step 9" in figure(at, "conv.step_fig")["layout"]["title"]["text"]
    at.button(key="conv.play").click().run()                     # Play at the end starts again
    assert at.session_state["conv.pos"] == 1
    at.run()
    at.button(key="conv.play").click().run()                     # Pause
    assert not at.session_state["conv.playing"] and at.session_state["conv.pos"] == 2
    at.run()
    assert at.session_state["conv.pos"] == 2
    at.button(key="conv.play").click().run()
    at.button(key="conv.next").click().run()                     # a step by hand pauses
    assert not at.session_state["conv.playing"] and at.session_state["conv.pos"] == 4


def test_pooling_reproduces_the_notes_example_and_flattens():
    at = load()
    pool = figure(at, "conv.pool_fig")
    np.testing.assert_array_equal(values(pool["data"][1]["z"]), [[6, 8], [9, 5]])
    flat = figure(at, "conv.flatten")
    np.testing.assert_array_equal(values(flat["data"][0]["z"])[0], [6, 8, 9, 5])
    at.radio(key="conv.pool").set_value("avg").run()
    pool = figure(at, "conv.pool_fig")
    np.testing.assert_array_equal(values(pool["data"][1]["z"]), [[3.75, 5.25], [3, 2.75]])


def test_a_window_that_does_not_fit_is_a_clear_error_and_the_page_recovers():
    at = load(dilation="3")
    assert not at.exception
    assert any("Add padding" in e.value for e in at.error)
    at.radio(key="conv.padding_mode").set_value("same").run()
    assert not at.error and not at.exception


def test_other_inputs_load_from_the_url():
    for source in ("digit", "photo: flower (RGB)", "pattern: checkerboard"):
        at = load(source=source, size="24", stride="2")
        assert not at.exception and not at.error, source
        assert at.session_state["conv.source"] == source


def load_present(**params) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=90)
    at.session_state["common.present"] = True
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def test_present_mode_folds_the_lesson_text_and_scales_the_charts():
    desk, present = load(), load_present()
    assert not present.exception and not desk.exception
    folded = [e for e in present.expander if e.label == "Lesson text and equations"]
    assert folded, [e.label for e in present.expander]
    inside = " ".join(m.value for e in folded for m in e.markdown) + " ".join(x.value for e in folded for x in e.latex)
    assert "feature map" in inside and r"\text{Output}(i,j)" in inside       # the intro and its formula
    assert not any("slides over the image" in m.value for m in present.main.markdown
                   if m not in [x for e in folded for x in e.markdown])
    assert not [e for e in desk.expander if e.label == "Lesson text and equations"]   # at a desk: in place
    assert any("slides over the image" in m.value for m in desk.markdown)
    for key in ("conv.maps", "conv.step_fig"):
        size, big = (figure(at, key)["layout"]["font"]["size"] for at in (desk, present))
        assert big == 1.5 * size, key
    assert figure(present, "conv.step_fig")["layout"]["height"] <= 600     # the step fits a 720-px screen
