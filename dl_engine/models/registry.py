"""Name → object tables for the torch pages (gradient lab, CNN, recurrent nets, transformer):
activations, initialisers and optimizers, each with the LaTeX the pages show.

The equations are the MLP's (mlp_activations, mlp_init, mlp_optim): there each one sits beside the
compiled kernel's id and the torch object that compute it, and these tables reuse both, so an
equation on screen is written once, next to the code that runs it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import torch
from torch import nn

from dl_engine.models.mlp_activations import ACTIVATIONS as MLP_ACTIVATIONS
from dl_engine.models.mlp_init import BIAS_INIT_LATEX, INITIALISERS as MLP_INITIALISERS
from dl_engine.models.mlp_optim import OPTIMIZERS as MLP_OPTIMIZERS, l2_penalty

__all__ = ["ACTIVATIONS", "INITIALISERS", "OPTIMIZERS", "BIAS_INIT_LATEX", "Entry", "build", "l2_penalty"]


@dataclass(frozen=True)
class Entry:
    """A registry entry: how to build the object, the equation that defines it, and where that
    departs from the course notes (shown beside the equation; "" when it agrees)."""
    build: Callable
    latex: str
    note: str = ""


ACTIVATIONS: dict[str, Entry] = {name: Entry(a.module, a.latex, a.note) for name, a in MLP_ACTIVATIONS.items()}
OPTIMIZERS: dict[str, Entry] = {name: Entry(o.build, o.latex, o.note) for name, o in MLP_OPTIMIZERS.items()}


def _small_random(w: torch.Tensor) -> None:
    nn.init.normal_(w, 0.0, 0.01)


def _large_random(w: torch.Tensor) -> None:
    nn.init.normal_(w, 0.0, 1.0)


def _lecun(w: torch.Tensor) -> None:
    fan_in = w.shape[1] * (w[0][0].numel() if w.dim() > 2 else 1)
    nn.init.normal_(w, 0.0, 1.0 / math.sqrt(fan_in))


# torch's in-place draws of the distributions the MLP's init_weights draws in NumPy (for conv and
# recurrent weights too); tests/unit/test_registry.py checks both against the one equation
_TORCH_INITS = {"zeros": nn.init.zeros_, "small_random": _small_random, "large_random": _large_random,
                "xavier": nn.init.xavier_uniform_, "he": lambda w: nn.init.kaiming_normal_(w, nonlinearity="relu"),
                "lecun": _lecun}
INITIALISERS: dict[str, Entry] = {name: Entry(_TORCH_INITS[name], i.latex, i.note)
                                  for name, i in MLP_INITIALISERS.items()}


def build(table: dict[str, Entry], name: str, *args):
    """Look `name` up in `table` and build it; unknown names raise a ValueError listing choices."""
    if name not in table:
        raise ValueError(f"Unknown name '{name}'; choose one of {sorted(table)}.")
    return table[name].build(*args)
