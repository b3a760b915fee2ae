"""CNN and convolution-lab figures: titled, labelled, readable fonts, and showing the data they are given."""
import numpy as np
import plotly.graph_objects as go
import pytest

from dl_engine.data import images
from dl_engine.models import conv_arith as ca
from dl_engine.models import kernels
from dl_engine.viz import cnn as vn
from dl_engine.viz import conv as vc


def _readable(fig: go.Figure) -> None:
    layout = fig.layout
    assert layout.title.text and layout.font.size >= 14 and layout.height >= 250
    labelled = [ax for name, ax in layout.to_plotly_json().items() if name.startswith(("xaxis", "yaxis"))]
    assert labelled


def test_mosaic_places_tiles_row_major_with_gaps():
    tiles = np.arange(3 * 2 * 2, dtype=float).reshape(3, 2, 2)
    m = vn.mosaic(tiles, ncols=2)
    assert m.shape == (5, 5)
    np.testing.assert_array_equal(m[:2, :2], tiles[0])
    np.testing.assert_array_equal(m[:2, 3:], tiles[1])
    np.testing.assert_array_equal(m[3:, :2], tiles[2])
    assert np.isnan(m[2]).all() and np.isnan(m[3:, 3:]).all()


def test_kernel_grid_shows_every_layer_and_outlines_frozen_filters():
    rng = np.random.default_rng(0)
    ks = {"conv1": rng.normal(size=(8, 1, 3, 3)), "conv2": rng.normal(size=(16, 8, 3, 3))}
    fig = vn.kernel_grid_figure(ks, {"conv1": [5]})
    _readable(fig)
    assert len(fig.data) == 2 and "green: frozen" in fig.layout.title.text
    z1 = np.array(fig.data[0].z, dtype=float)
    np.testing.assert_array_equal(z1[:3, 4 * 5:4 * 5 + 3], ks["conv1"][5, 0])     # filter 5 in row 0
    z2 = np.array(fig.data[1].z, dtype=float)
    assert z2.shape == (4 * 4 - 1, 16 * 4 - 1)      # 4 input channels × 16 filters
    np.testing.assert_array_equal(z2[4:7, 8:11], ks["conv2"][2, 1])              # filter 2, channel 1
    assert len(fig.layout.shapes) == 1


def test_training_figures_are_titled_and_show_the_data():
    history = {"epoch": np.linspace(0, 2, 5), "train_loss": np.linspace(2, 0.5, 5), "test_loss": np.linspace(2, 0.7, 5),
               "train_acc": np.linspace(0.1, 0.9, 5), "test_acc": np.linspace(0.1, 0.8, 5),
               "grad_norm/conv1": np.array([np.nan, 1, 0.5, 0.4, 0.3])}
    curves = vn.curves_figure(history)
    _readable(curves)
    assert len(curves.data) == 4
    grads = vn.grad_norm_figure(history)
    assert grads.data[0].name == "conv1" and len(grads.data[0].y) == 4 and grads.layout.yaxis.type == "log"
    cm = np.array([[5, 1], [0, 4]])
    conf = vn.confusion_figure(cm, ("a", "b"))
    assert "90.0%" in conf.layout.title.text
    probs = vn.probs_figure(np.array([0.2, 0.8]), ("a", "b"), true=0)
    assert "predicted b (80%)" in probs.layout.title.text and "true a" in probs.layout.title.text
    for fig in (conf, probs, vn.saliency_figure(np.zeros((1, 8, 8)), np.ones((8, 8))),
                vn.feature_map_figure({"act1": np.ones((8, 8, 8)), "act2": np.ones((16, 4, 4))})):
        _readable(fig)


def test_step_figure_outlines_the_window_and_reports_the_sum():
    x = images.NOTES_IMAGE
    step = ca.window_step(x, kernels.preset("vertical edge (notes)"), 4, padding=1)
    out = np.full((5, 5), np.nan)
    fig = vc.step_figure(ca.pad(x, 1), step, out, padding=1, full=np.full((5, 5), -60.0))
    assert f"Σ products = {vc.fmt(step.total)}" in fig.layout.title.text
    window = fig.layout.shapes[0]
    assert (window.x0, window.x1, window.y0, window.y1) == (step.cols[0] - 0.5, step.cols[-1] + 0.5,
                                                            step.rows[0] - 0.5, step.rows[-1] + 0.5)
    np.testing.assert_array_equal(np.array(fig.data[1].z, dtype=float), step.products[0])
    text = vc.step_sum_text(step, kernels.preset("vertical edge (notes)"))
    assert text.startswith("(0)(1) + ") and text.endswith(f"= **{vc.fmt(step.total)}**") and text.count("+") == 8


@pytest.mark.parametrize("fig", [
    vc.matrix_figure(images.NOTES_POOL_IN, "pool input"),
    vc.image_figure(images.photo("flower.jpg", 32, grey=False), "photo"),
    vc.feature_maps_figure(np.ones((2, 3, 3)), ["a", "b"]),
    vc.pool_figure(images.NOTES_POOL_IN, images.NOTES_POOL_MAX, "max", 2, 2),
    vc.flatten_figure(np.arange(16.0), (1, 4, 4)),
])
def test_lab_figures_are_readable(fig):
    _readable(fig)
