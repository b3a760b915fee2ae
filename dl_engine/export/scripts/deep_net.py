"""The gradient lab's script: the same task, deep MLP, initialisation, batches, clipping, L2 and
optimiser as DeepNetExperiment on the CPU, in plain PyTorch.

The page's model is already torch (DeepMLP, torch.optim), so the script rebuilds the same modules
in the same order after torch.manual_seed(seed): nn.Linear's own initial draws, then the
initialiser's, come out identical. A 2-D task is regenerated with the page's NumPy calls; the
digits (scikit-learn's file, not a dependency here) are embedded.
"""
from __future__ import annotations

from string import Template

import numpy as np

from dl_engine.config import validate
from dl_engine.data import images, toy2d
from dl_engine.export.scripts.embed import WEIGHTS_NOTE, array_code, header, source
from dl_engine.training.deep_net import EVAL_ROWS, DeepNetConfig

TOLERANCE, CHECKED_STEPS = 1e-9, 20  # relative, per step (tests/unit/test_export_script_deep_net.py)

ACTIVATION_CODE = {"sigmoid": "nn.Sigmoid()", "tanh": "nn.Tanh()", "relu": "nn.ReLU()",
                   "leaky_relu": "nn.LeakyReLU(0.01)", "elu": "nn.ELU()", "selu": "nn.SELU()"}
NORM_CODE = {"none": "nn.Identity()", "batch": "nn.BatchNorm1d(n_out)", "layer": "nn.LayerNorm(n_out)"}
INIT_CODE = {"zeros": "nn.init.zeros_(weight)",
             "small_random": "nn.init.normal_(weight, 0.0, 0.01)",
             "large_random": "nn.init.normal_(weight, 0.0, 1.0)",
             "xavier": "nn.init.xavier_uniform_(weight)",
             "he": 'nn.init.kaiming_normal_(weight, nonlinearity="relu")',
             "lecun": "nn.init.normal_(weight, 0.0, 1.0 / math.sqrt(weight.shape[1]))  # N(0, 1/n_in)"}
OPTIMIZER_CODE = {"sgd": "torch.optim.SGD(model.parameters(), lr=LR)",
                  "momentum": "torch.optim.SGD(model.parameters(), lr=LR, momentum=0.9)",
                  "adam": "torch.optim.Adam(model.parameters(), lr=LR)"}
CLIP_CODE = {"none": "",
             "norm": "nn.utils.clip_grad_norm_(model.parameters(), CLIP_THRESHOLD)  # ‖g‖ ≤ τ, all parameters\n",
             "value": "nn.utils.clip_grad_value_(model.parameters(), CLIP_THRESHOLD)  # every |g_i| ≤ τ\n"}
BATCH_NORM_WARMUP = '''
# Before training, the page measures step 0's gradients on the first BATCH rows in train mode;
# with batch norm that forward pass moves the running statistics once, so it is repeated here.
with torch.no_grad():
    model(x_train[:BATCH])
'''

SCRIPT = Template('''$header
"""Train the gradient lab's deep network in plain PyTorch: prints `step <n> loss <value>` for every step."""
import argparse
${base64_import}import math
${zlib_import}
import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

SEED = $seed
DEPTH, WIDTH = $depth, $width  # hidden layers, units in each
RESIDUAL = $residual  # h + f(...) where the widths match
LR = $lr
BATCH = $batch
L2 = $l2  # λ of λ Σ w² over the Linear weights (not biases, not norm layers)
CLIP_THRESHOLD = $clip_threshold  # τ (clipping: $clip_kind)
EVAL_ROWS = $eval_rows  # the page evaluates on the first rows of each split, to stay fast


# ---- data: the page's NumPy calls, in the page's order on one generator ---------------------
$data

rng = np.random.default_rng(SEED)
$draw
order = rng.permutation(len(x))
x, y = x[order], y[order]
cut = int(0.7 * len(x))                                  # 70 % train, 30 % test
mean, std = x[:cut].mean(0), x[:cut].std(0) + 1e-3      # standardised on the training split
x = ((x - mean) / std).astype(np.float32)
# float64, as the page on the CPU: a vanishing gradient of 1e-40 must show as 1e-40, not 0
x_train, x_test = torch.tensor(x[:cut], dtype=torch.float64), torch.tensor(x[cut:], dtype=torch.float64)
y_train, y_test = torch.tensor(y[:cut], dtype=torch.int64), torch.tensor(y[cut:], dtype=torch.int64)


# ---- the network ---------------------------------------------------------------------------
class Block(nn.Module):
    """One hidden layer: h' = f(norm(W h + b)), plus h when residual (and the widths match)."""

    def __init__(self, n_in, n_out):
        super().__init__()
        self.linear = nn.Linear(n_in, n_out)
        self.norm = $norm
        self.act = $activation
        self.residual = RESIDUAL and n_in == n_out

    def forward(self, h):
        """h: (B, n_in) → (B, n_out)."""
        out = self.act(self.norm(self.linear(h)))
        return h + out if self.residual else out


class DeepMLP(nn.Module):
    """DEPTH hidden Blocks of WIDTH units and a linear head producing logits."""

    def __init__(self, n_in, n_out):
        super().__init__()
        self.blocks = nn.ModuleList(Block(n_in if i == 0 else WIDTH, WIDTH) for i in range(DEPTH))
        self.head = nn.Linear(WIDTH, n_out)
        for layer in self.linears():   # every weight from the initialiser ($init), biases 0
            weight = layer.weight.data
            $init_code
            nn.init.zeros_(layer.bias)

    def linears(self):
        """The Linear layers, input → head."""
        return [block.linear for block in self.blocks] + [self.head]

    def forward(self, x):
        """x: (B, n_in) → logits (B, n_out)."""
        for block in self.blocks:
            x = block(x)
        return self.head(x)


torch.manual_seed(SEED)
# built and initialised in float32 (torch's default), then moved to float64, as the page does
model = DeepMLP(x_train.shape[1], int(y_train.max()) + 1).double()
optimizer = $optimizer
$warmup

def batch_loss(x, y):
    """Cross-entropy of the logits$l2_doc."""
    loss = F.cross_entropy(model(x), y)
    if L2 > 0:
        loss = loss + L2 * sum((layer.weight * layer.weight).sum() for layer in model.linears())
    return loss


def batches():
    """Row indices of each step: every epoch a new permutation from the data's generator `rng`."""
    while True:
        order = torch.from_numpy(rng.permutation(len(x_train)))
        yield from (order[start:start + BATCH] for start in range(0, len(order), BATCH))


@torch.no_grad()
def evaluate(x, y):
    """(loss, accuracy) on the first EVAL_ROWS rows, in eval mode."""
    model.eval()
    logits = model(x[:EVAL_ROWS])
    model.train()
    return float(F.cross_entropy(logits, y[:EVAL_ROWS])), float((logits.argmax(1) == y[:EVAL_ROWS]).float().mean())


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    steps_per_epoch = math.ceil(len(x_train) / BATCH)
    parser.add_argument("--steps", type=int, default=20 * steps_per_epoch, help="steps (mini-batches) to train")
    steps = parser.parse_args().steps
    model.train()
    for step, rows in zip(range(1, steps + 1), batches()):
        optimizer.zero_grad(set_to_none=True)
        loss = batch_loss(x_train[rows], y_train[rows])
        loss.backward()
        grad_norm = torch.linalg.vector_norm(torch.stack([p.grad.norm() for p in model.parameters()]))
        print(f"step {step} loss {loss.item():.17g}")
        if not (math.isfinite(loss.item()) and math.isfinite(grad_norm.item())):
            print(f"diverged at step {step}: the loss or a gradient is NaN/Inf (the page stops here too, "
                  "keeping the weights from before this step)")
            break
        ${clip}optimizer.step()
    for name, (x, y) in (("train", (x_train, y_train)), ("test", (x_test, y_test))):
        loss, acc = evaluate(x, y)
        print(f"{name} loss {loss:.6g} accuracy {acc:.4f}")


if __name__ == "__main__":
    main()
''')


def _data(task: str) -> tuple[str, str]:
    """(definitions, the line drawing x (N, D) float32 and y (N,) int64 from `rng`) for the task."""
    if task != "digits":
        return source(toy2d._pack, toy2d.DATASETS[task]), f"x, y = {task}(600, 0.1, rng)   # 600 points, noise 0.1"
    digits = images.digits()
    pixels = np.rint(digits.X.reshape(len(digits.X), -1) * 16).astype(np.uint8)
    return ("# scikit-learn's 1,797 handwritten digits (load_digits): 8×8 pixels of 0–16, flattened\n"
            f"PIXELS = {array_code(pixels)}\nLABELS = {array_code(digits.y, 'uint8')}\n",
            "x, y = (PIXELS / 16.0).astype(np.float32), LABELS.astype(np.int64)   # pixels in [0, 1]")


def write_script(config: DeepNetConfig, seed: int) -> str:
    """The script for DeepNetExperiment(config, seed) on the CPU."""
    validate(config)
    definitions, draw = _data(config.task)
    digits = config.task == "digits"
    title = ("A standalone PyTorch script exported from the deep-learning playground's Gradient lab "
             "(/gradients):\nthe page's deep network, data and optimiser rebuilt with plain torch, trained step "
             "for step as the page trains them.")
    tolerance = (f"Its printed losses match the page's (CPU) step for step to {TOLERANCE:g} relative for the first "
                 f"{CHECKED_STEPS} steps:\nthe same torch operations in float64.")
    clip = CLIP_CODE[config.clip]
    return SCRIPT.substitute(
        header=header(title, config, seed, tolerance, WEIGHTS_NOTE), seed=seed,
        base64_import="import base64\n" * digits, zlib_import="import zlib\n" * digits,  # for the embedded digits
        depth=config.depth, width=config.width,
        residual=config.residual, lr=repr(config.lr), batch=config.batch_size, l2=repr(config.l2),
        clip_threshold=repr(config.clip_threshold), clip_kind=config.clip, eval_rows=EVAL_ROWS, data=definitions,
        draw=draw, norm=NORM_CODE[config.norm], activation=ACTIVATION_CODE[config.activation], init=config.init,
        init_code=INIT_CODE[config.init], optimizer=OPTIMIZER_CODE[config.optimizer],
        warmup=BATCH_NORM_WARMUP if config.norm == "batch" else "",
        l2_doc=", plus the L2 penalty" if config.l2 > 0 else "", clip=clip + " " * 8 * bool(clip))
