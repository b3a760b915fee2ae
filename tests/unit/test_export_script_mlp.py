"""The MLP page's exported script runs on plain torch and repeats the page's first losses."""
import dataclasses

import numpy as np
import pytest

from dl_engine.data import point_store
from dl_engine.data.csv_points import LabelledPoints
from dl_engine.export.errors import ExportError
from dl_engine.export.scripts import pytorch_script
from dl_engine.models.mlp_config import MLPConfig
from dl_engine.training.mlp_experiment import MLPExperiment
from tests.unit.export_script_checks import engine_losses, script_output, start_script, stated_claim

SEED = 3


def uploaded_points() -> str:
    """Three classes of uploaded points (the script embeds them); returns the upload key."""
    rng = np.random.default_rng(1)
    y = rng.integers(0, 3, 120)
    X = np.array([[0, 0], [8, 0], [0, 8]])[y] + rng.normal(0, 1.5, (120, 2))
    return point_store.remember(LabelledPoints(X.astype(np.float32), y.astype(np.int64), ["a", "b", "c"]), "test")


CONFIGS = {
    "default": lambda: MLPConfig(),
    "spiral-features-adam-dropout": lambda: MLPConfig(
        dataset="spiral", features=("x1", "x2", "x1^2", "sin_x1"), hidden=(8, 6), activations=("relu", "elu"),
        optimizer="adam", lr=0.01, loss="binary_cross_entropy", dropout=0.3, init="he"),
    "moons-softmax-rmsprop-l1": lambda: MLPConfig(
        dataset="moons", noise=0.2, output="softmax", loss="cross_entropy", hidden=(5,), activations=("selu",),
        optimizer="rmsprop", regularization="l1", reg_rate=0.01, batch_size=7),
    "csv-huber-momentum-l2": lambda: MLPConfig(
        dataset="csv", upload=uploaded_points(), output="softmax", loss="huber", hidden=(6, 3),
        activations=("leaky_relu", "sigmoid"), optimizer="momentum", lr=0.3, regularization="l2",
        reg_rate=0.003, init="lecun", features=("x1", "x2", "x1*x2")),
}


@pytest.fixture(scope="module")
def scripts(tmp_path_factory):
    """{name: (config, script text, its process)}: every script starts at once, tests read them in turn."""
    started = {}
    for name, make in CONFIGS.items():
        config = make()
        text = pytorch_script("MLPExperiment", config, SEED)
        steps = stated_claim(text)[1]
        started[name] = config, text, start_script(text, tmp_path_factory.mktemp(name), steps)
    return started


@pytest.mark.parametrize("name", CONFIGS)
def test_script_repeats_the_pages_first_losses(scripts, name):
    config, text, proc = scripts[name]
    tolerance, steps = stated_claim(text)
    losses, out = script_output(proc)
    assert len(losses) == steps
    np.testing.assert_allclose(losses, engine_losses(MLPExperiment, config, SEED, steps), rtol=tolerance)
    assert "train loss" in out and "test loss" in out and "accuracy" in out


def test_header_names_the_page_settings_and_seed(scripts):
    config, text, _ = scripts["default"]
    head = text.split("\nimport ")[0]
    assert "MLP page" in head and f"Seed: {SEED}" in head
    assert all(f"{field.name} = " in head for field in dataclasses.fields(config))
    assert "dl_engine" not in text


def test_a_built_in_set_is_regenerated_and_an_upload_embedded(scripts):
    assert "b64decode" not in scripts["default"][1] and "def circle(" in scripts["default"][1]
    assert "b64decode" in scripts["csv-huber-momentum-l2"][1]


def test_an_upload_no_longer_on_the_server_is_said_plainly():
    with pytest.raises(ExportError, match="Upload the file again"):
        pytorch_script("MLPExperiment", MLPConfig(dataset="csv", upload="gone"), SEED)
