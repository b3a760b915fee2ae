"""Own RNN/LSTM/GRU cells equal torch.nn with copied weights (outputs and gradients), and the notes' forms."""
import pytest
import torch
from torch import nn

from dl_engine.models.recurrent import (EQUATIONS, GRU_TORCH_NOTE, GRUCell, LSTMCell, Recurrent, RNNCell, copy_from_torch,
                                        trace_key)

TORCH = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}
CASES = [("rnn", {"nonlinearity": "tanh"}), ("rnn", {"nonlinearity": "relu"}), ("lstm", {}),
         ("gru", {"reset_after": True})]


def _pair(kind, options, layers, bidirectional, I=3, H=5):
    torch.manual_seed(0)
    torch_options = {"nonlinearity": options["nonlinearity"]} if kind == "rnn" else {}
    reference = TORCH[kind](I, H, num_layers=layers, bidirectional=bidirectional, batch_first=True,
                            **torch_options).double()
    own = Recurrent(kind, I, H, num_layers=layers, bidirectional=bidirectional, **options).double()
    copy_from_torch(own, reference)
    return own, reference


@pytest.mark.parametrize("kind,options", CASES)
@pytest.mark.parametrize("layers,bidirectional", [(1, False), (2, True)])
def test_equal_to_torch_outputs_and_gradients(kind, options, layers, bidirectional):
    own, reference = _pair(kind, options, layers, bidirectional)
    x = torch.randn(4, 7, 3, dtype=torch.double)
    out, state, trace = own(x)
    ref_out, ref_state = reference(x)
    ref_state = ref_state if kind == "lstm" else (ref_state,)
    torch.testing.assert_close(out, ref_out, atol=1e-5, rtol=0)
    for mine, theirs in zip(state, ref_state):
        torch.testing.assert_close(mine, theirs, atol=1e-5, rtol=0)
    target = torch.randn_like(out)
    ((out - target) ** 2).sum().backward()
    ((ref_out - target) ** 2).sum().backward()
    for layer in range(layers):
        for reverse in range(2 if bidirectional else 1):
            cell = own.cells[f"l{layer}{'_rev' if reverse else ''}"]
            suffix = f"_l{layer}{'_reverse' if reverse else ''}"
            for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
                mine = getattr(cell, name).grad.clone()
                theirs = getattr(reference, name + suffix).grad
                if kind == "gru":  # our z rows are PyTorch's negated, so are their gradients
                    mine[5:10] = -mine[5:10]
                torch.testing.assert_close(mine, theirs, atol=1e-5, rtol=0)
    assert trace[trace_key("h", layers - 1)].shape == (4, 7, 5)


def test_trace_holds_every_gate_per_step():
    own = Recurrent("lstm", 2, 3, bidirectional=True)
    _, _, trace = own(torch.randn(2, 6, 2))
    for gate in ("f", "i", "c_tilde", "o", "c", "h"):
        for reverse in (False, True):
            assert trace[trace_key(gate, 0, reverse)].shape == (2, 6, 3)
    f = trace["l0.f"]
    assert float(f.detach().min()) > 0 and float(f.detach().max()) < 1


def test_lstm_step_is_the_notes_equations():
    torch.manual_seed(1)
    cell = LSTMCell(2, 3).double()
    x, h, c = torch.randn(1, 2).double(), torch.randn(1, 3).double(), torch.randn(1, 3).double()
    (h1, c1), g = cell(x, (h, c))
    W = torch.cat([cell.weight_hh, cell.weight_ih], dim=1)  # W·[h_{t-1}, x_t]
    b = cell.bias_ih + cell.bias_hh
    a = torch.cat([h, x], dim=1) @ W.T + b
    i, f, c_tilde, o = torch.sigmoid(a[:, :3]), torch.sigmoid(a[:, 3:6]), torch.tanh(a[:, 6:9]), torch.sigmoid(a[:, 9:])
    torch.testing.assert_close(g["f"], f)
    torch.testing.assert_close(c1, f * c + i * c_tilde)
    torch.testing.assert_close(h1, o * torch.tanh(f * c + i * c_tilde))


def test_gru_notes_form_uses_reset_before_the_product_and_z_weights_the_candidate():
    torch.manual_seed(2)
    cell = GRUCell(2, 3, reset_after=False).double()
    x, h = torch.randn(1, 2).double(), torch.randn(1, 3).double()
    (h1,), g = cell(x, (h,))
    Wi, Wh = cell.weight_ih, cell.weight_hh
    bi, bh = cell.bias_ih, cell.bias_hh
    r = torch.sigmoid(x @ Wi[:3].T + bi[:3] + h @ Wh[:3].T + bh[:3])
    z = torch.sigmoid(x @ Wi[3:6].T + bi[3:6] + h @ Wh[3:6].T + bh[3:6])
    h_tilde = torch.tanh(x @ Wi[6:].T + bi[6:] + (r * h) @ Wh[6:].T + bh[6:])
    torch.testing.assert_close(h1, (1 - z) * h + z * h_tilde)
    torch.testing.assert_close(g["z"], z)


@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
def test_every_pre_activation_the_page_shows_has_the_bias_the_cell_adds(kind):
    """Each cell adds bias_ih + bias_hh inside every gate (tests above); the page's equations say so,
    and the GRU's note says the notes (002) leave them out."""
    gates = [line for line in EQUATIONS[kind] if r"\sigma(" in line or r"\tanh(W" in line or "f(W_x" in line]
    assert gates and all("+ b_" in line for line in gates), gates
    assert "without biases" in GRU_TORCH_NOTE


def test_rnn_cell_single_step_and_relu():
    cell = RNNCell(2, 2, nonlinearity="relu")
    (h,), _ = cell(torch.randn(5, 2))
    assert float(h.detach().min()) >= 0
    with pytest.raises(ValueError, match="tanh"):
        RNNCell(2, 2, nonlinearity="sigmoid")


def test_clamping_the_forget_gate_to_zero_erases_the_cell_memory():
    torch.manual_seed(3)
    own = Recurrent("lstm", 2, 4)
    x = torch.randn(3, 5, 2)
    _, _, free = own(x)
    _, _, forgetful = own(x, clamp={"f": 0.0})
    assert torch.all(forgetful["l0.f"] == 0)
    # with f = 0, C_t = i_t ⊙ C̃_t exactly: nothing of C_{t-1} survives
    torch.testing.assert_close(forgetful["l0.c"], forgetful["l0.i"] * forgetful["l0.c_tilde"])
    assert not torch.allclose(free["l0.c"], free["l0.i"] * free["l0.c_tilde"])


def test_record_keeps_per_step_states_and_weights_in_the_graph():
    own = Recurrent("gru", 2, 3, num_layers=2)
    run = own.unroll(torch.randn(2, 4, 2), record=True)
    assert len(run.hidden_steps["l1"]) == 4 and len(run.weight_steps["l0"]) == 4
    loss = run.outputs[:, -1].sum()
    grads = torch.autograd.grad(loss, run.weight_steps["l1"], retain_graph=True)
    loss.backward()
    # the per-step contributions add up to BPTT's total ∂L/∂W_hh (the notes' Σ_t ∂E_t/∂W)
    torch.testing.assert_close(sum(grads), own.cells["l1"].weight_hh.grad)


def test_truncated_bptt_stops_the_gradient_at_the_window():
    own = Recurrent("rnn", 1, 3)
    run = own.unroll(torch.randn(1, 9, 1), truncate=3, record=True)  # windows 0-2, 3-5, 6-8
    grads = torch.autograd.grad(run.outputs[:, -1].sum(), run.hidden_steps["l0"], allow_unused=True)
    reached = [g is not None and float(g.abs().sum()) > 0 for g in grads]
    assert reached == [False] * 6 + [True] * 3
