"""The convolution lab's one call: padded input, feature maps equal to F.conv2d, size formulas."""
import numpy as np
import pytest
import torch

from dl_engine.data import images
from dl_engine.models import conv_arith as ca
from dl_engine.models.conv_lab import ConvLabConfig, run_lab
from dl_engine.models.kernels import preset


def test_run_lab_matches_torch_and_states_the_output_size():
    rng = np.random.default_rng(0)
    image = rng.normal(size=(1, 9, 7))
    bank = np.stack([preset("vertical edge (notes)", 3), preset("sobel x", 3)])
    config = ConvLabConfig(stride=2, padding_mode="custom", padding=1)
    lab = run_lab(config, image, bank)
    expected = torch.nn.functional.conv2d(torch.tensor(image)[None], torch.tensor(bank)[:, None],
                                          stride=2, padding=1)[0].numpy()
    np.testing.assert_allclose(lab.maps, expected, atol=1e-12)
    assert lab.padded.shape == (1, 11, 9)
    assert "9" in lab.formulas[0] and "7" in lab.formulas[1]


def test_run_lab_refuses_a_window_that_does_not_fit():
    with pytest.raises(ca.ConvShapeError):
        run_lab(ConvLabConfig(), images.NOTES_IMAGE[None][:, :2, :2], np.stack([preset("box blur", 5)]))
