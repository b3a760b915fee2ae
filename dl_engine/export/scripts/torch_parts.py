"""Code the torch-module scripts (CNN, recurrent, seq2seq, transformer) share: imports, constants,
the optimiser line, the command line, and the tolerance they state."""
from __future__ import annotations

# as dl_engine.training.registry.OPTIMIZERS builds them (torch.optim's defaults otherwise)
_OPTIMIZERS = {
    "sgd": "torch.optim.SGD({params}, lr=LR)",
    "momentum": "torch.optim.SGD({params}, lr=LR, momentum=0.9)",
    "adagrad": "torch.optim.Adagrad({params}, lr=LR)",
    "rmsprop": "torch.optim.RMSprop({params}, lr=LR)",
    "adam": "torch.optim.Adam({params}, lr=LR)",
}
TOLERANCE = 1e-5   # relative, on each of the first losses (tests/unit/test_export_script_*.py check it)
TOLERANCE_TEXT = (f"Its first losses equal the page's to a relative {TOLERANCE:g} (CPU, float32, the page's "
                  "torch version).")

IMPORTS = """from __future__ import annotations

import argparse
import base64
import zlib

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
"""


def constants(**values) -> str:
    """NAME = value lines (repr, so a reader sees exactly what the page used)."""
    return "".join(f"{name} = {value!r}\n" for name, value in values.items())


def optimizer(name: str, params: str = "model.parameters()") -> str:
    """The torch.optim call the page's optimiser `name` is (learning rate from the constant LR)."""
    return _OPTIMIZERS[name].format(params=params)


def read_steps(default: int) -> str:
    """Lines (indented for main) that read --steps into `steps`."""
    return ('    parser = argparse.ArgumentParser(description="Train, printing the loss of every step.")\n'
            f'    parser.add_argument("--steps", type=int, default={default})\n'
            '    steps = parser.parse_args().steps\n')
