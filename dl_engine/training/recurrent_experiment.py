"""The recurrent playground's experiment: config, training, and the live payload of gates and BPTT.

`build_recurrent_experiment(config, seed, device)` is the TrainingRun factory; with
`config.compare` it trains an RNN, an LSTM and a GRU side by side (CompareExperiment).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import torch

from dl_engine.config import ConfigError, bounded, choice
from dl_engine.data import text
from dl_engine.data.csv_points import DataError
from dl_engine.models.recurrent import CELLS
from dl_engine.training import recurrent_tasks as tasks
from dl_engine.models.bptt import grad_norms_through_time
from dl_engine.training.experiment import Experiment, StepResult, TorchExperiment
from dl_engine.training.recurrent_probe import probe_visuals, sample_chars
from dl_engine.models.registry import OPTIMIZERS

TASKS = ("language_model", "forecast", "sentiment", "remember_first", "adding")
MANY_TO_MANY = ("language_model", "forecast")
STEPS_PER_EPOCH = 100  # generated data never repeats: an "epoch" is 100 batches
FORGET_BIAS = 1.0  # the LSTM starts out remembering (b_f = 1, as Keras does by default)
# Applied by TorchExperiment (clip_grad_norm_ / clip_grad_value_) before every update.
CLIP_LATEX = {"norm": r"\text{if } \|\nabla W\| > \tau:\quad \nabla W \leftarrow \tau\,\frac{\nabla W}{\|\nabla W\|}",
              "value": r"\nabla W \leftarrow \min(\max(\nabla W, -\tau), \tau)\ \text{(each entry)}"}
CLIP_NOTE = {"norm": "The notes' rule (000 §43.3), with ‖∇W‖ the norm of all the network's gradients taken "
                     "together (PyTorch's clip_grad_norm_): every weight's gradient is scaled by the same factor.",
             "value": "Not in the notes: PyTorch's clip_grad_value_, which clips each gradient entry on its own "
                      "and so can turn the gradient's direction."}


@dataclass(frozen=True)
class RecurrentConfig:
    """Everything that defines one recurrent run (changing any of it restarts training)."""
    task: str = choice("language_model", TASKS)
    corpus: str = choice("hello", (*text.CORPORA, "custom"))
    custom_text: str = ""
    cell: str = choice("lstm", tuple(CELLS))
    nonlinearity: str = choice("tanh", ("tanh", "relu"))
    hidden_size: int = bounded(16, 1, 128)
    num_layers: int = bounded(1, 1, 3)
    bidirectional: bool = False
    seq_len: int = bounded(16, 2, 200)
    noise: float = bounded(0.1, 0.0, 1.0)
    batch_size: int = bounded(32, 1, 256)
    optimizer: str = choice("adam", tuple(OPTIMIZERS))
    lr: float = bounded(0.01, 1e-5, 2.0)
    clip: str = choice("none", ("none", "norm", "value"))
    clip_threshold: float = bounded(1.0, 0.001, 100.0)
    truncate: int = bounded(0, 0, 200)
    compare: bool = False

    def check(self) -> None:
        """Cross-field rules (`validate` calls this): no bidirectional net on a next-step task, and
        a usable text when the language model reads the user's own; else ConfigError."""
        if self.bidirectional and self.task in MANY_TO_MANY:
            raise ConfigError("A bidirectional network reads the future, so predicting the next step would be "
                              "cheating. Use it for sentiment, remember-first or adding, or untick Bidirectional.",
                              ("bidirectional",))
        if self.task == "language_model" and self.corpus == "custom":
            try:
                text.clean_text(self.custom_text)
            except DataError as err:
                raise ConfigError(str(err), ("custom_text", "corpus")) from None


def config_problem(config: RecurrentConfig) -> str | None:
    """Why this config cannot train (a message for the page), or None."""
    try:
        config.check()
    except ConfigError as err:
        return str(err)
    return None


def make_task(config: RecurrentConfig) -> tasks.Task:
    if config.task == "language_model":
        raw = config.custom_text if config.corpus == "custom" else text.CORPORA[config.corpus]
        corpus = text.CharCorpus.of(text.clean_text(raw) if config.corpus == "custom" else raw)
        return tasks.LanguageModel(corpus, config.seq_len)
    if config.task == "forecast":
        return tasks.Forecast(config.seq_len, config.noise)
    if config.task == "sentiment":
        return tasks.Sentiment()
    if config.task == "remember_first":
        return tasks.RememberFirst(config.seq_len)
    return tasks.Adding(config.seq_len)


class RecurrentExperiment(TorchExperiment):
    """One recurrent network trained on one task; visuals hold gates, states and ∂L/∂h_t."""
    evaluate_every = 0.5   # the held-out splits and the generated text: twice a second while training

    def __init__(self, config: RecurrentConfig, seed: int = 0, device: torch.device | str = "cpu"):
        problem = config_problem(config)
        if problem:
            raise ConfigError(problem)
        self.config, self.device = config, torch.device(device)
        self.task = make_task(config)
        self.rng = np.random.default_rng(seed)
        options = {"rnn": {"nonlinearity": config.nonlinearity}, "lstm": {"forget_bias": FORGET_BIAS}}.get(config.cell, {})
        model = tasks.SequenceModel(config.cell, self.task.input_size, config.hidden_size,
                                    self.task.output_size, config.num_layers, config.bidirectional,
                                    self.task.many_to_one, **options).to(self.device)
        self.setup(model, config.optimizer, config.lr)
        self.clip_norm = config.clip_threshold if config.clip == "norm" else None
        self.clip_value = config.clip_threshold if config.clip == "value" else None
        self.truncate = config.truncate or None
        self.eval_sets = {k: self._tensors(*v) for k, v in self.task.eval_sets(seed).items()}
        self.steps_per_epoch = (max(1, len(self.eval_sets["train"][1]) // config.batch_size)
                                if config.task == "sentiment" else STEPS_PER_EPOCH)
        self.sample_seed = seed
        self.writes_text = hasattr(self.task, "corpus")   # a language model shows text it generates
        self.samples: dict[float, str] | None = None     # that text, as of the last evaluate()

    def _tensors(self, x: np.ndarray, y: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
        return torch.as_tensor(x, device=self.device), torch.as_tensor(y, device=self.device)

    def next_batch(self):
        return self._tensors(*self.task.batch(self.rng, self.config.batch_size))

    def batch_loss(self, batch) -> torch.Tensor:
        x, y = batch
        logits, _ = self.model(x, truncate=self.truncate)
        return self.task.loss(logits, y)

    @torch.no_grad()
    def evaluate(self) -> dict[str, float]:
        self.model.eval()
        metrics = {}
        for split, (x, y) in self.eval_sets.items():
            logits, _ = self.model(x)
            metrics[f"{split}_loss"] = float(self.task.loss(logits, y))
            acc = self.task.accuracy(logits, y)
            if acc is not None:
                metrics[f"{split}_acc"] = acc
        if self.writes_text:
            corpus = self.task.corpus
            length = 20 if len(corpus.text) < 20 else 60
            self.samples = sample_chars(self.model, corpus, corpus.text[0], length, seed=self.sample_seed)
        return metrics

    def gradient_through_time(self, x: torch.Tensor, y: torch.Tensor) -> dict[str, np.ndarray]:
        """‖∂L_T/∂h_t‖ and ‖∂L_T/∂W_hh at step t‖ for t = 1…T (top layer, forward direction)."""
        logits, run = self.model(x, truncate=self.truncate, record=True)
        loss = self.task.last_loss(logits, y)
        top = f"l{self.config.num_layers - 1}"
        return {"dh": grad_norms_through_time(run.hidden_steps[top], loss),
                "dw": grad_norms_through_time(run.weight_steps[top], loss)}

    def visuals(self, probe=None) -> dict:
        self.model.eval()
        x, y = self.eval_sets["train"]
        payload = probe_visuals(self, x, y)
        if self.samples is not None:
            payload["samples"] = self.samples
        return payload


class CompareExperiment(Experiment):
    """RNN, LSTM and GRU on the same task, seed and batches, stepped together."""
    evaluate_every = RecurrentExperiment.evaluate_every

    def __init__(self, config: RecurrentConfig, seed: int = 0, device: torch.device | str = "cpu"):
        self.members = {}
        for cell in CELLS:
            torch.manual_seed(seed)
            self.members[cell] = RecurrentExperiment(dataclasses.replace(config, cell=cell, compare=False),
                                                     seed=seed, device=device)
            self.members[cell].writes_text = False   # the comparison shows curves only
        self.steps_per_epoch = self.members["lstm"].steps_per_epoch

    def train_step(self, probe: bool) -> StepResult:
        results = {cell: member.train_step(probe=False) for cell, member in self.members.items()}
        norms = {f"{cell}/{layer}": v for cell, r in results.items() for layer, v in r.grad_norms.items()}
        return StepResult(loss=float(np.mean([r.loss for r in results.values()])), grad_norms=norms)

    def evaluate(self) -> dict[str, float]:
        metrics = {f"{cell}/{k}": v for cell, m in self.members.items() for k, v in m.evaluate().items()}
        metrics["train_loss"] = max(metrics[f"{cell}/train_loss"] for cell in self.members)  # stops when all do
        return metrics

    def visuals(self, probe=None) -> dict:
        out = {}
        for cell, member in self.members.items():
            x, y = member.eval_sets["train"]
            member.model.eval()
            out[cell] = {k: v.tolist() for k, v in member.gradient_through_time(x[:32], y[:32]).items()}
        return {"compare": out}

    def state_tensors(self) -> dict[str, torch.Tensor]:
        """Every member's weights under its cell's name: "rnn.<param>", "lstm.<param>", "gru.<param>"."""
        return {f"{cell}.{name}": t for cell, member in self.members.items()
                for name, t in member.state_tensors().items()}

    def load_state_tensors(self, tensors: dict[str, torch.Tensor]) -> None:
        for cell, member in self.members.items():
            prefix = f"{cell}."
            member.load_state_tensors({name[len(prefix):]: t for name, t in tensors.items() if name.startswith(prefix)})


def build_recurrent_experiment(config: RecurrentConfig, seed: int = 0, device="cpu") -> Experiment:
    """The TrainingRun factory for the recurrent page."""
    return CompareExperiment(config, seed, device) if config.compare else RecurrentExperiment(config, seed, device)

