"""Recurrent gradients: ‖∂h_T/∂h_t‖ follows ρ^(T−t) in the near-linear regime; gates keep memory."""
import numpy as np
import pytest

from dl_engine.models.rnn_gradients import GRU_CURVE, LSTM_CELL_CURVE, LSTM_HIDDEN_CURVE, gated_curves, rnn_curve


@pytest.mark.parametrize("radius", [0.7, 1.2])
def test_small_inputs_give_the_geometric_law(radius):
    curve = rnn_curve(radius, length=12, hidden=8, input_scale=1e-4)
    expected = radius ** (12 - np.arange(1, 13))  # W_h = ρQ, tanh′ ≈ 1 near 0
    assert curve == pytest.approx(expected, rel=1e-3)


def test_radius_decides_vanishing_or_exploding():
    assert rnn_curve(0.8, length=30)[0] < 1e-2
    assert rnn_curve(1.3, length=30)[0] > 10
    assert rnn_curve(1.0, length=30)[-1] == pytest.approx(1.0)


def test_gates_set_to_remember_keep_the_gradient():
    remember, forget = gated_curves(3.0, length=30, hidden=8), gated_curves(0.0, length=30, hidden=8)
    assert set(remember) == {LSTM_CELL_CURVE, LSTM_HIDDEN_CURVE, GRU_CURVE}
    vanilla = rnn_curve(0.8, length=30, hidden=8)[0]
    assert remember[LSTM_CELL_CURVE][0] > 100 * vanilla
    assert remember[GRU_CURVE][0] > 100 * vanilla
    assert remember[LSTM_CELL_CURVE][0] > 10 * forget[LSTM_CELL_CURVE][0]
