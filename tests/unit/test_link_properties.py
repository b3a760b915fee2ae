"""Property-based: whatever a link's query parameters say, every page's `from_query` returns a
config that passes `validate` (cross-field rules included), re-encodes to itself, and explains
every value it ignored in plain words (never a Python object's repr)."""
import dataclasses
import importlib
import inspect
import pkgutil

import pytest
from hypothesis import HealthCheck, given, settings

import dl_engine
from dl_engine.config import ConfigError, from_query, to_query, validate
from dl_engine.models.attention_steps import MechanicsConfig
from dl_engine.models.cnn_arch import BLOCK_FIELDS, CNNConfig
from dl_engine.models.conv_lab import ConvLabConfig
from dl_engine.models.mlp_config import MLPConfig
from dl_engine.training.perceptron_experiment import PerceptronConfig
from dl_engine.training.race_experiment import RaceConfig
from dl_engine.training.network_race_experiment import NetworkRaceConfig
from dl_engine.training.autoencoder_experiment import AutoencoderConfig
from dl_engine.training.activation_bench_experiment import BenchConfig
from dl_engine.training.deep_net import DeepNetConfig
from dl_engine.training.gan_experiment import GANConfig
from dl_engine.training.overfit_lab_experiment import OverfitLabConfig
from dl_engine.training.recurrent_experiment import RecurrentConfig
from dl_engine.training.seq2seq_experiment import Seq2SeqConfig
from dl_engine.training.transformer_experiment import TransformerConfig
from tests.unit.link_queries import REPR, query

PAGE_CONFIGS = (PerceptronConfig, MLPConfig, ConvLabConfig, CNNConfig, RecurrentConfig, DeepNetConfig,
                MechanicsConfig, Seq2SeqConfig, TransformerConfig, RaceConfig,
                NetworkRaceConfig, AutoencoderConfig, BenchConfig, GANConfig, OverfitLabConfig)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_clear(problems: list[str], params: dict[str, str]) -> None:
    for problem in problems:
        assert isinstance(problem, str) and problem.startswith("Ignored "), problem
        assert not REPR.search(problem), problem
        assert len(problem) < 800, "a warning is a sentence or two, not a dump of the link"
        assert any(f"'{name}=" in problem for name in params), problem


@pytest.mark.parametrize("cls", PAGE_CONFIGS, ids=lambda c: c.__name__)
def test_any_link_gives_a_valid_config_that_reencodes_to_itself(cls):
    @FAST
    @given(params=query(cls))
    def check(params):
        config, problems = from_query(cls, params)
        assert type(config) is cls
        validate(config)                        # bounds and cross-field rules
        assert_clear(problems, params)
        again, more = from_query(cls, to_query(config))
        assert again == config and more == []  # the page's own link reopens exactly this
    check()


@pytest.mark.parametrize("cls", PAGE_CONFIGS, ids=lambda c: c.__name__)
def test_every_default_passes_its_rules_and_a_clean_link_has_no_problems(cls):
    validate(cls())
    assert from_query(cls, to_query(cls())) == (cls(), [])


def test_every_config_class_of_the_engine_is_covered():
    """A new page config must join PAGE_CONFIGS (and the app-level link test)."""
    found = set()
    for package in ("dl_engine.models", "dl_engine.training"):
        for module in pkgutil.iter_modules(importlib.import_module(package).__path__):
            if module.name.startswith("mlp_kernel"):
                continue
            mod = importlib.import_module(f"{package}.{module.name}")
            found |= {obj for name, obj in inspect.getmembers(mod, inspect.isclass)
                      if name.endswith("Config") and dataclasses.is_dataclass(obj) and obj.__module__ == mod.__name__}
    assert found == set(PAGE_CONFIGS), found ^ set(PAGE_CONFIGS)
    assert dl_engine


# ---- cross-field rules: a link breaking one falls back on just the fields the rule names --------
def test_cnn_link_with_per_layer_lists_of_different_lengths_falls_back_to_the_default_blocks():
    config, problems = from_query(CNNConfig, {"filters": "8,16,32", "kernel": "3", "lr": "0.1", "epochs": "5"})
    default = CNNConfig()
    assert all(getattr(config, f) == getattr(default, f) for f in BLOCK_FIELDS)
    assert (config.lr, config.epochs) == (0.1, 5)              # the rest of the link still applies
    assert len(problems) == 1 and "'filters=8,16,32'" in problems[0] and "'kernel=3'" in problems[0]
    assert "Every conv block needs" in problems[0]


def test_cnn_link_with_lists_of_one_length_is_kept():
    params = {f: ",".join([to_query(CNNConfig())[f].split(",")[0]] * 3) for f in BLOCK_FIELDS}
    config, problems = from_query(CNNConfig, params)
    assert problems == [] and config.n_blocks == 3


@pytest.mark.parametrize("params, kept, dropped, words", [
    ({"output": "softmax", "loss": "binary_cross_entropy", "lr": "0.1"}, {"output": "softmax", "lr": 0.1},
     "loss", "sigmoid output"),
    ({"features": "", "noise": "0.2"}, {"noise": 0.2}, "features", "at least one input feature"),
])
def test_mlp_rules(params, kept, dropped, words):
    config, problems = from_query(MLPConfig, params)
    assert all(getattr(config, k) == v for k, v in kept.items())
    assert getattr(config, dropped) == getattr(MLPConfig(), dropped)
    assert len(problems) == 1 and f"'{dropped}=" in problems[0] and words in problems[0]


def test_mlp_activations_may_be_fewer_than_the_hidden_layers():
    config, problems = from_query(MLPConfig, {"hidden": "8,8,8", "activations": "relu"})
    assert problems == [] and config.layer_activations() == ("relu",) * 3


@pytest.mark.parametrize("params, dropped, words", [
    ({"task": "forecast", "bidirectional": "true"}, "bidirectional", "reads the future"),
    ({"corpus": "custom", "custom_text": "abc"}, "corpus", "at least"),
])
def test_recurrent_rules(params, dropped, words):
    config, problems = from_query(RecurrentConfig, params)
    assert getattr(config, dropped) == getattr(RecurrentConfig(), dropped)
    assert len(problems) == 1 and words in problems[0]
    validate(config)


@pytest.mark.parametrize("points, words", [("1,2", "triples"), ("1,2,0,3,4,0.5", "labels must be 0 or 1"),
                                           ("1,2,7", "labels must be 0 or 1")])
def test_perceptron_points_must_be_labelled_triples(points, words):
    config, problems = from_query(PerceptronConfig, {"dataset": "custom", "points": points, "lr": "10"})
    assert config.points == () and config.lr == 10.0 and config.dataset == "custom"
    assert len(problems) == 1 and words in problems[0]


def test_transformer_heads_must_divide_d_model():
    with pytest.raises(ConfigError, match="divisible") as err:
        TransformerConfig(d_model=8, n_heads=3).check()
    assert err.value.fields == ("n_heads",)
    for d in (8, 16, 32, 64, 128):             # every offered pair divides
        for h in (1, 2, 4, 8):
            TransformerConfig(d_model=d, n_heads=h).check()


def test_list_longer_than_its_limit_is_ignored_with_a_reason():
    config, problems = from_query(MLPConfig, {"activations": ",".join(["relu"] * 9)})
    assert config.activations == MLPConfig().activations
    assert len(problems) == 1 and "at most 8" in problems[0]


@pytest.mark.parametrize("text, words", [("2.5", "not a whole number"), ("abc", "not a whole number"),
                                         ("9" * 5000, "far too large"), ("maybe", "not true or false")])
def test_unparseable_values_are_explained_in_words(text, words):
    field = "shuffle" if words == "not true or false" else "n_points"
    config, problems = from_query(PerceptronConfig, {field: text})
    assert config == PerceptronConfig()
    assert len(problems) == 1 and words in problems[0] and "invalid literal" not in problems[0]
    assert len(problems[0]) < 200      # a 5000-digit value is cut short in the message


def test_conv_lab_bank_holds_each_preset_once():
    config, problems = from_query(ConvLabConfig, {"presets": "sobel y,sobel y", "stride": "2"})
    assert config.presets == ConvLabConfig().presets and config.stride == 2
    assert len(problems) == 1 and "sobel y appears more than once" in problems[0]
    assert from_query(ConvLabConfig, {"presets": "sobel y,sharpen"}) == (ConvLabConfig(presets=("sobel y", "sharpen")), [])
