"""The CNN experiment: learns digits, freezes/overwrites filters, and analyses one image correctly."""
import dataclasses

import numpy as np
import pytest
import torch

from dl_engine.data import image_uploads, images
from dl_engine.models import kernels
from dl_engine.training.cnn_experiment import CNNExperiment, analyse
from dl_engine.models.cnn_arch import ArchitectureError, CNNConfig, build_model, with_blocks
from dl_engine.training import probes
from dl_engine.training.run import TrainingRun


@pytest.fixture(scope="module")
def trained():
    run = TrainingRun(CNNExperiment, CNNConfig(), seed=0)
    run.step(6 * run.experiment.steps_per_epoch)
    return run


def test_cnn_reaches_90_percent_on_digits(trained):
    snap = trained.snapshot
    assert snap.metrics["test_acc"] >= 0.90
    assert snap.metrics["train_loss"] < snap.history["train_loss"][0]
    confusion = snap.visuals["confusion"]
    assert confusion.sum() == len(snap.visuals["test_labels"])
    assert np.trace(confusion) / confusion.sum() == pytest.approx(snap.metrics["test_acc"])
    assert all(f"grad_norm/{n}" in snap.history for n in ("conv1", "conv2", "fc1", "out"))
    assert probes.hook_count(trained.experiment.model) == 0


def test_same_seed_same_run():
    a, b = (TrainingRun(CNNExperiment, CNNConfig(), seed=3) for _ in range(2))
    for run in (a, b):
        run.step(5)
    np.testing.assert_array_equal(a.snapshot.visuals["kernels"]["conv1"], b.snapshot.visuals["kernels"]["conv1"])


def test_frozen_filter_stays_while_others_learn():
    run = TrainingRun(CNNExperiment, CNNConfig(optimizer="adam"), seed=1)
    run.step(3)
    exp = run.experiment
    exp.freeze("conv1", 2)
    before = exp.model.conv1.weight.detach().clone()
    bias_before = exp.model.conv1.bias.detach().clone()
    run.step(10)
    after = exp.model.conv1.weight.detach()
    torch.testing.assert_close(after[2], before[2], rtol=0, atol=0)
    assert exp.model.conv1.bias[2] == bias_before[2]
    assert not torch.equal(after[0], before[0])
    assert run.snapshot.visuals["frozen"] == {"conv1": [2]}
    exp.freeze("conv1", 2, frozen=False)
    run.step(3)
    assert not torch.equal(exp.model.conv1.weight[2], before[2])


def test_overwrite_with_a_preset_then_continue():
    run = TrainingRun(CNNExperiment, CNNConfig(), seed=2)
    exp = run.experiment
    exp.overwrite("conv1", 0, "sobel x")
    np.testing.assert_allclose(exp.model.conv1.weight[0, 0].detach().numpy(), kernels.preset("sobel x"))
    exp.freeze("conv1", 0)
    run.step(5)
    np.testing.assert_allclose(exp.model.conv1.weight[0, 0].detach().numpy(), kernels.preset("sobel x"))
    with pytest.raises(ValueError, match="No conv layer"):
        exp.overwrite("fc1", 0, "identity")


def test_analyse_matches_the_model_and_autograd(trained):
    visuals = trained.snapshot.visuals
    image = visuals["test_images"][5]
    result = analyse(trained.config, visuals, image)
    model = build_model(trained.config, (1, 8, 8), 10)
    model.load_state_dict(trained.experiment.model.state_dict())
    model.eval()
    x = torch.tensor(image)[None].requires_grad_(True)
    logits = model(x)[0]
    np.testing.assert_allclose(result.probs, torch.softmax(logits, 0).detach().numpy(), atol=1e-6)
    assert result.probs.sum() == pytest.approx(1.0, abs=1e-5)
    logits[result.predicted].backward()
    np.testing.assert_allclose(result.saliency, x.grad[0, 0].abs().numpy(), atol=1e-6)
    assert result.feature_maps["act1"].shape == (8, 8, 8) and result.feature_maps["act2"].shape == (16, 4, 4)
    assert result.feature_maps["act1"].min() >= 0      # after ReLU


def test_shapes_dataset_and_uploads_train():
    run = TrainingRun(CNNExperiment, CNNConfig(dataset="shapes", batch_size=32), seed=0)
    assert run.snapshot.visuals["input_shape"] == (1, 28, 28)
    run.step(3)
    assert np.isfinite(run.snapshot.metrics["test_loss"])
    key = image_uploads.register(images.shapes(n_per_class=5, size=12, seed=1), owner="test")
    small = TrainingRun(CNNExperiment, dataclasses.replace(CNNConfig(), dataset=key), seed=0)
    assert small.snapshot.visuals["class_names"] == images.SHAPE_CLASSES


def test_impossible_architecture_fails_before_training():
    config = with_blocks(CNNConfig(), [CNNConfig().blocks()[0] | dict(kernel=7, padding=0)] * 2)
    with pytest.raises(ArchitectureError, match="Block 2"):
        CNNExperiment(config)
