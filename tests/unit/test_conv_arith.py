"""The hand-written convolution/pooling equal PyTorch's, and reproduce the notes' worked examples."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F

from dl_engine.data import images
from dl_engine.models import conv_arith as ca
from dl_engine.models import kernels


def _torch_conv(x, bank, bias, stride, padding, dilation):
    out = F.conv2d(torch.from_numpy(x)[None], torch.from_numpy(bank), torch.from_numpy(bias),
                   stride=stride, padding=padding, dilation=dilation)
    return out[0].numpy()


@pytest.mark.parametrize("trial", range(25))
def test_conv2d_equals_torch_for_random_shapes(trial):
    rng = np.random.default_rng(trial)
    c, k, f = rng.integers(1, 4), rng.integers(1, 4), int(rng.choice([1, 2, 3, 5]))
    stride, padding, dilation = int(rng.integers(1, 4)), int(rng.integers(0, 3)), int(rng.integers(1, 3))
    h, w = rng.integers(ca.effective_size(f, dilation), 12, size=2)
    x = rng.normal(size=(c, h, w))
    bank = rng.normal(size=(k, c, f, f))
    bias = rng.normal(size=k)
    ours = ca.conv2d(x, bank, bias, stride, padding, dilation)
    ref = _torch_conv(x, bank, bias, stride, padding, dilation)
    assert ours.shape == ref.shape
    assert ours.shape[1] == ca.output_size(h, f, padding, stride, dilation)
    np.testing.assert_allclose(ours, ref, rtol=1e-10, atol=1e-10)


def test_a_2d_kernel_is_used_on_every_channel():
    rng = np.random.default_rng(0)
    x, kernel = rng.normal(size=(3, 6, 6)), rng.normal(size=(3, 3))
    ref = _torch_conv(x, np.repeat(kernel[None, None], 3, axis=1), np.zeros(1), 1, 1, 1)
    np.testing.assert_allclose(ca.conv2d(x, kernel, padding=1), ref, atol=1e-12)


@pytest.mark.parametrize("trial", range(12))
def test_every_window_step_is_the_output_cell(trial):
    rng = np.random.default_rng(100 + trial)
    x = rng.normal(size=(2, 7, 6))
    kernel = rng.normal(size=(2, 3, 3))
    stride, padding, dilation = int(rng.integers(1, 3)), int(rng.integers(0, 2)), int(rng.integers(1, 3))
    out = ca.conv2d(x, kernel[None], stride=stride, padding=padding, dilation=dilation)[0]
    n = ca.n_steps(x, 3, stride, padding, dilation)
    assert n == out.size
    for index in range(n):
        step = ca.window_step(x, kernel, index, stride, padding, dilation)
        assert step.total == pytest.approx(out[step.out_row, step.out_col], abs=1e-12)
        np.testing.assert_allclose(step.products, step.window * kernel)
        assert step.rows[0] == step.out_row * stride and np.all(np.diff(step.rows) == dilation)


@pytest.mark.parametrize("kind", ["max", "avg", "min"])
@pytest.mark.parametrize("size,stride", [(2, 2), (3, 1), (2, 1), (3, 2)])
def test_pooling_equals_torch(kind, size, stride):
    x = np.random.default_rng(size * 10 + stride).normal(size=(3, 9, 8))
    t = torch.from_numpy(x)[None]
    ref = {"max": lambda: F.max_pool2d(t, size, stride),
           "avg": lambda: F.avg_pool2d(t, size, stride),
           "min": lambda: -F.max_pool2d(-t, size, stride)}[kind]()[0].numpy()
    np.testing.assert_allclose(ca.pool2d(x, kind, size, stride), ref, atol=1e-12)


def test_notes_max_pooling_example():
    out = ca.pool2d(images.NOTES_POOL_IN, "max", 2, 2)[0]
    np.testing.assert_array_equal(out, images.NOTES_POOL_MAX)          # [[6, 8], [9, 5]]
    np.testing.assert_array_equal(ca.pool2d(images.NOTES_POOL_IN, "min", 2)[0], [[1, 2], [0, 1]])
    np.testing.assert_array_equal(ca.pool2d(images.NOTES_POOL_IN, "avg", 2)[0], [[3.75, 5.25], [3, 2.75]])


def test_notes_relu_and_flatten_examples():
    np.testing.assert_array_equal(ca.relu(images.NOTES_RELU_IN), images.NOTES_RELU_OUT)
    flat = ca.flatten(images.NOTES_FLATTEN_IN[None])
    np.testing.assert_array_equal(flat, [1, 0, 2, 3, 4, 6, 5, 2, 0, 1, 3, 1, 5, 2, 2, 0])
    np.testing.assert_array_equal(flat, torch.flatten(torch.from_numpy(images.NOTES_FLATTEN_IN)).numpy())


def test_notes_5x5_example_with_the_vertical_edge_kernel():
    kernel = kernels.preset("vertical edge (notes)")
    out = ca.conv2d(images.NOTES_IMAGE, kernel)[0]
    # every window spans three columns 20 apart: 3 rows × (x − (x + 20)) = −60
    assert out.shape == (3, 3)
    np.testing.assert_array_equal(out, np.full((3, 3), -60.0))
    first = ca.window_step(images.NOTES_IMAGE, kernel, 0)
    assert first.total == 10 + 60 + 110 - 30 - 80 - 130


@pytest.mark.parametrize("i,f,p,s,expected", [
    (5, 3, 0, 1, 3),      # the notes' 5×5 image, 3×3 filter
    (6, 3, 0, 1, 4),      # 003: n − f + 1 = 6 − 3 + 1 = 4
    (6, 3, 1, 1, 6),      # 003: n + 2p − f + 1 = 6 + 2 − 3 + 1 = 6 (padding keeps the size)
    (7, 3, 0, 2, 3),
    (8, 3, 1, 2, 4),      # floor((8 − 3 + 2)/2) + 1 = 4
])
def test_output_size_formula_values(i, f, p, s, expected):
    assert ca.output_size(i, f, p, s) == expected
    x = torch.zeros(1, 1, i, i)
    assert F.conv2d(x, torch.zeros(1, 1, f, f), stride=s, padding=p).shape[-1] == expected
    assert rf"= {expected}" in ca.size_formula(i, f, p, s)


def test_same_padding_keeps_the_size_with_dilation():
    for f in (3, 5):
        for d in (1, 2, 3):
            assert ca.output_size(11, f, ca.same_padding(f, d), 1, d) == 11


def test_a_window_that_does_not_fit_is_refused_with_advice():
    with pytest.raises(ca.ConvShapeError, match="Add padding"):
        ca.conv2d(np.zeros((3, 3)), np.zeros((5, 5)))
    with pytest.raises(ca.ConvShapeError):
        ca.pool2d(np.zeros((1, 1)), "max", 2)


def test_presets_detect_what_they_say():
    ramp = images.pattern("gradient", 16)[0]       # brightness grows left → right
    assert np.allclose(ca.conv2d(ramp, kernels.preset("identity"), padding=1)[0], ramp)
    assert np.abs(ca.conv2d(ramp, kernels.preset("horizontal edge"))).max() < 1e-12
    assert np.abs(ca.conv2d(ramp, kernels.preset("sobel x"))).min() > 0
    assert np.abs(ca.conv2d(ramp, kernels.preset("laplacian"))).max() < 1e-12
    for name in ("box blur", "gaussian blur"):
        for size in (3, 5):
            assert kernels.preset(name, size).sum() == pytest.approx(1.0)
    assert kernels.preset("sobel x", 5)[1:4, 1:4].tolist() == kernels.preset("sobel x").tolist()


def test_the_window_conv_note_describes_is_the_one_conv2d_slides():
    """CONV_NOTE: output (i, j) (1-based) starts at padded pixel (S(i−1)+1, S(j−1)+1), takes every d-th
    pixel and sums over the channels; SIZE_NOTE: the size is the notes' formula rounded down."""
    rng = np.random.default_rng(3)
    x, k = rng.normal(size=(3, 9, 8)), rng.normal(size=(1, 3, 3, 3))
    s, p, d = 2, 1, 2
    out = ca.conv2d(x, k, stride=s, padding=p, dilation=d)[0]
    xp = np.pad(x, ((0, 0), (p, p), (p, p)))
    X = lambda c, r, q: xp[c, r - 1, q - 1]       # the notes' 1-based X(·, ·)
    for i in range(1, out.shape[0] + 1):
        for j in range(1, out.shape[1] + 1):
            manual = sum(X(c, s * (i - 1) + d * (m - 1) + 1, s * (j - 1) + d * (n - 1) + 1) * k[0, c, m - 1, n - 1]
                         for c in range(3) for m in range(1, 4) for n in range(1, 4))
            assert out[i - 1, j - 1] == pytest.approx(manual)
    f_eff = d * (3 - 1) + 1
    assert out.shape == ((9 - f_eff + 2 * p) // s + 1, (8 - f_eff + 2 * p) // s + 1) == (4, 3)
    assert (8 - f_eff + 2 * p) / s + 1 == 3.5          # the notes' formula without the floor: not a size
    assert "3 channels" in ca.CONV_NOTE and "⌊·⌋" in ca.SIZE_NOTE
