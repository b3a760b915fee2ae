"""Weights files of the torch-module pages (CNN, recurrent, compare mode, seq2seq, transformer): the
weights of a trained run, loaded into a freshly built experiment, give the same held-out metrics;
a file that is not one, or belongs to another network, is refused with ExportError; and a page's file
loads into the model its exported script builds."""
import pytest
import safetensors.torch
import torch

from dl_engine.export.errors import ExportError
from dl_engine.export.scripts import pytorch_script
from dl_engine.export.weights import read_weights, weights_file
from dl_engine.training.cnn_experiment import CNNExperiment
from dl_engine.models.cnn_arch import CNNConfig
from dl_engine.training import recurrent_experiment as rx
from dl_engine.training.run import TrainingRun
from dl_engine.training.seq2seq_experiment import Seq2SeqConfig, Seq2SeqExperiment
from dl_engine.training.transformer_experiment import TransformerConfig, TransformerExperiment
from tests.unit.torch_script_checks import script_namespace

SMALL_CNN = CNNConfig(filters=(4,), kernel=(3,), stride=(1,), padding=(1,), activation=("relu",), pool=("max",),
                      pool_size=(2,), batch_norm=(True,), dropout=(0.0,), dense=(8,))
PAGES = {   # name: (factory, config, the held-out metrics a reload must repeat; None: all of them)
    "cnn": (CNNExperiment, SMALL_CNN, ("test_loss", "test_acc")),   # train_* average the batches seen
    "recurrent": (rx.build_recurrent_experiment, rx.RecurrentConfig(cell="gru", hidden_size=8), None),
    "compare": (rx.build_recurrent_experiment,
                rx.RecurrentConfig(compare=True, task="adding", seq_len=6, hidden_size=4, batch_size=8), None),
    "seq2seq": (Seq2SeqExperiment, Seq2SeqConfig(hidden=16, max_len=5, batch_size=16), None),
    "transformer": (TransformerExperiment, TransformerConfig(d_model=16, n_layers=1, batch_size=16), None),
}


def metrics(experiment, keys):
    values = experiment.evaluate()
    return {k: values[k] for k in keys or values}


@pytest.mark.parametrize("page", PAGES)
def test_trained_weights_load_into_a_fresh_experiment(page):
    factory, config, keys = PAGES[page]
    run = TrainingRun(factory, config, seed=0, device="cpu")
    run.step(3)
    data = weights_file(run.experiment)
    fresh = factory(config, seed=0, device="cpu")
    trained = metrics(run.experiment, keys)
    assert metrics(fresh, keys) != trained   # untrained: the check below can fail
    fresh.load_state_tensors(read_weights(data, fresh))
    assert metrics(fresh, keys) == trained


def test_compare_mode_names_each_networks_weights_by_its_cell():
    factory, config, _ = PAGES["compare"]
    names = factory(config, seed=0).state_tensors()
    assert {name.split(".")[0] for name in names} == {"rnn", "lstm", "gru"}
    assert "lstm.head.weight" in names and "gru.rnn.cells.l0.weight_hh" in names


@pytest.mark.parametrize("saved, loaded, message", [
    ("cnn", "recurrent", "different network"),       # other names
    ("recurrent", "compare", "different network"),   # one network's weights into compare mode
])
def test_weights_of_another_page_are_refused(saved, loaded, message):
    source = PAGES[saved][0](PAGES[saved][1], seed=0)
    with pytest.raises(ExportError, match=message):
        read_weights(weights_file(source), PAGES[loaded][0](PAGES[loaded][1], seed=0))


def test_weights_of_a_wider_network_are_refused():
    factory, config, _ = PAGES["transformer"]
    wider = TransformerExperiment(TransformerConfig(d_model=32, n_layers=1, batch_size=16), seed=0)
    with pytest.raises(ExportError, match="shape"):
        read_weights(weights_file(wider), factory(config, seed=0))


def test_a_file_that_is_not_safetensors_is_refused():
    with pytest.raises(ExportError, match="not a weights file"):
        read_weights(b"PK\x03\x04 a zip, not weights", Seq2SeqExperiment(PAGES["seq2seq"][1], seed=0))


SCRIPT_MODELS = {   # page: how its script builds the model a weights file loads into (the headers say so)
    "cnn": lambda ns, config: ns["CNN"](),
    "recurrent": lambda ns, config: ns["SequenceModel"](config.cell),
    "seq2seq": lambda ns, config: torch.nn.ModuleDict({"attention": ns["Seq2Seq"](attention=True),
                                                       "plain": ns["Seq2Seq"](attention=False)}),
    "transformer": lambda ns, config: ns["TinyTransformer"](),
}


@pytest.mark.parametrize("page", SCRIPT_MODELS)
def test_a_weights_file_loads_into_the_exported_scripts_model(page):
    factory, config, _ = PAGES[page]
    experiment = factory(config, seed=0)
    script = script_namespace(pytorch_script(type(experiment).__name__, config, 0))
    model = SCRIPT_MODELS[page](script, config)
    model.load_state_dict(safetensors.torch.load(weights_file(experiment)))   # strict: the same names and shapes
    if page != "seq2seq":   # the same function of the input, too
        x = {"cnn": lambda: experiment.x_test[:4], "recurrent": lambda: experiment.eval_sets["test"][0][:4],
             "transformer": lambda: experiment.eval_x[:4]}[page]()
        experiment.model.eval()
        model.eval()
        want = experiment.model(x)
        assert torch.equal(model(x), want[0] if isinstance(want, tuple) else want)
