"""Weights files of the MLP, perceptron and gradient-lab experiments: saved, read back into a fresh
experiment, the same metrics and the same next losses; another network's file or garbage refused."""
import pytest
import torch

from dl_engine.export.errors import ExportError
from dl_engine.export.scripts import pytorch_script
from dl_engine.export.weights import read_weights, weights_file
from dl_engine.models.mlp_config import MLPConfig
from dl_engine.training.mlp_experiment import MLPExperiment
from dl_engine.training.perceptron_experiment import Perceptron, PerceptronConfig
from dl_engine.training.deep_net import DeepNetConfig, DeepNetExperiment

# full-batch steps and plain SGD (no optimizer state, which a weights file does not hold): a fresh
# experiment's next steps see the same batch as the trained one's, so their losses must agree
CASES = {
    "mlp": (MLPExperiment, MLPConfig(n_points=100, batch_size=1000, dropout=0.0), 30),
    "mlp-torch-path": (lambda c, seed: MLPExperiment(c, seed=seed, backend="torch"),
                       MLPConfig(n_points=100, batch_size=1000, hidden=(3,), activations=("relu",)), 30),
    "perceptron": (Perceptron, PerceptronConfig(dataset="xor"), 8),   # whole epochs: the order restarts
    "deep-net": (DeepNetExperiment, DeepNetConfig(depth=3, width=8, activation="tanh", init="xavier",
                                                  norm="batch", batch_size=512), 5),
}


def trained(name: str):
    factory, config, steps = CASES[name]
    experiment = factory(config, seed=1)
    for _ in range(steps):
        experiment.train_step(False)
    return experiment


def fresh(name: str):
    factory, config, _ = CASES[name]
    return factory(config, seed=1)


@pytest.mark.parametrize("name", CASES)
def test_weights_round_trip_to_the_same_metrics_and_next_losses(name):
    source = trained(name)
    copy = fresh(name)
    assert copy.evaluate() != source.evaluate()   # the file, not the seed, makes them equal below
    copy.load_state_tensors(read_weights(weights_file(source), copy))
    assert copy.evaluate() == source.evaluate()
    for _ in range(3):
        assert copy.train_step(False).loss == pytest.approx(source.train_step(False).loss, rel=1e-6)


@pytest.mark.parametrize("name", ["mlp", "mlp-torch-path", "perceptron"])
def test_state_tensors_are_copies_that_training_leaves_alone(name):
    experiment = trained(name)
    tensors = experiment.state_tensors()
    before = {k: t.clone() for k, t in tensors.items()}
    experiment.train_step(False)
    assert all(torch.equal(tensors[k], before[k]) for k in tensors)


def test_mlp_names_its_weights_as_nn_linear_does():
    tensors = fresh("mlp").state_tensors()
    assert {k: tuple(t.shape) for k, t in tensors.items()} == {
        "layers.0.weight": (4, 2), "layers.0.bias": (4,), "layers.1.weight": (2, 4), "layers.1.bias": (2,),
        "layers.2.weight": (1, 2), "layers.2.bias": (1,)}
    assert all(t.dtype == torch.float32 for t in tensors.values())


@pytest.mark.parametrize("name, other", [("mlp", "perceptron"), ("perceptron", "deep-net"), ("deep-net", "mlp")])
def test_another_networks_weights_are_refused(name, other):
    with pytest.raises(ExportError, match="different network"):
        read_weights(weights_file(fresh(other)), fresh(name))


def test_a_wider_mlp_is_refused_by_shape():
    wide = MLPExperiment(MLPConfig(hidden=(5, 2)), seed=0)
    with pytest.raises(ExportError, match=r"'layers.0.weight' has shape \(5, 2\).*needs \(4, 2\)"):
        read_weights(weights_file(wide), fresh("mlp"))


@pytest.mark.parametrize("name", CASES)
def test_garbage_bytes_are_refused(name):
    with pytest.raises(ExportError, match="not a weights file"):
        read_weights(b"\x00\x01 certainly not safetensors", fresh(name))


def test_a_perceptron_that_loads_separating_weights_counts_as_converged():
    experiment = fresh("perceptron")
    experiment.load_state_tensors({"w": torch.tensor([1.0, 1.0], dtype=torch.float64),
                                   "b": torch.tensor(-1.5, dtype=torch.float64)})
    assert experiment.evaluate()["errors"] == 3 and experiment.converged is None   # XOR: no line separates it
    and_gate = Perceptron(PerceptronConfig(dataset="and"), seed=1)
    and_gate.load_state_tensors({"w": torch.tensor([1.0, 1.0], dtype=torch.float64),
                                 "b": torch.tensor(-1.5, dtype=torch.float64)})
    assert and_gate.evaluate()["errors"] == 0 and and_gate.converged == (0, 0)


@pytest.mark.parametrize("name", ["mlp", "perceptron", "deep-net"])
def test_a_pages_weights_load_into_its_scripts_model(name):
    """The scripts' headers say so: the model's state_dict has the weights file's names and dtypes."""
    experiment = trained(name)
    script = {"__name__": "exported_script"}   # top level only: data and model, no training
    exec(compile(pytorch_script(type(experiment).__name__, CASES[name][1], 1), "script.py", "exec"), script)
    model = script["model"]
    tensors = read_weights(weights_file(experiment), experiment)
    model.load_state_dict(tensors)   # strict: the same names and shapes
    assert all(model.state_dict()[k].dtype == t.dtype and torch.equal(model.state_dict()[k], t)
               for k, t in tensors.items())
