"""Live-chart payloads: typed arrays round-trip, lines downsample keeping spikes, big heatmaps
quantise within half a level, and figures become compact JSON without plotly's template."""
import json

import numpy as np
import plotly.graph_objects as go
import pytest

from dl_engine.viz import payload as P


def test_arrays_round_trip_as_plotly_typed_arrays_and_float64_shrinks_to_float32():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(7, 5))
    spec = P.encode_array(x)
    assert spec["dtype"] == "f4" and spec["shape"] == "7, 5"
    np.testing.assert_allclose(P.decode_array(spec), x, rtol=1e-6)
    steps = np.arange(40_000, dtype=np.int64)
    spec = P.encode_array(steps)
    assert spec["dtype"] == "u2" and "shape" not in spec
    np.testing.assert_array_equal(P.decode_array(spec), steps)


def test_float64_beyond_float32_range_stays_float64():
    x = np.array([1.0, 1e300, np.nan])
    spec = P.encode_array(x)
    assert spec["dtype"] == "f8"
    np.testing.assert_array_equal(P.decode_array(spec), x)


def test_downsampling_keeps_ends_order_and_every_spike():
    n = 20_000
    x = np.arange(n, dtype=float)
    y = np.exp(-x / 5000)
    spikes = [1234, 9876, 15000]
    y[spikes] = [5.0, 7.0, -3.0]
    xs, ys = P.downsample_line(x, y, max_points=500)
    assert len(xs) <= 500
    assert xs[0] == 0 and xs[-1] == n - 1
    assert np.all(np.diff(xs) > 0)
    assert set(spikes) <= set(xs.astype(int))
    np.testing.assert_array_equal(ys, y[xs.astype(int)])


def test_short_lines_and_nan_gaps_are_left_alone_or_kept_safe():
    x, y = np.arange(10.0), np.arange(10.0)
    assert P.downsample_line(x, y, max_points=100)[0] is x
    y = np.full(5000, np.nan)
    y[::7] = 1.0
    xs, ys = P.downsample_line(np.arange(5000.0), y, max_points=300)
    assert len(xs) <= 300 and np.isfinite(ys[1:-1]).all()


def test_quantised_grid_is_within_half_a_level_and_keeps_nan():
    rng = np.random.default_rng(1)
    z = rng.normal(size=(60, 80))
    z[3, 4] = np.nan
    spec = P.quantise_grid(z)
    assert spec["dtype"] == "u1" and spec["shape"] == "60, 80"
    back = P.dequantise_grid(spec)
    assert np.isnan(back[3, 4])
    finite = np.isfinite(z)
    level = (np.nanmax(z) - np.nanmin(z)) / 254
    assert np.nanmax(np.abs(back[finite] - z[finite])) <= level / 2 + 1e-12
    assert back[finite].min() == np.nanmin(z) and back[finite].max() == np.nanmax(z)


def test_constant_grid_quantises_to_its_value():
    back = P.dequantise_grid(P.quantise_grid(np.full((50, 50), 0.25)))
    np.testing.assert_array_equal(back, 0.25)


def _figure(n_line=3000, grid=(60, 60), text=None):
    rng = np.random.default_rng(2)
    fig = go.Figure([go.Scatter(x=np.arange(n_line), y=rng.random(n_line), mode="lines", name="loss"),
                     go.Heatmap(z=rng.random(grid), text=text)])
    fig.update_layout(title="Loss", xaxis_title="step", height=300)
    return fig


def test_figure_payload_is_compact_json_without_template_and_leaves_the_figure_alone():
    fig = _figure()
    before = fig.to_plotly_json()
    out = P.figure_payload(fig, height=250)
    text = json.dumps(out)  # plain JSON: no NumPy left anywhere
    assert "template" not in out["layout"] and out["layout"]["height"] == 250
    assert out["layout"]["title"]["text"] == "Loss"
    line, heat = out["data"]
    assert len(P.decode_array(line["y"])) <= P.MAX_LINE_POINTS
    assert heat["z"][P.QUANTISED_KEY] and heat["z"]["dtype"] == "u1"
    assert len(text) < 20_000
    assert json.dumps(fig.to_plotly_json(), default=str) == json.dumps(before, default=str)


def test_dict_and_go_figure_inputs_give_the_same_payload():
    fig = _figure(n_line=100, grid=(10, 10))
    as_dict = {"data": [dict(t) for t in fig.to_plotly_json()["data"]],
               "layout": {k: v for k, v in fig.to_plotly_json()["layout"].items()}}
    assert P.figure_payload(fig) == P.figure_payload(as_dict)


def test_small_or_annotated_heatmaps_stay_exact():
    small = P.figure_payload(_figure(grid=(8, 8)))["data"][1]["z"]
    assert small["dtype"] == "f4" and P.QUANTISED_KEY not in small
    labels = [["a"] * 60] * 60
    printed = P.figure_payload(_figure(text=labels))["data"][1]["z"]
    assert P.QUANTISED_KEY not in printed


def test_numpy_scalars_lists_and_marker_lines_in_dict_figures():
    fig = {"data": [{"type": "scatter", "mode": "markers", "x": list(range(3000)),
                     "y": np.zeros(3000), "marker": {"size": np.float32(6)}}],
           "layout": {"xaxis": {"range": np.array([0.0, 1.0])}, "width": np.int64(400)}}
    out = P.figure_payload(fig)
    json.dumps(out)
    trace = out["data"][0]
    assert len(P.decode_array(trace["x"])) == 3000  # markers are data points: never dropped
    assert out["layout"]["xaxis"]["range"] == [0.0, 1.0] and out["layout"]["width"] == 400


@pytest.mark.parametrize("dtype", [np.int8, np.uint8, np.int16, np.int32, np.float32, np.bool_])
def test_every_numeric_dtype_encodes(dtype):
    a = (np.arange(20) % 2).astype(dtype)
    np.testing.assert_array_equal(P.decode_array(P.encode_array(a)), a.astype(np.float64))


def test_payload_json_is_strict_even_with_nan_and_inf():
    """A diverging run's NaN/Inf must not break the browser's JSON.parse (which rejects NaN)."""
    fig = {"data": [{"type": "bar", "x": [0, 1, 2], "y": [1.0, float("nan"), float("inf")]},
                    {"type": "scatter", "x": np.arange(40), "y": np.full(40, np.inf)}],
           "layout": {"yaxis": {"range": [np.float64("nan"), 1.0]}, "title": {"text": "loss"}}}
    text = json.dumps(P.figure_payload(fig), allow_nan=False)
    out = json.loads(text)
    assert out["data"][0]["y"] == [1.0, None, None]
    assert np.isinf(P.decode_array(out["data"][1]["y"])).all()
    assert out["layout"]["yaxis"]["range"] == [None, 1.0]


def test_tick_positions_stay_plain_numbers_however_many():
    fig = {"data": [], "layout": {"xaxis": {"tickvals": list(range(30)), "ticktext": [str(i) for i in range(30)]}}}
    axis = P.figure_payload(fig)["layout"]["xaxis"]
    assert axis["tickvals"] == list(range(30)) and axis["ticktext"][-1] == "29"
