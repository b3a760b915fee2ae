"""A standalone PyTorch script per experiment: plain torch (and NumPy), no dl_engine import.

Each writer module `dl_engine.export.scripts.<name>` has `write_script(config, seed) -> str`: a
script that rebuilds the experiment's model, data and optimiser as the engine builds them at step
0 with this config and seed, trains it, and prints one line per step, `step <n> loss <value>`, so
its first losses can be checked against the engine's (tests/unit/test_export_scripts.py).
"""
from __future__ import annotations

import importlib

from dl_engine.export.errors import ExportError

# experiment class name → writer module; the writers import the engine only when asked for
WRITERS = {
    "MLPExperiment": "mlp",
    "Perceptron": "perceptron",
    "DeepNetExperiment": "deep_net",
    "CNNExperiment": "cnn",
    "RecurrentExperiment": "recurrent",
    "CompareExperiment": "recurrent",
    "Seq2SeqExperiment": "seq2seq",
    "TransformerExperiment": "transformer",
}


def pytorch_script(experiment_class: str, config, seed: int) -> str:
    """The script for an experiment of class `experiment_class` built from (config, seed)."""
    name = WRITERS.get(experiment_class)
    if name is None:
        raise ExportError(f"This page has no PyTorch script export ({experiment_class}).")
    return importlib.import_module(f"{__name__}.{name}").write_script(config, seed)
