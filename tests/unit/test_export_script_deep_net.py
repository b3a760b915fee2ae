"""The gradient lab's exported script runs on plain torch and repeats the page's first losses."""
import numpy as np
import pytest

from dl_engine.export.scripts import pytorch_script
from dl_engine.training.deep_net import PRESETS, DeepNetConfig, DeepNetExperiment
from dl_engine.training.run import Status, TrainingRun
from tests.unit.export_script_checks import engine_losses, script_output, start_script, stated_claim

SEED = 3
BY_SLUG = {preset.slug: preset.config for preset in PRESETS.values()}
CONFIGS = {
    "vanishing": BY_SLUG["vanishing"],            # the page's default
    "clipping": BY_SLUG["clipping"],              # large random init, ReLU, clipped by norm
    "digits-adam-batch-norm": DeepNetConfig(      # batch norm: running statistics in the final metrics
        task="digits", depth=4, activation="elu", init="lecun", norm="batch", residual=True, clip="value",
        clip_threshold=0.05, l2=0.001, optimizer="adam", lr=0.003, batch_size=100),
    "exploding": BY_SLUG["exploding"],            # diverges within the checked steps
}


@pytest.fixture(scope="module")
def scripts(tmp_path_factory):
    """{name: (script text, its process)}: every script starts at once, tests read them in turn."""
    started = {}
    for name, config in CONFIGS.items():
        text = pytorch_script("DeepNetExperiment", config, SEED)
        started[name] = text, start_script(text, tmp_path_factory.mktemp(name), stated_claim(text)[1])
    return started


@pytest.mark.parametrize("name", [n for n in CONFIGS if n != "exploding"])
def test_script_repeats_the_pages_first_losses_and_metrics(scripts, name):
    text, proc = scripts[name]
    tolerance, steps = stated_claim(text)
    losses, out = script_output(proc)
    run = TrainingRun(DeepNetExperiment, CONFIGS[name], seed=SEED, device="cpu")
    expected = [run.step(1).history["loss"][-1] for _ in range(steps)]
    np.testing.assert_allclose(losses, expected, rtol=tolerance)
    metrics = run.snapshot.metrics   # both evaluate the same rows in eval mode after the same steps
    for part in ("train", "test"):
        assert f"{part} loss {metrics[f'{part}_loss']:.6g} accuracy {metrics[f'{part}_acc']:.4f}" in out


def test_script_diverges_where_the_page_does(scripts):
    text, proc = scripts["exploding"]
    losses, out = script_output(proc)
    run = TrainingRun(DeepNetExperiment, CONFIGS["exploding"], seed=SEED, device="cpu")
    run.step(stated_claim(text)[1])
    assert run.status == Status.DIVERGED
    assert f"diverged at step {run.snapshot.step}" in out and len(losses) == run.snapshot.step
    good = losses[:-1]   # the page keeps no loss for the step that diverged
    np.testing.assert_allclose(good, engine_losses(DeepNetExperiment, CONFIGS["exploding"], SEED, len(good)),
                               rtol=stated_claim(text)[0])


def test_header_and_data(scripts):
    text, _ = scripts["vanishing"]
    assert "Gradient lab" in text and f"Seed: {SEED}" in text and "dl_engine" not in text
    assert "def circle(" in text and "b64decode(" not in text.split("def circle(")[0].split("# ---- data")[1]
    assert "PIXELS = np.frombuffer" in scripts["digits-adam-batch-norm"][0]   # no scikit-learn needed
