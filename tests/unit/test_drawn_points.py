"""Painting the GAN's real points: the canvas' cells, points laid inside the cells a stroke covers,
strokes that add up reproducibly and stop at the upload limit, and the canvas figure."""
import numpy as np
import plotly.graph_objects as go
from hypothesis import given, settings
from hypothesis import strategies as st

from dl_engine.data import drawn_points as dp
from dl_engine.viz.gan_canvas import canvas_figure


def test_the_cells_tile_the_canvas():
    centres = dp.cell_centres()
    width = 2 * dp.REACH / dp.CELLS
    assert centres.shape == (dp.CELLS ** 2, 2)
    assert np.isclose(centres.min(), -dp.REACH + width / 2) and np.isclose(centres.max(), dp.REACH - width / 2)
    assert len(np.unique(centres, axis=0)) == len(centres)


@given(picked=st.lists(st.integers(0, dp.CELLS ** 2 - 1), min_size=1, max_size=50), seed=st.integers(0, 999))
@settings(max_examples=60, deadline=None)
def test_each_covered_cell_gets_its_points_inside_it(picked, seed):
    centres = dp.cell_centres()[picked]
    points = dp.paint(centres, np.random.default_rng(seed))
    width = 2 * dp.REACH / dp.CELLS
    assert points.shape == (dp.PER_CELL * len(picked), 2) and points.dtype == np.float32
    owner = np.repeat(centres, dp.PER_CELL, axis=0)
    assert np.all(np.abs(points - owner) <= width / 2 + 1e-6)


def test_strokes_add_up_reproducibly_and_stop_at_the_limit():
    centres = dp.cell_centres()[:10]
    one = dp.add_stroke(np.zeros((0, 2)), centres, 1)
    two = dp.add_stroke(one, centres, 2)
    assert len(one) == 10 * dp.PER_CELL and len(two) == 2 * len(one)
    np.testing.assert_array_equal(two[: len(one)], one)
    np.testing.assert_array_equal(dp.add_stroke(np.zeros((0, 2)), centres, 1), one)   # the same stroke again
    assert not np.array_equal(two[len(one):], one)                                    # another stroke's draws
    everything = dp.add_stroke(np.zeros((0, 2)), np.repeat(dp.cell_centres(), 2, axis=0), 3)
    assert len(everything) == dp.MAX_DRAWN
    assert not dp.enough(one[:9]) and dp.enough(one[:10])
    assert len(dp.add_stroke(one, np.zeros((0, 2)), 4)) == len(one)                   # an empty selection


def test_the_canvas_is_a_valid_square_figure_whose_first_trace_is_the_cells():
    drawn = dp.paint(dp.cell_centres()[:5], np.random.default_rng(0))
    fig = canvas_figure(dp.cell_centres(), drawn, dp.REACH)
    go.Figure(fig)
    assert len(fig["data"][0]["x"]) == dp.CELLS ** 2 and len(fig["data"][1]["x"]) == len(drawn)
    assert fig["layout"]["yaxis"]["scaleanchor"] == "x" and fig["layout"]["dragmode"] == "lasso"
    assert str(len(drawn)) in fig["layout"]["title"]["text"]
