"""The MLP's initialisers: the NumPy draw both paths start from (the exported script embeds it),
and beside it the equation of each, as the page shows it."""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


def init_weights(name: str, n_in: int, n_out: int, rng: np.random.Generator) -> np.ndarray:
    """(n_in, n_out) weights drawn as the initialiser `name` says (fan_in = n_in)."""
    if name == "zeros":
        return np.zeros((n_in, n_out))
    if name == "small_random":
        return rng.normal(0, 0.01, (n_in, n_out))
    if name == "large_random":
        return rng.normal(0, 1.0, (n_in, n_out))
    if name == "xavier":
        bound = math.sqrt(6 / (n_in + n_out))
        return rng.uniform(-bound, bound, (n_in, n_out))
    if name == "he":
        return rng.normal(0, math.sqrt(2 / n_in), (n_in, n_out))
    if name == "lecun":
        return rng.normal(0, math.sqrt(1 / n_in), (n_in, n_out))
    raise ValueError(f"Unknown initialiser '{name}'; choose one of {list(INITIALISERS)}.")


@dataclass(frozen=True)
class Initialiser:
    """The distribution `init_weights(name, …)` draws from, and where that departs from the notes."""
    latex: str
    note: str = ""


INITIALISERS: dict[str, Initialiser] = {
    "zeros": Initialiser(r"W=0"),
    "small_random": Initialiser(r"W\sim\mathcal{N}(0,\,0.01^2)"),
    "large_random": Initialiser(r"W\sim\mathcal{N}(0,\,1)"),
    "xavier": Initialiser(
        r"W\sim\mathcal{U}\!\left(-\sqrt{\tfrac{6}{n_{in}+n_{out}}},\sqrt{\tfrac{6}{n_{in}+n_{out}}}\right)",
        "The notes (000 §42.4) write Xavier as N(0, 1/n_in). Glorot's original, used here as in "
        "PyTorch and Keras, is uniform with variance 2/(n_in + n_out): the same when n_in = n_out."),
    "he": Initialiser(r"W\sim\mathcal{N}\!\left(0,\,\tfrac{2}{n_{in}}\right)"),
    "lecun": Initialiser(r"W\sim\mathcal{N}\!\left(0,\,\tfrac{1}{n_{in}}\right)"),
}
INIT_NAMES = tuple(INITIALISERS)
BIAS_INIT_LATEX = r"b=0"  # every initialiser draws the weights only; the biases start at 0
