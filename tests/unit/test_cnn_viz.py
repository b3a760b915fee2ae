"""CNN figures (live-figure specs) and convolution-lab figures (go.Figure): titled, labelled,
readable fonts, and showing the data they are given."""
import numpy as np
import plotly.graph_objects as go
import pytest

from dl_engine.data import images
from dl_engine.models import conv_arith as ca
from dl_engine.models import kernels
from dl_engine.viz import cnn as vn
from dl_engine.viz import conv as vc
from dl_engine.viz.spec import HeatmapGrid
from dl_engine.viz.train_curves import grad_norm_figure
from tests.unit.figure_checks import axis_titles, readable


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


def _z(panel) -> np.ndarray:
    return np.asarray(panel.z, dtype=float)


def test_kernel_grid_shows_every_layer_and_outlines_frozen_filters():
    rng = np.random.default_rng(0)
    ks = {"conv1": rng.normal(size=(8, 1, 3, 3)), "conv2": rng.normal(size=(16, 8, 3, 3))}
    fig = vn.kernel_grid_figure(ks, {"conv1": [5]})
    layout = readable(fig, "green: frozen")
    assert isinstance(fig, HeatmapGrid) and len(fig.panels) == 2
    assert [n.text for n in fig.notes] == ["conv1: 8 filters × 1 input channel(s), 3×3",
                                           "conv2: 16 filters × 8 input channel(s), 3×3"]
    z1, z2 = _z(fig.panels[0]), _z(fig.panels[1])
    np.testing.assert_array_equal(z1[:3, 4 * 5:4 * 5 + 3], ks["conv1"][5, 0])     # filter 5 in row 0
    assert z2.shape == (4 * 4 - 1, 16 * 4 - 1)      # 4 input channels × 16 filters
    np.testing.assert_array_equal(z2[4:7, 8:11], ks["conv2"][2, 1])              # filter 2, channel 1
    assert fig.panels[1].lo == -fig.panels[1].hi == -np.nanmax(np.abs(z2))       # white at 0
    assert [p.bar.title for p in fig.panels] == ["weight", "weight"]
    data = fig.wire()["data"]
    assert (data[1]["xaxis"], data[1]["yaxis"]) == ("x2", "y2")
    assert layout["yaxis2"]["autorange"] == "reversed" and layout["yaxis2"]["scaleanchor"] == "x2"
    assert layout["xaxis2"]["showticklabels"] is layout["yaxis2"]["showticklabels"] is False   # tiles, not axes
    (box,) = fig.rects
    assert (box.panel, box.x0, box.x1, box.y0, box.y1, box.colour) == (0, 19.5, 22.5, -0.5, 2.5, vn.FROZEN)
    deeper = vn.kernel_grid_figure(ks, {"conv2": [3]}).rects[0]   # a whole column of tiles
    assert (deeper.panel, deeper.x0, deeper.y0, deeper.y1) == (1, 11.5, -0.5, z2.shape[0] - 0.5)
    assert "frozen" not in vn.kernel_grid_figure(ks).title


def test_feature_maps_stack_one_mosaic_per_block():
    maps = {"act1": np.arange(8 * 6 * 6.0).reshape(8, 6, 6), "act2": np.ones((20, 3, 3))}
    fig = vn.feature_map_figure(maps)
    layout = readable(fig, "Feature maps")
    assert [_z(p).shape for p in fig.panels] == [(6, 8 * 7 - 1), (2 * 4 - 1, 8 * 4 - 1)]   # 16 of 20 shown
    np.testing.assert_array_equal(_z(fig.panels[0])[:, 7:13], maps["act1"][1])
    assert [n.text for n in fig.notes] == ["act1: 8 maps of 6×6", "act2: 20 maps of 3×3"]
    assert layout["yaxis"]["domain"][0] > layout["yaxis2"]["domain"][1]     # block 1 above block 2


def test_gradient_norm_figure_is_log_scaled_and_skips_gaps():
    history = {"epoch": np.linspace(0, 2, 5), "train_loss": np.linspace(2, 0.5, 5), "test_loss": np.linspace(2, 0.7, 5),
               "train_acc": np.linspace(0.1, 0.9, 5), "test_acc": np.linspace(0.1, 0.8, 5),
               "grad_norm/conv1": np.array([np.nan, 1, 0.5, 0.4, 0.3])}
    grads = grad_norm_figure(history).wire()
    layout = readable(grads, "Gradient norm")
    assert grads["data"][0]["name"] == "conv1" and len(grads["data"][0]["y"]) == 4
    assert layout["yaxis"]["type"] == "log" and axis_titles(layout) == ("epoch", "gradient norm ‖∂L/∂θ‖")
    assert "annotations" not in layout
    before_training = grad_norm_figure({"epoch": np.zeros(1), "grad_norm/conv1": np.full(1, np.nan)}).wire()
    assert [a["text"] for a in before_training["layout"]["annotations"]] == ["No gradient yet: press Step or Train"]


def test_confusion_matrix_reads_true_rows_against_predicted_columns():
    cm = np.array([[5, 1], [0, 4]])
    fig = vn.confusion_figure(cm, ("a", "b"))
    layout = readable(fig, "90.0%")
    (panel,) = fig.panels
    assert panel.x == panel.y == ["a", "b"] and panel.cell_text == "%{z}"
    np.testing.assert_array_equal(panel.z, cm)
    assert (panel.lo, panel.hi, panel.bar.title) == (0, 5, "images")   # counts from 0 to the largest
    assert axis_titles(layout) == ("predicted class", "true class") and layout["yaxis"]["autorange"] == "reversed"
    many = vn.confusion_figure(np.eye(13, dtype=int), range(13)).panels[0]
    assert many.x == [str(k) for k in range(13)]     # names: laid out as categories, not numbers
    assert many.cell_text is None                    # too small to read


def test_probabilities_and_saliency_show_the_chosen_image():
    probs = vn.probs_figure(np.array([0.2, 0.8]), ("a", "b"), true=0)
    layout = readable(probs, "predicted b (80%)")
    (bars,) = probs.wire()["data"]
    assert "true a" in layout["title"]["text"] and bars["type"] == "bar"
    assert bars["text"] == ["20%", "80%"] and axis_titles(layout) == ("class", "probability")
    assert bars["marker"]["color"][1] == vn.BEST != bars["marker"]["color"][0]   # the predicted class stands out
    image, saliency = np.random.default_rng(1).random((3, 8, 8)), np.arange(64.0).reshape(8, 8)
    fig = vn.saliency_figure(image, saliency)
    layout = readable(fig, "Saliency")
    np.testing.assert_allclose(_z(fig.panels[0]), image.mean(0))
    np.testing.assert_array_equal(_z(fig.panels[1]), saliency)
    assert (fig.panels[1].lo, fig.panels[1].hi) == (0, 63)
    assert axis_titles(layout) == ("column", "row") and layout["yaxis2"]["scaleanchor"] == "x2"
    assert [n.text for n in fig.notes] == ["image", "saliency |∂score/∂pixel|"]


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
