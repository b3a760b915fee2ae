"""The router and home page: every playground is reachable and loads without an exception."""
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dl_engine.ui.catalog import PLAYGROUNDS

ROOT = Path(__file__).resolve().parents[2]


def test_home_lists_every_playground_and_the_device():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown) + " ".join(c.value for c in at.caption)
    for playground in PLAYGROUNDS:
        assert playground.teaches in text
    assert any("Training runs on" in i.value and "cpu" in i.value for i in at.info)
    assert "first five minutes" in " ".join(h.value for h in at.header)


@pytest.mark.parametrize("playground", PLAYGROUNDS, ids=lambda p: p.url_path)
def test_every_playground_opens_through_the_router(playground):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.switch_page(playground.file).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title and at.title[0].value
