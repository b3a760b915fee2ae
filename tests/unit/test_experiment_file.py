"""Experiment files: what is saved is restored; what is wrong is said in words."""
import json

import pytest
from hypothesis import given, strategies as st

from dl_engine.export.errors import ExportError
from dl_engine.export.experiment_file import experiment_json, read_experiment
from dl_engine.models.mlp_config import MLPConfig
from dl_engine.training.perceptron_experiment import PerceptronConfig


def test_a_saved_experiment_restores_the_same_settings_and_seed():
    config = MLPConfig(dataset="spiral", lr=0.1, hidden=(6, 4), activations=("relu", "relu"))
    restored = read_experiment(experiment_json("mlp", config, 1234), "mlp", MLPConfig)
    assert (restored.config, restored.seed, restored.problems) == (config, 1234, [])


def test_a_hand_edited_file_with_numbers_for_text_is_read():
    doc = json.loads(experiment_json("mlp", MLPConfig(), 0))
    doc["settings"]["lr"] = 0.3
    doc["settings"]["hidden"] = [3, 3]
    restored = read_experiment(json.dumps(doc).encode(), "mlp", MLPConfig)
    assert restored.config.lr == 0.3 and restored.config.hidden == (3, 3)


def test_values_out_of_range_are_named_and_replaced_by_defaults():
    doc = json.loads(experiment_json("mlp", MLPConfig(), 0))
    doc["settings"]["lr"] = "1e9"
    doc["seed"] = -4
    restored = read_experiment(json.dumps(doc).encode(), "mlp", MLPConfig)
    assert restored.config.lr == MLPConfig().lr and restored.seed == 0
    assert any("lr=" in p and "from the file" in p for p in restored.problems)
    assert any("seed" in p for p in restored.problems)


@pytest.mark.parametrize("data, words", [
    (b"\x89PNG\r\n\x1a\n", "not JSON"),
    (b"[1, 2, 3]", "not an experiment"),
    (b'{"format": "something else"}', "not an experiment"),
    (b"[" * 100_000, "too"),
    (json.dumps({"format": "deep-learning-playground/experiment", "version": 9}).encode(), "version 9"),
])
def test_files_that_are_not_experiments_are_refused_in_words(data, words):
    with pytest.raises(ExportError, match=words if words != "too" else "KB|not JSON"):
        read_experiment(data, "mlp", MLPConfig)


def test_another_pages_experiment_names_that_page():
    data = experiment_json("perceptron", PerceptronConfig(), 0)
    with pytest.raises(ExportError, match="'perceptron' page"):
        read_experiment(data, "mlp", MLPConfig)


@given(st.dictionaries(st.text(max_size=12), st.one_of(st.text(max_size=20), st.integers(), st.floats(),
                                                        st.booleans(), st.lists(st.integers(), max_size=4)),
                       max_size=8), st.one_of(st.integers(), st.text(max_size=5), st.none()))
def test_any_settings_restore_a_valid_config_or_say_why(settings, seed):
    doc = {"format": "deep-learning-playground/experiment", "version": 1, "page": "mlp",
           "settings": settings, "seed": seed}
    restored = read_experiment(json.dumps(doc).encode(), "mlp", MLPConfig)
    assert isinstance(restored.config, MLPConfig) and 0 <= restored.seed < 2**31
