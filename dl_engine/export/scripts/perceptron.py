"""The perceptron page's script: the same points, initial weights, sample order and learning rule
as the Perceptron experiment, in plain PyTorch (float64, the page's dtype on the CPU).

The rule is written out, Δw = η(y − ŷ)x on mistakes only: the step has no useful gradient, so
neither the page nor the script uses autograd or torch.optim.
"""
from __future__ import annotations

from string import Template

from dl_engine.config import validate
from dl_engine.data import perceptron_data as data
from dl_engine.export.errors import ExportError
from dl_engine.export.scripts.embed import WEIGHTS_NOTE, header, source
from dl_engine.training.perceptron_experiment import PerceptronConfig

CHECKED_STEPS = 40  # tests/unit/test_export_script_perceptron.py compares this many

SCRIPT = Template('''$header
"""Train the perceptron page's perceptron in plain PyTorch: prints `step <n> loss <value>` for every step."""
import argparse

import numpy as np
import torch
from torch import nn

SEED = $seed
LR = $lr  # η
SHUFFLE = $shuffle  # a new random order of the points every epoch (else: as listed)


# ---- data ----------------------------------------------------------------------------------
$data
X, y = torch.tensor(X, dtype=torch.float64), torch.tensor(y, dtype=torch.float64)   # (N, 2), (N,)


# ---- the perceptron ------------------------------------------------------------------------
class Perceptron(nn.Module):
    """z = w·x + b, ŷ = step(z) = 1 if z >= 0 else 0 (the notes' perceptron)."""

    def __init__(self):
        super().__init__()
        # no autograd: the learning rule below moves w and b, not a gradient
        self.w = nn.Parameter(torch.tensor([$w1, $w2], dtype=torch.float64), requires_grad=False)
        self.b = nn.Parameter(torch.tensor($b, dtype=torch.float64), requires_grad=False)

    def forward(self, x):
        """x: (2,) or (N, 2) → ŷ: () or (N,), 0.0 or 1.0."""
        z = x @ self.w + self.b
        return (z >= 0).to(z.dtype)


model = Perceptron()
order_rng = np.random.default_rng(SEED)   # the page's stream for the order of the points


def samples():
    """Point indices, one per step, epoch after epoch."""
    while True:
        yield from (order_rng.permutation(len(y)) if SHUFFLE else range(len(y)))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=10 * len(y), help="steps (one point each) to take")
    steps = parser.parse_args().steps
    for step, i in zip(range(1, steps + 1), samples()):
        error = y[i] - model(X[i])                 # y − ŷ ∈ {−1, 0, 1}
        if error != 0:                             # the rule is silent on correct points
            model.w += LR * error * X[i]           # Δw = η (y − ŷ) x
            model.b += LR * error                  # Δb = η (y − ŷ)
        print(f"step {step} loss {abs(int(error))}")   # the page's loss: 1 for a mistake, else 0
    errors = int((model(X) != y).sum())
    w1, w2 = model.w.tolist()
    print(f"errors {errors} of {len(y)} accuracy {1 - errors / len(y):.4f} w = ({w1!r}, {w2!r}) b = {model.b.item()!r}")


if __name__ == "__main__":
    main()
''')


def _data(config: PerceptronConfig, seed: int) -> str:
    """Code setting X (N, 2) and y (N,) as NumPy arrays: a truth table or the user's points as
    literals, the clusters regenerated with the page's own NumPy calls."""
    if config.dataset == "clusters":
        return f"{source(data.separable_clusters)}\n\nX, y = separable_clusters({config.n_points}, SEED)\n"
    X, y = data.make_points(config, seed)
    what = f"the {config.dataset.upper()} truth table" if config.dataset in data.TRUTH_OUTPUTS else "your points"
    rows = ",\n".join(f"    [{a!r}, {b!r}]" for a, b in X.tolist())
    return f"# {what}\nX = np.array([\n{rows},\n])\ny = np.array({y.tolist()!r})\n"


def write_script(config: PerceptronConfig, seed: int) -> str:
    """The script for Perceptron(config, seed) on the CPU."""
    validate(config)
    problem = data.points_problem(config)
    if problem:
        raise ExportError(problem)
    title = ("A standalone PyTorch script exported from the deep-learning playground's Perceptron page "
             "(/perceptron):\nthe page's points, weights and learning rule in plain torch, one point per step.")
    tolerance = (f"Its printed losses match the page's to 0 relative for the first {CHECKED_STEPS} steps, and "
                 "beyond:\nthe same float64 arithmetic in the same order (a loss is 1 for a mistake, else 0).")
    return SCRIPT.substitute(header=header(title, config, seed, tolerance, WEIGHTS_NOTE), seed=seed,
                             lr=repr(config.lr), shuffle=config.shuffle, data=_data(config, seed),
                             w1=repr(config.w1), w2=repr(config.w2), b=repr(config.b))

