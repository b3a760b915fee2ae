"""The MLP playground's script: the same points, features, network, initial weights, batches,
dropout draws, loss, penalty and optimiser as MLPExperiment on the CPU, in plain PyTorch.

The compiled kernel's forward/backward becomes autograd and its update rules torch.optim (the
rules it is tested to follow); the NumPy draws (data, split, init, shuffle, dropout) are the
engine's own calls, so the script replays its run step for step. The engine draws many epochs'
permutations in one call and the script one per epoch: the same stream, the same orders.
"""
from __future__ import annotations

from string import Template

import numpy as np

from dl_engine.config import validate
from dl_engine.data import toy2d
from dl_engine.data.csv_points import DataError
from dl_engine.export.errors import ExportError
from dl_engine.export.scripts.embed import WEIGHTS_NOTE, array_code, header, source
from dl_engine.models.mlp_init import INIT_NAMES, init_weights
from dl_engine.models.mlp_config import MLPConfig
from dl_engine.training.mlp_experiment import load_points

TOLERANCE, CHECKED_STEPS = 1e-5, 30  # relative, per step (tests/unit/test_export_script_mlp.py)

FEATURE_CODE = {"x1": "X[:, 0]", "x2": "X[:, 1]", "x1^2": "X[:, 0] ** 2", "x2^2": "X[:, 1] ** 2",
                "x1*x2": "X[:, 0] * X[:, 1]", "sin_x1": "np.sin(X[:, 0])", "sin_x2": "np.sin(X[:, 1])"}
ACTIVATION_CODE = {"linear": "nn.Identity()", "tanh": "nn.Tanh()", "sigmoid": "nn.Sigmoid()", "relu": "nn.ReLU()",
                   "leaky_relu": "nn.LeakyReLU(0.01)", "elu": "nn.ELU()", "selu": "nn.SELU()", "step": "Step()"}
OPTIMIZER_CODE = {"sgd": "torch.optim.SGD(model.parameters(), lr=LR)",
                  "momentum": "torch.optim.SGD(model.parameters(), lr=LR, momentum=0.9)",
                  "adagrad": "torch.optim.Adagrad(model.parameters(), lr=LR)",
                  "rmsprop": "torch.optim.RMSprop(model.parameters(), lr=LR)",
                  "adam": "torch.optim.Adam(model.parameters(), lr=LR)"}
LOSS_CODE = {"binary_cross_entropy": "F.binary_cross_entropy_with_logits(logits, target)",
             "cross_entropy": "F.cross_entropy(logits, target)  # one-hot targets: class probabilities",
             "mse": "F.mse_loss(PROBABILITY, target)  # the page's regression losses compare probabilities",
             "mae": "F.l1_loss(PROBABILITY, target)  # the page's regression losses compare probabilities",
             "huber": "F.huber_loss(PROBABILITY, target, delta=1.0)  # on probabilities, as the page"}
PENALTY_CODE = {"l1": "RATE * sum(layer.weight.abs().sum() for layer in model.layers)  # weights only, not biases",
                "l2": "RATE * sum((layer.weight ** 2).sum() for layer in model.layers)  # weights only, not biases"}

STEP_CLASS = '''class Step(nn.Module):
    """Heaviside step, 1 where z >= 0: its derivative is 0, so nothing below it learns."""

    def forward(self, z):
        return (z >= 0).to(z.dtype)


'''

SCRIPT = Template('''$header
"""Train the MLP page's network in plain PyTorch: prints `step <n> loss <value>` for every step."""
import argparse
${base64_import}import math
${zlib_import}
import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

SEED = $seed
SIZES = $sizes  # inputs, hidden layers, outputs
INIT = $init
LR = $lr
BATCH = $batch  # rows per step (the last batch of an epoch may be shorter)
KEEP = $keep  # 1 - dropout
RATE = $rate  # $regularization penalty rate
STEPS_PER_EPOCH = $steps_per_epoch


# ---- data: the page's NumPy calls, so the very same points ---------------------------------
$data

def features(X):
    """(N, 2) points → (N, $n_features) float32 inputs: $feature_names."""
    X = np.asarray(X, np.float32)
    return np.stack([$feature_code], 1).astype(np.float32)


def targets(y):
    """(N,) labels → $target_doc float32."""
    return torch.tensor($target_code, dtype=torch.float32)


x_train, x_test = torch.from_numpy(features(X_train)), torch.from_numpy(features(X_test))
t_train, t_test = targets(y_train), targets(y_test)


# ---- the network ---------------------------------------------------------------------------
${step_class}class MLP(nn.Module):
    """Linear layers SIZES[0] → … → SIZES[-1]; an activation after each hidden one; linear logits."""

    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in zip(SIZES[:-1], SIZES[1:]))
        self.activations = nn.ModuleList([$activation_modules])

    def forward(self, x, masks=None):
        """x: (B, SIZES[0]) → logits (B, SIZES[-1]); masks: a (B, n) keep-mask per hidden layer, or None."""
        for i, (layer, act) in enumerate(zip(self.layers, self.activations)):
            x = act(layer(x))
            if masks is not None:
                x = x * masks[i] / KEEP   # inverted dropout: kept units scaled by 1/KEEP
        return self.layers[-1](x)


$init_source

torch.manual_seed(SEED)
model = MLP()
init_rng = np.random.default_rng(SEED)   # the page draws every layer's weights from this stream
with torch.no_grad():
    for layer in model.layers:
        W = init_weights(INIT, layer.in_features, layer.out_features, init_rng)  # (n_in, n_out), as the page
        layer.weight.copy_(torch.from_numpy(W.T))   # nn.Linear stores (n_out, n_in): transposed
        layer.bias.zero_()                          # the page's biases start at 0
optimizer = $optimizer


def data_loss(logits, target):
    """Mean loss of logits (B, $n_out) against targets (B, $n_out)."""
    return $loss_code


def penalty():
    return $penalty_code


# ---- batches and dropout draws in the page's order -----------------------------------------
def batches():
    """Row indices of each step: every epoch a new permutation from the page's shuffle stream."""
    shuffle = np.random.default_rng(SEED + 2)
    while True:
        order = torch.from_numpy(shuffle.permutation(len(x_train)))
        for start in range(0, len(order), BATCH):
            yield order[start:start + BATCH]


dropout_rng = np.random.default_rng(SEED)
if KEEP < 1:   # before training, the page's step-0 look at the gradients draws one mask per hidden layer
    for n in SIZES[1:-1]:
        dropout_rng.random((BATCH, n), dtype=np.float32)


def dropout_masks(rows):
    """One U[0, 1) table (BATCH, sum(SIZES)) per step; hidden layer i keeps its columns' entries < KEEP."""
    if KEEP == 1:
        return None
    u = torch.from_numpy(dropout_rng.random((BATCH, sum(SIZES)), dtype=np.float32)[:rows])
    starts = np.cumsum(SIZES)[:-2]
    return [u[:, s:s + n] < KEEP for s, n in zip(starts, SIZES[1:-1])]


def evaluate(x, t, y):
    """(loss without the penalty, accuracy) on a whole split, no dropout; y: (N,) labels."""
    with torch.no_grad():
        logits = model(x)
        predicted = $predicted
        return float(data_loss(logits, t)), float((predicted == torch.from_numpy(y)).float().mean())


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=5 * STEPS_PER_EPOCH, help="steps (mini-batches) to train")
    steps = parser.parse_args().steps
    for step, rows in zip(range(1, steps + 1), batches()):
        masks = dropout_masks(len(rows))
        optimizer.zero_grad()
        loss = data_loss(model(x_train[rows], masks), t_train[rows]) + penalty()
        loss.backward()
        grads_finite = all(torch.isfinite(p.grad).all() for p in model.parameters() if p.grad is not None)
        print(f"step {step} loss {loss.item():.9g}")
        if not (math.isfinite(loss.item()) and grads_finite):
            print(f"diverged at step {step}: the loss or a gradient is NaN/Inf (the page stops here too)")
            break
        optimizer.step()
    for name, split_data in (("train", (x_train, t_train, y_train)), ("test", (x_test, t_test, y_test))):
        loss, acc = evaluate(*split_data)
        print(f"{name} loss {loss:.6g} accuracy {acc:.4f}")


if __name__ == "__main__":
    main()
''')


def _data(config: MLPConfig, X: np.ndarray, y: np.ndarray, names: list[str]) -> str:
    """Code setting X_train, y_train, X_test, y_test: a built-in set regenerated, an upload embedded."""
    split = source(toy2d.split)
    if config.dataset != "csv":
        return (source(toy2d._pack, toy2d.DATASETS[config.dataset]) + "\n\n" + split + "\n\n"
                f"X, y = {config.dataset}({config.n_points}, {config.noise!r}, np.random.default_rng(SEED))\n"
                f"X_train, y_train, X_test, y_test = split(X, y, {config.train_ratio!r}, SEED + 1)\n")
    return (f"# the uploaded CSV's {len(y)} points (classes {', '.join(names)}), already fitted to the plane\n"
            f"X = {array_code(X, 'float32')}\ny = {array_code(y, 'int64')}\n\n\n{split}\n\n"
            f"X_train, y_train, X_test, y_test = split(X, y, {config.train_ratio!r}, SEED + 1)\n")


def write_script(config: MLPConfig, seed: int) -> str:
    """The script for MLPExperiment(config, seed) on the CPU."""
    validate(config)
    try:
        X, y, names = load_points(config, seed)
    except DataError as err:
        raise ExportError(str(err)) from None
    sigmoid, embedded = config.output == "sigmoid", config.dataset == "csv"
    n_out = 1 if sigmoid else max(2, len(names))
    n_train = len(toy2d.split(X, y, config.train_ratio, seed + 1)[1])
    batch = min(config.batch_size, n_train)
    acts = config.layer_activations()
    probability = "torch.sigmoid(logits)" if sigmoid else "torch.softmax(logits, 1)"
    reg = config.regularization if config.regularization != "none" and config.reg_rate else "none"
    title = ("A standalone PyTorch script exported from the deep-learning playground's MLP page (/mlp): the "
             "page's network,\ndata and optimiser rebuilt with plain torch, trained step for step as the page "
             "trains them.")
    tolerance = (f"Its printed losses match the page's (CPU) step for step to {TOLERANCE:g} relative for the first "
                 f"{CHECKED_STEPS} steps:\nboth compute in float32, in a different order, so later steps drift "
                 "apart slowly.")
    return SCRIPT.substitute(
        header=header(title, config, seed, tolerance, WEIGHTS_NOTE),
        base64_import="import base64\n" * embedded, zlib_import="import zlib\n" * embedded,  # for uploaded points
        seed=seed, sizes=(len(config.features), *config.hidden, n_out), init=repr(config.init),
        lr=repr(config.lr), batch=batch, keep=repr(1.0 - config.dropout), rate=repr(config.reg_rate),
        regularization=reg, steps_per_epoch=-(-n_train // batch), data=_data(config, X, y, names),
        n_features=len(config.features), feature_names=", ".join(config.features),
        feature_code=", ".join(FEATURE_CODE[f] for f in config.features),
        target_doc="(N, 1) 0/1 targets" if sigmoid else f"(N, {n_out}) one-hot targets",
        target_code="y[:, None]" if sigmoid else f"np.eye({n_out})[y]",
        step_class=STEP_CLASS if "step" in acts else "",
        activation_modules=", ".join(ACTIVATION_CODE[a] for a in acts),
        init_source=f"INIT_NAMES = {INIT_NAMES!r}\n\n\n" + source(init_weights),
        optimizer=OPTIMIZER_CODE[config.optimizer], n_out=n_out,
        loss_code=LOSS_CODE[config.loss].replace("PROBABILITY", probability),
        penalty_code=PENALTY_CODE.get(reg, "0.0  # no regulariser"),
        predicted="(logits[:, 0] > 0).long()" if sigmoid else "logits.argmax(1)")
