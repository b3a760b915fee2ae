"""The bench's live part, three small nets trained side by side, full batch, plain SGD:

- the same sigmoid unit, started saturated the wrong way round, copied twice: one copy descends
  binary cross-entropy, the other MSE on σ(z), with the same step and learning rate, on the two
  Gaussian blobs (a line separates them, so one unit can learn them);
- a one-hidden-layer net (ReLU, leaky ReLU or ELU) descending cross-entropy on config.dataset,
  its dead units (output 0 on every training input) counted as it trains.

One step updates each of the three once (an epoch is one step: the whole set is the batch).
"""
from __future__ import annotations

from dataclasses import dataclass

import torch
from torch.nn import functional as F

from dl_engine.config import bounded, choice
from dl_engine.data.toy2d import DATASETS, make_dataset
from dl_engine.models.activation_bench_nets import HiddenNet, dead_units, saturated_unit
from dl_engine.models.mlp_losses import LOSSES
from dl_engine.training.experiment import Experiment, StepResult

UNIT_DATASET = "gauss"
RACERS = ("binary_cross_entropy", "mse")      # the unit's two copies, by the loss each descends
SHORT = {"binary_cross_entropy": "ce", "mse": "mse"}
HIDDEN_ACTIVATIONS = ("relu", "leaky_relu", "elu")


@dataclass(frozen=True)
class BenchConfig:
    dataset: str = choice("circle", tuple(DATASETS))   # the hidden net's; the unit's is always "gauss"
    points: int = bounded(200, 20, 2000)
    noise: float = bounded(0.1, 0.0, 0.5)
    start_scale: float = bounded(4.0, 0.0, 20.0)   # ‖w‖ of the unit at the start, pointing the wrong way
    lr: float = bounded(0.5, 1e-4, 50.0)           # both copies' SGD step
    activation: str = choice("relu", HIDDEN_ACTIVATIONS)
    hidden: int = bounded(32, 2, 256)
    net_lr: float = bounded(1.0, 1e-4, 50.0)
    bias_init: float = bounded(0.0, -20.0, 20.0)   # every hidden unit's b₁ at the start


def _points(name: str, config: BenchConfig, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """X (N, 2) float32, y (N,) float 0/1."""
    X, y = make_dataset(name, config.points, config.noise, seed)
    return torch.from_numpy(X), torch.from_numpy(y).float()


class BenchExperiment(Experiment):
    """The unit's two copies on the blobs, the net on config.dataset (N points each). Runs on the CPU
    whatever the device: a step is three updates of at most a few thousand numbers."""
    evaluate_every = 0.0
    steps_per_epoch = 1

    def __init__(self, config: BenchConfig, seed: int = 0, device: torch.device | str = "cpu"):
        self.config = config
        self.X, self.y = _points(UNIT_DATASET, config, seed)
        self.target = self.y[:, None]                                # (N, 1), the losses' shape
        self.net_X, self.net_y = _points(config.dataset, config, seed)
        self.net_target = self.net_y[:, None]
        # saturated_unit sets every weight: both copies start from the very same numbers
        self.units = {name: saturated_unit(self.X, self.y, config.start_scale) for name in RACERS}
        self.unit_opts = {n: torch.optim.SGD(u.parameters(), lr=config.lr) for n, u in self.units.items()}
        self.net = HiddenNet(config.hidden, config.activation, config.bias_init,
                             torch.Generator().manual_seed(seed))
        self.net_opt = torch.optim.SGD(self.net.parameters(), lr=config.net_lr)

    def _unit_loss(self, name: str) -> torch.Tensor:
        return LOSSES[name].torch(self.units[name](self.X), self.target)

    def train_step(self, probe: bool) -> StepResult:
        norms, losses = {}, {}
        for name, opt in self.unit_opts.items():
            opt.zero_grad(set_to_none=True)
            loss = self._unit_loss(name)
            loss.backward()
            norms[name], losses[name] = float(self.units[name].weight.grad.norm()), float(loss.detach())
            opt.step()
        self.net_opt.zero_grad(set_to_none=True)
        F.binary_cross_entropy_with_logits(self.net(self.net_X), self.net_target).backward()
        norms["net"] = float(self.net.hidden.weight.grad.norm())
        self.net_opt.step()
        # the run's loss (and its stop on a non-finite one) follows the cross-entropy copy
        return StepResult(loss=losses["binary_cross_entropy"], grad_norms=norms)

    def grad_at_z(self, name: str) -> tuple[torch.Tensor, torch.Tensor]:
        """z (N,) of a copy, and ∂L_i/∂z_i (N,): each sample's own loss's gradient at its logit
        (autograd of the mean loss, times N), the factor σ′ enters by."""
        z = self.units[name](self.X).detach().requires_grad_(True)
        (grad,) = torch.autograd.grad(LOSSES[name].torch(z, self.target), z)
        return z.detach()[:, 0], grad[:, 0] * len(z)

    def evaluate(self) -> dict[str, float]:
        """Per copy: its own loss, accuracy and mean |∂L_i/∂z_i|; the net's loss, accuracy and dead share."""
        out = {}
        with torch.no_grad():
            for name in RACERS:
                z = self.units[name](self.X)[:, 0]
                out[f"{SHORT[name]}_loss"] = float(self._unit_loss(name))
                out[f"{SHORT[name]}_acc"] = float(((z > 0).float() == self.y).float().mean())
            logits = self.net(self.net_X)
            out["net_loss"] = float(F.binary_cross_entropy_with_logits(logits, self.net_target))
            out["net_acc"] = float(((logits[:, 0] > 0).float() == self.net_y).float().mean())
            out["dead_share"] = float(dead_units(self.net.hidden_outputs(self.net_X)).float().mean())
        for name in RACERS:
            out[f"{SHORT[name]}_grad_z"] = float(self.grad_at_z(name)[1].abs().mean())
        return out

    def visuals(self, probe=None) -> dict:
        """z[name], grad_z[name]: (N,) each sample's logit and ∂L_i/∂z_i per copy; y (N,);
        active (H,): the share of inputs each hidden unit's output is non-zero on; dead (H,) bool."""
        out = {"z": {}, "grad_z": {}, "y": self.y.numpy().copy()}
        for name in RACERS:
            z, g = self.grad_at_z(name)
            out["z"][name], out["grad_z"][name] = z.numpy().copy(), g.numpy().copy()
        with torch.no_grad():
            h = self.net.hidden_outputs(self.net_X)
            out["active"] = (h != 0).float().mean(0).numpy()
            out["dead"] = dead_units(h).numpy()
        return out

    def state_tensors(self) -> dict[str, torch.Tensor]:
        tensors = {f"{SHORT[n]}.{k}": v.detach().clone() for n, u in self.units.items()
                   for k, v in u.state_dict().items()}
        return tensors | {f"net.{k}": v.detach().clone() for k, v in self.net.state_dict().items()}

    def load_state_tensors(self, tensors: dict[str, torch.Tensor]) -> None:
        for name, unit in self.units.items():
            unit.load_state_dict({k: tensors[f"{SHORT[name]}.{k}"] for k in unit.state_dict()})
        self.net.load_state_dict({k: tensors[f"net.{k}"] for k in self.net.state_dict()})

