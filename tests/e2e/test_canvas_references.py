"""Reference images: each kind of live chart drawn by the real renderer JS in a blank page, at a
fixed size and device scale factor 1, compared with its stored PNG (image_compare says how, and
how to regenerate them); a drawing regression fails here and leaves a diff image."""
import numpy as np
import pytest
from PIL import Image

from tests.e2e import image_compare
from tests.e2e.canvas_fixed_figures import FIGURES
from tests.e2e.canvas_page import draw, open_canvas_page

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def canvas_page(browser_context):
    page = open_canvas_page(browser_context)
    yield page
    page.close()


@pytest.mark.parametrize("name", FIGURES)
def test_chart_matches_its_reference(canvas_page, name):
    build, width, height = FIGURES[name]
    image_compare.check(draw(canvas_page, build(), width, height), name)


def test_a_changed_drawing_fails_and_leaves_a_diff(canvas_page, tmp_path, monkeypatch):
    # the check must be able to fail: the network with its edges recoloured is not the reference
    if image_compare.updating():
        pytest.skip("references are being rewritten")
    build, width, height = FIGURES["network"]
    fig = build()
    for mark in fig.marks:
        if mark.lines and mark.markers is None:   # the edges
            mark.colour, mark.width = "#00ff00", mark.width + 3
    monkeypatch.setattr(image_compare, "ARTIFACTS", tmp_path)
    with pytest.raises(AssertionError, match="pixels differ"):
        image_compare.check(draw(canvas_page, fig, width, height), "network")
    diff = np.asarray(Image.open(tmp_path / "network.diff.png"))
    assert (diff == (255, 0, 0)).all(-1).any()
