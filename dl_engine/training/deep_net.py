"""The gradient lab's experiment: a DeepMLP on a 2-D or digits task, with the notes' fixes
(clipping by norm or value, L2, lower learning rate), watching every layer's gradient every step."""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
from torch.nn import functional as F

from dl_engine.config import bounded, choice
from dl_engine.data import images, toy2d
from dl_engine.models.deep_mlp import ACTIVATION_NAMES, INIT_NAMES, NORMS, DeepMLP, layer_label
from dl_engine.training import probes
from dl_engine.training.experiment import StepResult, TorchExperiment
from dl_engine.models.registry import l2_penalty
from dl_engine.training.gradient_health import BoundsWatch, PostMortem, post_mortem
from dl_engine.training.run import Status

TASKS = ("circle", "spiral", "xor", "digits")
CLIPS = ("none", "norm", "value")
EVAL_ROWS = 512          # evaluation subset: metrics stay cheap at 10 snapshots a second
ACTIVATION_SAMPLES = 512  # values per layer sent to the distribution plot


@dataclass(frozen=True)
class DeepNetConfig:
    """A deep MLP and how it is trained; `depth` counts hidden layers."""
    task: str = choice("circle", TASKS)
    depth: int = bounded(20, 1, 50)
    width: int = bounded(32, 2, 256)
    activation: str = choice("sigmoid", ACTIVATION_NAMES)
    init: str = choice("small_random", INIT_NAMES)
    norm: str = choice("none", NORMS)
    residual: bool = False
    clip: str = choice("none", CLIPS)
    clip_threshold: float = bounded(1.0, 0.001, 100.0)
    l2: float = bounded(0.0, 0.0, 0.1)
    lr: float = bounded(0.1, 0.0001, 10.0)
    optimizer: str = choice("sgd", ("sgd", "momentum", "adam"))
    batch_size: int = bounded(64, 8, 512)


@dataclass(frozen=True)
class Preset:
    """A configuration that reproduces one of the notes' claims, the claim in words, and the
    name a link uses (?preset=<slug>)."""
    config: DeepNetConfig
    claim: str
    slug: str


PRESETS = {
    "Vanishing: 20-layer sigmoid, small random init": Preset(
        DeepNetConfig(), "σ′ ≤ ¼ and tiny weights: each layer multiplies the gradient by ≪ 1, so the "
        "first layer's gradient is ~10⁻³⁸ of the output layer's and the loss never moves (§42).", "vanishing"),
    "Healthy: 20-layer ReLU + He": Preset(
        DeepNetConfig(activation="relu", init="he"), "ReLU′ = 1 for z > 0 and Var W = 2/n_in keep every "
        "layer's gradient within 10× of the output layer's; the net learns (§42.3–42.4).", "healthy"),
    "Exploding: large random init": Preset(
        DeepNetConfig(activation="relu", init="large_random", depth=10, lr=0.01), "W ~ N(0, 1) multiplies "
        "the signal by ≈ √(n/2) per layer: gradients of 10⁵ from step 0, and the first updates end in NaN "
        "(§43).", "exploding"),
    "Exploding + gradient clipping": Preset(
        DeepNetConfig(activation="relu", init="large_random", depth=10, lr=0.01, clip="norm"),
        "The same net with ‖∇W‖ clipped to τ = 1: every update is small, the loss stays finite and "
        "falls (§43.3).", "clipping"),
    "Batch norm rescues a deep sigmoid net": Preset(
        DeepNetConfig(init="xavier", norm="batch"), "Even with Xavier, 20 sigmoid layers vanish (¼²⁰ ≈ 10⁻¹²); "
        "normalising each layer's pre-activations restores the gradient and the net learns (§43.5, 003).",
        "batch-norm"),
}


def make_task(name: str, rng: np.random.Generator, n: int = 600, noise: float = 0.1):
    """(x_train, y_train, x_test, y_test): standardised float32 (N, D) inputs, int64 (N,) labels.

    2-D sets come from dl_engine.data.toy2d, digits (64 pixels, 10 classes) from scikit-learn.
    """
    if name == "digits":
        data = images.digits()
        x, y = data.X.reshape(len(data.X), -1), data.y
    else:
        x, y = toy2d.DATASETS[name](n, noise, rng)
    order = rng.permutation(len(x))
    x, y = x[order], y[order]
    cut = int(0.7 * len(x))
    mean, std = x[:cut].mean(0), x[:cut].std(0) + 1e-3  # standardise on the training split
    x = ((x - mean) / std).astype(np.float32)
    return x[:cut], y[:cut].astype(np.int64), x[cut:], y[cut:].astype(np.int64)


class DeepNetExperiment(TorchExperiment):
    """Trains DeepMLP with cross-entropy; `watch` sees every step's per-layer gradient norms."""

    def __init__(self, config: DeepNetConfig, seed: int = 0, device: torch.device = torch.device("cpu")):
        self.config = config
        self.rng = np.random.default_rng(seed)
        xtr, ytr, xte, yte = make_task(config.task, self.rng)
        # float64 where the device has it: a vanishing gradient of 1e-40 must show as 1e-40, not 0
        dtype = torch.float32 if device.type == "mps" else torch.float64
        self.x, self.y = torch.as_tensor(xtr, dtype=dtype, device=device), torch.as_tensor(ytr, device=device)
        self.x_test = torch.as_tensor(xte, dtype=dtype, device=device)
        self.y_test = torch.as_tensor(yte, device=device)
        model = DeepMLP(xtr.shape[1], int(ytr.max()) + 1, config.depth, config.width,
                        config.activation, config.init, config.norm, config.residual).to(device, dtype)
        self.setup(model, config.optimizer, config.lr)
        self.linear_names = list(model.linears())
        self.clip_norm = config.clip_threshold if config.clip == "norm" else None
        self.clip_value = config.clip_threshold if config.clip == "value" else None
        self.steps_per_epoch = math.ceil(len(self.x) / config.batch_size)
        self.watch = BoundsWatch()
        self.step_count = 0
        self._order, self._pos = self.rng.permutation(len(self.x)), 0
        self._last_visuals: dict = {}

    def next_batch(self):
        if self._pos >= len(self._order):
            self._order, self._pos = self.rng.permutation(len(self.x)), 0
        idx = torch.as_tensor(self._order[self._pos:self._pos + self.config.batch_size], device=self.x.device)
        self._pos += self.config.batch_size
        return self.x[idx], self.y[idx]

    def batch_loss(self, batch) -> torch.Tensor:
        x, y = batch
        loss = F.cross_entropy(self.model(x), y)
        if self.config.l2 > 0:
            loss = loss + self.config.l2 * l2_penalty([m.weight for m in self.model.linears().values()])
        return loss

    def probe_modules(self):
        return {f"blocks.{i}": block for i, block in enumerate(self.model.blocks)}

    def linear_norms(self, grad_norms: dict[str, float]) -> dict[str, float]:
        """Only the Linear layers' norms, input → output (norm layers' γ, β left out)."""
        return {name: grad_norms[name] for name in self.linear_names if name in grad_norms}

    def train_step(self, probe: bool) -> StepResult:
        result = super().train_step(probe)
        self.step_count += 1
        self.watch.observe(self.step_count, self.linear_norms(result.grad_norms))
        return result

    def inspect(self) -> StepResult:
        """Forward and backward on the first training batch with probes, no update: step 0."""
        self.model.train()
        self.optimizer.zero_grad(set_to_none=True)
        record = probes.ProbeRecord()
        batch = self.x[:self.config.batch_size], self.y[:self.config.batch_size]
        with probes.record_layers(self.probe_modules(), record):
            loss = self.batch_loss(batch)
            loss.backward()
        record.grad_norms = probes.layer_grad_norms(self.layers)
        self.optimizer.zero_grad(set_to_none=True)
        return StepResult(loss=float(loss.detach()), grad_norms=record.grad_norms, probe=record)

    @torch.no_grad()
    def evaluate(self) -> dict[str, float]:
        self.model.eval()
        metrics = {}
        for split, x, y in (("train", self.x, self.y), ("test", self.x_test, self.y_test)):
            logits = self.model(x[:EVAL_ROWS])
            metrics[f"{split}_loss"] = float(F.cross_entropy(logits, y[:EVAL_ROWS]))
            metrics[f"{split}_acc"] = float((logits.argmax(1) == y[:EVAL_ROWS]).float().mean())
        self.model.train()
        return metrics

    def visuals(self, probe: probes.ProbeRecord | None) -> dict:
        """layers: labels input → output (L+1); grad_norms, update_ratios: (L+1,) (NaN: not
        measured); activations: (L, ACTIVATION_SAMPLES) sampled hidden outputs."""
        if probe is None:
            return self._last_visuals  # a pause re-publishes: keep the last picture
        grads = probe.grad_norms
        acts = [probe.activations[f"blocks.{i}"].ravel() for i in range(len(self.model.blocks))]
        self._last_visuals = {
            "layers": [layer_label(n) for n in self.linear_names],
            "names": self.linear_names,
            "grad_norms": np.array([grads.get(n, np.nan) for n in self.linear_names]),
            "update_ratios": np.array([probe.update_ratios.get(n, np.nan) for n in self.linear_names]),
            "activations": np.stack([a[np.linspace(0, len(a) - 1, ACTIVATION_SAMPLES).astype(int)] for a in acts]),
        }
        return self._last_visuals


def gradient_history(history: dict[str, np.ndarray], names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(steps (T,), norms (len(names), T)) from a Snapshot's history: only the probed rows."""
    if "step" not in history:
        return np.zeros(0), np.zeros((len(names), 0))
    blank = np.full(len(history["step"]), np.nan)
    norms = np.stack([history.get(f"grad_norm/{name}", blank) for name in names])
    measured = ~np.all(np.isnan(norms), axis=0)
    return history["step"][measured], norms[:, measured]


def diagnose(run) -> PostMortem | None:
    """The post-mortem of a diverged TrainingRun of DeepNetExperiment (None if it did not diverge)."""
    snap = run.snapshot
    if snap.status != Status.DIVERGED:
        return None
    config: DeepNetConfig = run.config
    already = ("gradient clipping",) if config.clip != "none" else ()
    already += ("L2",) if config.l2 > 0 else ()
    already += ("batch normalisation",) if config.norm == "batch" else ()
    return post_mortem(snap.step, snap.diverged_layer, run.experiment.watch, already)
