"""The recurrent-gradient lab: how far back ‖∂h_T/∂h_t‖ reaches in a vanilla RNN whose recurrent
weight has spectral radius ρ, and in an LSTM and a GRU reading the same sequence."""
from __future__ import annotations

import numpy as np
import torch

from dl_engine.models.recurrent import GRUCell, LSTMCell, RNNCell
from dl_engine.models.bptt import jacobian_norms_to_last

RNN_LATEX = (r"\frac{\partial h_T}{\partial h_t}=\prod_{k=t+1}^{T}\operatorname{diag}\!\big(1-h_k^2\big)\,W_h,"
             r"\qquad W_h=\rho\,Q")
LSTM_LATEX = r"\frac{\partial C_T}{\partial C_t}\approx\prod_{k=t+1}^{T}\operatorname{diag}(f_k),\qquad f_k=\sigma(\dots+b_f)"
RNN_CURVE, LSTM_CELL_CURVE, LSTM_HIDDEN_CURVE, GRU_CURVE = (
    "vanilla RNN ‖∂h_T/∂h_t‖", "LSTM cell ‖∂C_T/∂C_t‖", "LSTM hidden ‖∂h_T/∂h_t‖", "GRU ‖∂h_T/∂h_t‖")


def _unroll(cell, x: torch.Tensor) -> list[tuple[torch.Tensor, ...]]:
    """Every state of `cell` over x (B, T, 1), one step at a time so each h_t (and C_t) is a node."""
    xp = cell.project_input(x)
    state = cell.initial_state(x.shape[0], x)
    states = []
    for t in range(x.shape[1]):
        state, _ = cell.step(xp[:, t], state)
        states.append(state)
    return states


def _sequence(length: int, batch: int, input_scale: float) -> torch.Tensor:
    """x ~ N(0, input_scale²) of shape (batch, length, 1); call inside a seeded fork_rng."""
    return input_scale * torch.randn(batch, length, 1)


def rnn_curve(radius: float, length: int = 40, hidden: int = 32, batch: int = 4,
              input_scale: float = 0.1, seed: int = 0) -> np.ndarray:
    """‖∂h_T/∂h_t‖ for t = 1…T, (T,), of a tanh RNN with W_h = ρQ on the lab's sequence,
    scaled so the identity ∂h_T/∂h_T reads 1."""
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        x = _sequence(length, batch, input_scale)
        rnn = RNNCell(1, hidden)
        q, _ = torch.linalg.qr(torch.randn(hidden, hidden))
    with torch.no_grad():
        rnn.weight_hh.copy_(radius * q)
        rnn.bias_hh.zero_()
        rnn.bias_ih.zero_()  # no drift: h stays small, the product of Jacobians is ≈ (ρQ)^(T−t)
    return jacobian_norms_to_last([s[0] for s in _unroll(rnn, x)]) / np.sqrt(batch * hidden)


def gated_curves(gate_bias: float, length: int = 40, hidden: int = 32, batch: int = 4,
                 input_scale: float = 0.1, seed: int = 0) -> dict[str, np.ndarray]:
    """{curve name: (T,)} for an LSTM (cell and hidden state) and a GRU on the same sequence.

    gate_bias pushes the LSTM's forget gate (b_f += gate_bias) and the GRU's update gate
    (b_z −= gate_bias; the notes' z weighs the new candidate) towards remembering.
    """
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        x = _sequence(length, batch, input_scale)
        lstm = LSTMCell(1, hidden, forget_bias=gate_bias)
        gru = GRUCell(1, hidden)
    with torch.no_grad():
        gru.bias_ih[hidden:2 * hidden] -= gate_bias
    identity = np.sqrt(batch * hidden)  # ‖∂h_T/∂h_T‖_F summed over the batch
    lstm_states = _unroll(lstm, x)
    return {
        LSTM_CELL_CURVE: jacobian_norms_to_last([s[1] for s in lstm_states]) / identity,
        LSTM_HIDDEN_CURVE: jacobian_norms_to_last([s[0] for s in lstm_states]) / identity,
        GRU_CURVE: jacobian_norms_to_last([s[0] for s in _unroll(gru, x)]) / identity,
    }
