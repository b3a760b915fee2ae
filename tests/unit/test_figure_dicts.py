"""Live figures as plain dicts: the shared helpers match plotly's own layout, and the MLP page's
figures show what they promise (titles, axis labels, data) in a form plotly.js 3 reads."""
import numpy as np
import plotly.graph_objects as go
import pytest
from plotly.subplots import make_subplots

from dl_engine.models.mlp_config import MLPConfig
from dl_engine.training.mlp_experiment import MLPExperiment
from dl_engine.training.run import TrainingRun
from dl_engine.viz.figure_dicts import axis, colorscale, grid, hline
from dl_engine.viz.mlp_boundary import boundary_figure
from dl_engine.viz.train_curves import accuracy_figure, grad_norm_figure, loss_figure
from dl_engine.viz.mlp_network import network_figure
from dl_engine.viz.mlp_style import CLASS_COLOURS
from dl_engine.viz.spec.picture import PIXELS_KEY
from tests.unit.test_raster import picture


def _titles_are_dicts(node) -> None:
    """plotly.js 3 ignores a bare-string title: every title must be {"text": ...}."""
    if isinstance(node, dict):
        for key, value in node.items():
            assert key != "title" or isinstance(value, dict), f"bare title {value!r}"
            _titles_are_dicts(value)
    elif isinstance(node, list):
        for value in node:
            _titles_are_dicts(value)


def _labelled(fig: dict, x: str, y: str) -> None:
    layout = fig["layout"]
    assert layout["title"]["text"] and layout.get("font", {}).get("size", 14) >= 14
    assert layout["xaxis"]["title"]["text"] == x and layout["yaxis"]["title"]["text"] == y
    _titles_are_dicts(fig)
    # plotly's validator accepts every key but the pictures' codes, which only the canvas reads
    pictures = [{k: v for k, v in image.items() if k != PIXELS_KEY} for image in layout.get("images", [])]
    go.Figure({"data": fig["data"], "layout": layout | ({"images": pictures} if pictures else {})})


@pytest.fixture(scope="module")
def snap():
    run = TrainingRun(MLPExperiment, MLPConfig(hidden=(4, 3)), seed=0)
    run.step(30)
    return run.snapshot


def test_grid_lays_out_cells_like_make_subplots():
    ref = make_subplots(rows=2, cols=3, horizontal_spacing=0.03, vertical_spacing=0.06,
                        column_titles=["a", "b", "c"], row_titles=["r1", "r2"]).layout
    axes, notes, ids = grid(2, 3, 0.03, 0.06, column_titles=["a", "b", "c"], row_titles=["r1", "r2"])
    assert ids[0] == ("x", "y") and ids[4] == ("x5", "y5")
    for name, spec in axes.items():
        assert spec["domain"] == pytest.approx(list(ref[name].domain)) and spec["anchor"] == ref[name].anchor
    for mine, theirs in zip(notes, ref.annotations):
        assert mine["text"] == theirs.text and (mine["x"], mine["y"]) == pytest.approx((theirs.x, theirs.y))
    _, titled, _ = grid(2, 2, 0.1, 0.1, titles=["p", "q", "r"])
    assert [a["text"] for a in titled] == ["p", "q", "r"] and titled[2]["y"] == pytest.approx(0.45)


def test_helpers_write_plotly_js_3_dicts():
    assert axis("epoch", range=None, type="log") == {"title": {"text": "epoch"}, "type": "log"}
    assert colorscale("RdBu_r")[0][1] != colorscale("RdBu")[0][1]  # reversed, explicit stops
    assert go.Figure(layout={"shapes": [hline(1e-3)]}).layout.shapes[0].y0 == 1e-3


def test_curves_show_the_history(snap):
    h = snap.history
    loss = loss_figure(h).wire()
    _labelled(loss, "epoch", "loss")
    assert [t["name"] for t in loss["data"]] == ["train", "test"]
    np.testing.assert_array_equal(loss["data"][1]["y"], h["test_loss"])
    acc = accuracy_figure(h).wire()
    _labelled(acc, "epoch", "accuracy")
    assert acc["layout"]["yaxis"]["range"] == [0, 1.02]
    grads = grad_norm_figure(h, snap.visuals["layer_names"]).wire()
    _labelled(grads, "epoch", "gradient norm ‖∂L/∂θ‖")
    assert grads["layout"]["yaxis"]["type"] == "log" and len(grads["data"]) == len(snap.visuals["layer_names"])
    assert all(np.all(t["y"] > 0) for t in grads["data"])  # a log axis cannot show 0


def test_boundary_shows_probabilities_and_every_point_in_its_class_colour(snap):
    v = snap.visuals
    spec = boundary_figure(v["boundary"], v["extent"], v, v["class_names"])
    fig = spec.wire()
    _labelled(fig, "x1", "x2")
    colorbar, points = fig["data"][0], fig["data"][1:]
    assert colorbar["marker"]["colorbar"]["title"]["text"] == f"P({v['class_names'][-1]})"
    image = fig["layout"]["images"][0]
    rgba = picture(spec.images[0])
    assert rgba.shape == v["boundary"].shape[1:] + (4,) and image["layer"] == "below"
    assert image["x"] < -v["extent"] and image["x"] + image["sizex"] > v["extent"]  # covers the plane
    # blue where P(class 1) is high, orange where it is low; the top image row is the highest x2
    p = v["boundary"][0]
    high, low = np.unravel_index(p.argmax(), p.shape), np.unravel_index(p.argmin(), p.shape)
    top_row = lambda r: rgba.shape[0] - 1 - r
    assert rgba[top_row(high[0]), high[1], 2] > rgba[top_row(high[0]), high[1], 0]
    assert rgba[top_row(low[0]), low[1], 0] > rgba[top_row(low[0]), low[1], 2]
    assert sum(len(t["x"]) for t in points) == len(v["X_train"]) + len(v["X_test"])
    for t in points:
        part = t["name"].split()[0]
        X, y = v[f"X_{part}"], v[f"y_{part}"]
        c = CLASS_COLOURS.index(t["marker"]["color"])
        np.testing.assert_array_equal(t["x"], X[y == c, 0])
    assert [t["name"] for t in points if t.get("showlegend", True)] == ["train points", "test points"]


def test_network_draws_every_neuron_and_labels_the_columns(snap):
    v = snap.visuals
    columns = ["inputs", "layer 1", "layer 2", "output"]
    nodes = [v["features"]] + [[f"n{i}" for i in range(len(t))] for t in v["thumbs"][1:]]
    spec = network_figure(v["thumbs"], v["weights"], columns, nodes)
    fig = spec.wire()
    _titles_are_dicts(fig)
    assert fig["layout"]["title"]["text"].startswith("Network")
    assert [a["text"] for a in fig["layout"]["annotations"]] == columns
    rgba = picture(spec.images[0])
    opaque = rgba[..., 3] > 0
    assert opaque.sum() == sum(thumbs.size for thumbs in v["thumbs"])  # every thumbnail pixel, gaps clear
    t = v["thumbs"][0].shape[-1]
    top = np.flatnonzero(opaque[:, :t].any(1))[0]
    first_input = rgba[top:top + t, :t]  # the first column's top node: input x1, which rises along
    assert v["features"][0] == "x1"      # columns from orange (−1) to blue (+1)
    assert first_input[0, 0, 0] > first_input[0, 0, 2] and first_input[0, -1, 2] > first_input[0, -1, 0]
    hover = fig["data"][-1]
    assert hover["text"] == [label for column in nodes for label in column]
