"""History: bounded by halving, spans the whole run, always shows the latest row."""
import numpy as np

from dl_engine.training.history import History


def test_halves_its_resolution_when_full_and_spans_the_whole_run():
    history = History(max_points=8)
    for step in range(100):
        history.append({"step": float(step), "loss": 1.0 / (step + 1)})
        arrays = history.arrays()
        assert len(arrays["step"]) <= 8
        assert arrays["step"][0] == 0 and arrays["step"][-1] == step  # the latest row is shown at once
        assert np.all(np.diff(arrays["step"]) > 0)
        np.testing.assert_allclose(arrays["loss"], 1.0 / (arrays["step"] + 1))


def test_names_missing_in_a_row_are_nan_and_never_stale():
    history = History(max_points=4)
    history.append({"step": 0.0, "loss": 1.0})
    history.append({"step": 1.0, "acc": 0.5})
    history.append({"step": 2.0, "loss": 0.5})
    arrays = history.arrays()
    np.testing.assert_array_equal(arrays["step"], [0, 1, 2])
    np.testing.assert_array_equal(np.isnan(arrays["loss"]), [False, True, False])
    np.testing.assert_array_equal(np.isnan(arrays["acc"]), [True, False, True])


def test_arrays_are_copies():
    history = History()
    history.append({"step": 0.0})
    history.arrays()["step"][0] = 99
    assert history.arrays()["step"][0] == 0
