"""The perceptron page's exported script runs on plain torch and repeats the page's losses exactly."""
import dataclasses

import pytest

from dl_engine.data.perceptron_data import EXAMPLE_POINTS
from dl_engine.export.errors import ExportError
from dl_engine.export.scripts import pytorch_script
from dl_engine.training.perceptron_experiment import Perceptron, PerceptronConfig
from tests.unit.export_script_checks import engine_losses, script_output, start_script, stated_claim

SEED = 3
CONFIGS = {
    "and": PerceptronConfig(),
    "xor-shuffled": PerceptronConfig(dataset="xor", shuffle=True, lr=0.7),
    "clusters-shuffled": PerceptronConfig(dataset="clusters", n_points=30, shuffle=True, lr=0.05, w1=-1.0),
    "custom-points": PerceptronConfig(dataset="custom", points=EXAMPLE_POINTS, b=-0.5),
}


@pytest.fixture(scope="module")
def scripts(tmp_path_factory):
    """{name: (script text, its process)}: every script starts at once, tests read them in turn."""
    started = {}
    for name, config in CONFIGS.items():
        text = pytorch_script("Perceptron", config, SEED)
        started[name] = text, start_script(text, tmp_path_factory.mktemp(name), stated_claim(text)[1])
    return started


@pytest.mark.parametrize("name", CONFIGS)
def test_script_repeats_the_pages_losses(scripts, name):
    text, proc = scripts[name]
    tolerance, steps = stated_claim(text)
    losses, out = script_output(proc)
    expected = engine_losses(Perceptron, CONFIGS[name], SEED, steps)
    assert tolerance == 0 and losses == expected
    assert 0 < sum(expected) < steps  # the run makes mistakes and gets points right: the rule is exercised
    assert "errors" in out.splitlines()[-1]


def test_header_names_the_page_settings_and_seed(scripts):
    text, _ = scripts["custom-points"]
    head = text.split("\nimport ")[0]
    assert "Perceptron page" in head and f"Seed: {SEED}" in head
    assert all(f"{field.name} = " in head for field in dataclasses.fields(PerceptronConfig))
    assert "dl_engine" not in text


def test_points_the_page_refuses_are_not_exported():
    with pytest.raises(ExportError, match="each class"):
        pytorch_script("Perceptron", PerceptronConfig(dataset="custom", points=(0.0, 0.0, 1.0)), SEED)


def test_clusters_are_regenerated_not_embedded(scripts):
    text, _ = scripts["clusters-shuffled"]
    assert "def separable_clusters(" in text and "b64decode" not in text  # the page's own generator
