"""Code the torch-module scripts (CNN, recurrent, seq2seq, transformer) share: imports, constants,
the optimiser line, the command line, and the tolerance they state."""
from __future__ import annotations

# as dl_engine.models.registry.OPTIMIZERS builds them (torch.optim's defaults otherwise)
_OPTIMIZERS = {
    "sgd": "torch.optim.SGD({params}, lr=LR)",
    "momentum": "torch.optim.SGD({params}, lr=LR, momentum=0.9)",
    "adagrad": "torch.optim.Adagrad({params}, lr=LR)",
    "rmsprop": "torch.optim.RMSprop({params}, lr=LR)",
    "adam": "torch.optim.Adam({params}, lr=LR)",
}
TOLERANCE = 1e-5   # relative, per step (tests/unit/test_export_script_<page>.py check it)


def tolerance_text(checked_steps: int) -> str:
    """The header's promise, in the words tests/unit/export_script_checks.stated_claim reads."""
    return (f"Its printed losses match the page's (CPU, float32, the page's torch version) step for step\n"
            f"to {TOLERANCE:g} relative for the first {checked_steps} steps: the same arithmetic in the same order, so they\n"
            "agree further on too, until rounding in another torch version or on a GPU drifts them apart.")


def imports(*modules: str) -> str:
    """The script's imports: the standard-library `modules` it needs, NumPy and torch."""
    return "\n".join(["from __future__ import annotations", "", "import argparse",
                      *(f"import {m}" for m in sorted(modules)), "", "import numpy as np", "import torch",
                      "import torch.nn.functional as F", "from torch import nn"]) + "\n"


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
