"""AppTest: an upload belongs to the browser session that made it. A link naming another
session's upload says its data is not available in this browser (the CNN page falls back to
digits); the session's own upload, named in its URL, trains."""
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from dl_engine.data import image_uploads, images, point_store
from dl_engine.data.csv_points import LabelledPoints
from dl_engine.ui.owner import TOKEN_KEY

ROOT = Path(__file__).resolve().parents[2]
POINTS = LabelledPoints(np.array([[0, 0], [1, 1], [0, 1], [1, 0]] * 5, np.float32), np.array([0, 1, 0, 1] * 5),
                        ["a", "b"])


def load(page: str, token: str, **params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "playgrounds" / page), default_timeout=90)
    at.session_state[TOKEN_KEY] = token          # this browser session's owner token
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


@pytest.mark.parametrize("page, field, fallback, setting", [("mlp", "dataset", "circle", ("lr", 0.3)),
                                                         ("gan", "data", "ring", ("lr_g", 0.002))])
def test_a_link_to_another_browsers_csv_says_it_is_not_here_and_falls_back(page, field, fallback, setting):
    key = point_store.remember(POINTS, owner="someone-else")
    at = load(f"{page}.py", "me", **{field: "csv", "upload": key, setting[0]: str(setting[1])})
    assert not at.exception and not at.error
    assert any("not available in this browser" in w.value and fallback in w.value for w in at.warning)
    config = at.session_state[f"{page}.run"].config
    assert getattr(config, field) == fallback and config.upload == "", "the built-in set instead"
    assert getattr(config, setting[0]) == setting[1], "the link's other settings stay"
    mine = point_store.remember(POINTS, owner="me")
    at = load(f"{page}.py", "me", **{field: "csv", "upload": mine})
    assert not at.exception and not at.error
    assert at.session_state[f"{page}.run"].config.upload == mine


def test_a_link_to_another_browsers_zip_falls_back_to_digits():
    data = images.shapes(n_per_class=4, size=8, seed=7)
    key = image_uploads.register(data, owner="someone-else")
    at = load("cnn.py", "me", dataset=key)
    assert not at.exception
    assert any("not available in this browser" in w.value for w in at.warning)
    assert at.session_state["cnn.run"].config.dataset == "digits"
    mine = image_uploads.register(data, owner="me")
    at = load("cnn.py", "me", dataset=mine)
    assert not at.exception and not at.warning
    assert at.session_state["cnn.run"].config.dataset == mine


def owner_script() -> None:
    from dl_engine.ui.owner import session_owner
    session_owner()


def test_the_owner_token_is_random_and_kept_for_the_session():
    at = AppTest.from_function(owner_script).run()
    first = at.session_state[TOKEN_KEY]
    assert len(first) >= 24 and at.run().session_state[TOKEN_KEY] == first
    assert AppTest.from_function(owner_script).run().session_state[TOKEN_KEY] != first
