"""The vectorised sweep equals autograd on separately built nets, and shows the notes' pattern."""
import numpy as np
import pytest
import torch
from torch.nn import functional as F

from dl_engine.models.deep_mlp import DeepMLP
from dl_engine.models.gradient_sweep import chain_rule_grads, gradient_sweep, init_weights


def _autograd_cell(x, y, hidden, head, activation, depth):
    net = DeepMLP(x.shape[1], head.shape[0], depth, x.shape[1], activation, "zeros").double()
    with torch.no_grad():
        for layer, block in enumerate(net.blocks):
            block.linear.weight.copy_(hidden[layer])
        net.head.weight.copy_(head)
    F.cross_entropy(net(x), y).backward()
    return float(net.blocks[0].linear.weight.grad.norm()), float(net.head.weight.grad.norm())


def test_matches_autograd_cell_by_cell():
    torch.manual_seed(3)
    acts, inits, depths = ("sigmoid", "relu", "selu"), ("xavier", "he"), (1, 2, 5)
    hidden, head = init_weights(inits, max(depths), 6)
    x, y = torch.randn(10, 6, dtype=torch.float64), torch.randint(0, 2, (10,))
    first, last = chain_rule_grads(x, y, hidden, head, acts, depths)
    for a, act in enumerate(acts):
        for i in range(len(inits)):
            for k, depth in enumerate(depths):
                want_first, want_last = _autograd_cell(x, y, hidden[i], head[i], act, depth)
                assert float(first[a, i, k]) == pytest.approx(want_first, rel=1e-9)
                assert float(last[a, i, k]) == pytest.approx(want_last, rel=1e-9)


def test_full_sweep_shape_and_the_notes_pattern():
    sweep = gradient_sweep(width=16, batch=16)
    assert sweep.first.shape == (6, 6, 10) and sweep.depths == tuple(range(5, 51, 5))
    a, i = sweep.activations.index, sweep.inits.index
    sigmoid_small = sweep.first[a("sigmoid"), i("small_random")]
    assert np.all(np.diff(np.log10(sigmoid_small)) < -5)    # each 5 layers: 5+ orders of magnitude less
    assert np.all(sweep.first[:, i("zeros")] == 0)           # zeros: no gradient reaches the first layer
    relu_he = sweep.first[a("relu"), i("he")] / sweep.last[a("relu"), i("he")]
    assert np.all((relu_he > 1e-2) & (relu_he < 1e2))
    relu_large = sweep.first[a("relu"), i("large_random")]
    assert np.all(np.diff(np.log10(relu_large)) > 1) and relu_large[1] > 1e3  # explodes with depth


def test_seeded_and_leaves_the_global_stream_alone():
    torch.manual_seed(0)
    expected = torch.rand(1)
    torch.manual_seed(0)
    one = gradient_sweep(("tanh",), ("xavier",), (5,), width=8, batch=8, seed=7)
    assert torch.equal(torch.rand(1), expected)
    two = gradient_sweep(("tanh",), ("xavier",), (5,), width=8, batch=8, seed=7)
    assert np.array_equal(one.first, two.first)
