"""Property-based, through AppTest: a random link (the page's own query keys with odd text, the
seed, a preset name, unknown keys) opens every training page without an exception, and nothing the
page says shows a traceback or a Python object's repr; a link with every value at its bound opens
and steps. Small and derandomized, so CI stays reproducible and quick: about 40 s of CPU for the
whole file (12 links a page; the gradient lab's deep nets cost most)."""
import dataclasses
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from dl_engine.models.attention_steps import MechanicsConfig
from dl_engine.models.cnn_arch import CNNConfig
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
from tests.unit.link_queries import ODD, REPR, query, valid_query

ROOT = Path(__file__).resolve().parents[2]
PAGES = {"perceptron": PerceptronConfig, "mlp": MLPConfig, "conv_lab": ConvLabConfig, "cnn": CNNConfig,
         "recurrent": RecurrentConfig, "gradients": DeepNetConfig, "attention_lab": MechanicsConfig,
         "seq2seq": Seq2SeqConfig, "transformer": TransformerConfig, "optimiser_race": RaceConfig,
         "network_race": NetworkRaceConfig, "autoencoder": AutoencoderConfig,
         "loss_activation_bench": BenchConfig, "gan": GANConfig, "overfitting_lab": OverfitLabConfig}
FEW = settings(max_examples=12, deadline=None, derandomize=True, database=None,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PRESET_NAMES = ("xor-hidden-layer", "vanishing", "healthy", "batch-norm", "spiral")


def links(cls) -> st.SearchStrategy[dict[str, str]]:
    """Half the time every value is one its field accepts (the combination may not be), else odd text."""
    preset = st.one_of(st.sampled_from(PRESET_NAMES + ODD[:12]), st.text(max_size=8))
    return st.tuples(st.one_of(valid_query(cls), query(cls)),
                     st.fixed_dictionaries({}, optional={"preset": preset})).map(lambda parts: parts[0] | parts[1])


def said(at: AppTest) -> list[str]:
    """Every message the page shows the user."""
    return [e.value for kind in (at.error, at.warning, at.info, at.success) for e in kind] + \
           [e.value for e in at.exception]


@pytest.mark.parametrize("page", PAGES)
def test_a_random_link_opens_the_page_without_a_traceback(page):
    @FEW
    @given(params=links(PAGES[page]))
    def opens(params):
        at = AppTest.from_file(str(ROOT / "playgrounds" / f"{page}.py"), default_timeout=90)
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        for text in said(at):
            assert not REPR.search(str(text)), text
    opens()


def test_the_link_that_broke_the_cnn_page_now_warns_and_builds_the_default_blocks():
    """Per-layer lists of different lengths: the page used to raise IndexError building its table."""
    at = AppTest.from_file(str(ROOT / "playgrounds" / "cnn.py"), default_timeout=90)
    at.query_params["filters"], at.query_params["kernel"] = "8,16,32", "3"
    at.run()
    assert not at.exception and not at.error
    assert any("'filters=8,16,32'" in w.value and "Every conv block needs" in w.value for w in at.warning)
    assert at.session_state["cnn.run"].config.filters == CNNConfig().filters


def test_the_link_that_broke_the_perceptron_page_now_warns():
    """A custom points list that is not whole triples used to raise from numpy's reshape."""
    at = AppTest.from_file(str(ROOT / "playgrounds" / "perceptron.py"), default_timeout=90)
    at.query_params["dataset"], at.query_params["points"] = "custom", "1,2"
    at.run()
    assert not at.exception
    assert any("'points=1,2'" in w.value and "triples" in w.value for w in at.warning)
    assert dataclasses.replace(at.session_state["perceptron.run"].config, points=()).dataset == "custom"


def test_the_link_that_broke_the_convolution_page_now_warns():
    """A preset twice in the bank used to raise StreamlitDuplicateElementKey for its grid."""
    at = AppTest.from_file(str(ROOT / "playgrounds" / "conv_lab.py"), default_timeout=90)
    at.query_params["presets"] = "sobel y,sobel y"
    at.run()
    assert not at.exception
    assert any("'presets=sobel y,sobel y'" in w.value and "more than once" in w.value for w in at.warning)


def edge_link(cls, end: str) -> dict[str, str]:
    """Every numeric field of cls at exactly its lower (or upper) bound, lists at their default length."""
    params = {}
    for f in dataclasses.fields(cls):
        if "lo" in f.metadata:
            value = f.metadata[end]
            if not f.metadata.get("tuple"):
                params[f.name] = str(type(f.default)(value))
            elif cls is PerceptronConfig:   # the user's points: one of each class, one at the bound
                params |= {"dataset": "custom", f.name: f"{value},{value},0,0,0,1"}
            else:
                params[f.name] = ",".join([str(value)] * len(getattr(cls(), f.name)))
    return params


@pytest.mark.parametrize("end", ["lo", "hi"])
@pytest.mark.parametrize("page", PAGES)
def test_a_link_with_every_value_at_its_bound_opens_and_steps(page, end):
    at = AppTest.from_file(str(ROOT / "playgrounds" / f"{page}.py"), default_timeout=90)
    for key, value in edge_link(PAGES[page], end).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not [w.value for w in at.warning if "Ignored" in w.value]   # bounds are inside them
    steps = [b.key for b in at.button if b.key and b.key.endswith(".step.Step")]
    if steps:
        at.button(key=steps[0]).click().run()
        assert not at.exception, [e.value for e in at.exception]
    for text in said(at):
        assert not REPR.search(str(text)), text
