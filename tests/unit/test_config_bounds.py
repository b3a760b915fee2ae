"""Every page's config works at the edges of its bounds: each numeric field at exactly lo and at
exactly hi (and all of them at once) builds the page's experiment and takes a few steps, unless a
rule refuses the combination with a ConfigError in words (e.g. a CNN kernel that no longer fits)."""
import dataclasses

import numpy as np
import pytest

from dl_engine.config import ConfigError, validate
from dl_engine.models import conv_arith
from dl_engine.models.attention_steps import MechanicsConfig, walkthrough
from dl_engine.training.cnn_experiment import CNNExperiment
from dl_engine.models.cnn_arch import CNNConfig
from dl_engine.models.conv_lab import ConvLabConfig, lab_input, pool, run_lab
from dl_engine.models.kernels import preset
from dl_engine.models.mlp_config import MLPConfig
from dl_engine.training.mlp_experiment import MLPExperiment
from dl_engine.training.perceptron_experiment import Perceptron, PerceptronConfig
from dl_engine.training import recurrent_experiment as rx
from dl_engine.training.deep_net import DeepNetConfig, DeepNetExperiment
from dl_engine.training.run import Status, TrainingRun
from dl_engine.training.seq2seq_experiment import Seq2SeqConfig, Seq2SeqExperiment
from dl_engine.training.transformer_experiment import TransformerConfig, TransformerExperiment


def conv_lab(config: ConvLabConfig) -> None:
    """What the convolution page computes (it has no TrainingRun): input, filter bank, maps, pooling."""
    lab = run_lab(config, lab_input(config), np.stack([preset(n, config.kernel_size) for n in config.presets]))
    pool(config, np.maximum(lab.maps, 0))


def mechanics(config: MechanicsConfig) -> None:
    walkthrough(config.sentence, config.d_model, 0, config.causal, config.positions)


# the factory each page hands to page_run (playgrounds/*.py)
FACTORIES = {PerceptronConfig: Perceptron, MLPConfig: MLPExperiment, CNNConfig: CNNExperiment,
             rx.RecurrentConfig: rx.build_recurrent_experiment, DeepNetConfig: DeepNetExperiment,
             Seq2SeqConfig: Seq2SeqExperiment, TransformerConfig: TransformerExperiment}
DIRECT = {ConvLabConfig: conv_lab, MechanicsConfig: mechanics}


def at(cls, name: str, end: str, base=None):
    """cls() (or `base`) with field `name` at its `end` ("lo"/"hi"); lists get the value in every item."""
    base = base or cls()
    f = cls.__dataclass_fields__[name]
    value = f.metadata[end]
    if not f.metadata.get("tuple"):
        return dataclasses.replace(base, **{name: type(f.default)(value)})
    if cls is PerceptronConfig:     # points: two labelled points at the edge (and one inside)
        return dataclasses.replace(base, dataset="custom", points=(value, value, 0.0, 0.0, 0.0, 1.0))
    return dataclasses.replace(base, **{name: tuple(value for _ in getattr(base, name))})


def edges():
    for cls in (*FACTORIES, *DIRECT):
        for f in dataclasses.fields(cls):
            if "lo" in f.metadata:
                for end in ("lo", "hi"):
                    yield pytest.param(cls, f.name, end, id=f"{cls.__name__}.{f.name}={end}")


def builds_and_steps(config) -> None:
    """The page's experiment from `config` takes 3 steps, or a rule refuses it in words."""
    cls = type(config)
    try:
        validate(config)
        if cls in DIRECT:
            DIRECT[cls](config)
            return
        run = TrainingRun(FACTORIES[cls], config, seed=0, device="cpu")
        snap = run.step(3)
    except (ConfigError, conv_arith.ConvShapeError) as err:
        assert str(err) and "object at 0x" not in str(err)
        return
    try:
        assert run.status != Status.ERROR, run.message
        assert run.steps == 3 or run.status == Status.DIVERGED   # an lr at its top may diverge: said so
        assert snap.visuals is not None
    finally:
        run.stop()


@pytest.mark.parametrize("cls, name, end", edges())
def test_each_numeric_field_at_its_bound_builds_and_steps(cls, name, end):
    builds_and_steps(at(cls, name, end))


@pytest.mark.parametrize("cls", [*FACTORIES, *DIRECT], ids=lambda c: c.__name__)
@pytest.mark.parametrize("end", ["lo", "hi"])
def test_every_numeric_field_at_its_bound_at_once(cls, end):
    config = cls()
    for f in dataclasses.fields(cls):
        if "lo" in f.metadata and not (cls is PerceptronConfig and f.name == "points"):
            config = at(cls, f.name, end, config)
    builds_and_steps(config)


def test_a_cnn_kernel_that_no_longer_fits_is_refused_in_words():
    with pytest.raises(ConfigError, match="does not fit"):
        TrainingRun(CNNExperiment, at(CNNConfig, "kernel", "hi"), seed=0, device="cpu")
