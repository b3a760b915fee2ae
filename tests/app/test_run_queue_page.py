"""AppTest: over the server's run cap a second browser session's Train waits in line, shows its
place, offers "Cancel wait", and trains by itself once the first session pauses."""
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dl_engine.training.limits import DEFAULT_SLOTS
from dl_engine.training.run import Status

PAGE = str(Path(__file__).resolve().parents[2] / "playgrounds" / "mlp.py")


@pytest.fixture
def two_sessions(monkeypatch):
    """Two browser sessions on the MLP page of a server that trains one run at a time."""
    monkeypatch.setattr(DEFAULT_SLOTS, "capacity", 1)
    return AppTest.from_file(PAGE, default_timeout=90).run(), AppTest.from_file(PAGE, default_timeout=90).run()


def test_a_second_session_waits_with_its_place_and_starts_when_the_first_pauses(two_sessions):
    first, second = two_sessions
    first.button(key="mlp.train").click().run()
    assert first.session_state["mlp.run"].status == Status.RUNNING
    second.button(key="mlp.train").click().run()
    run = second.session_state["mlp.run"]
    assert run.status == Status.QUEUED and not run.alive
    assert [i.value for i in second.info if "Waiting for a free training slot" in i.value] == [
        "Waiting for a free training slot: 1st in line (1 run is training). It starts by itself."]
    assert second.button(key="mlp.train").label == "Cancel wait"
    assert not second.exception
    first.button(key="mlp.train").click().run()   # Pause: the slot goes to the second session
    assert run.status == Status.RUNNING and run.alive
    second.run()
    assert second.button(key="mlp.train").label == "Pause"
    assert not any("Waiting" in i.value for i in second.info)


def test_cancel_wait_leaves_the_line(two_sessions):
    first, second = two_sessions
    first.button(key="mlp.train").click().run()
    second.button(key="mlp.train").click().run()
    second.button(key="mlp.train").click().run()   # Cancel wait
    run = second.session_state["mlp.run"]
    assert run.status == Status.IDLE and DEFAULT_SLOTS.position(run) is None
    assert second.button(key="mlp.train").label == "Train"
    first.button(key="mlp.train").click().run()
    assert not run.alive, "a run that left the line does not start when a slot frees"
