"""A GAN: k D steps per G step, each player with its own optimiser and learning rate; the page
can let only D or only G step (`players`) without rebuilding the run. The game is played on 2-D
points (gan_plane.Plane) or on 8×8 digits (gan_digits.Digits); this module is the game, those
the data and the pictures.

One training step is one round: `d_steps` updates of D on a real batch and a batch of G(z) (G's
samples detached, so G does not move), then one update of G through D (D's parameters frozen, so
D does not move). Runs on the CPU whatever the device: the nets have a few thousand weights, and
a GPU's launch overhead would only slow the hundreds of small steps per second down.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import torch

from dl_engine.config import ConfigError, bounded, choice
from dl_engine.data.gan_targets import TARGETS
from dl_engine.models import gan
from dl_engine.models.registry import OPTIMIZERS, build
from dl_engine.training.experiment import Experiment, StepResult
from dl_engine.training.gan_digits import Digits
from dl_engine.training.gan_plane import Plane

PLAYERS = ("both", "d", "g")     # who steps in a round: a what-if, not a setting (the run goes on)
EVAL = 2000          # real samples and z's of the losses and the divergence read-outs


@dataclass(frozen=True)
class GANConfig:
    """data "csv" trains on an uploaded file, remembered under the key `upload` (point_store);
    "digits" on the 8×8 digits (z ∈ R¹⁶, gan_digits); the others on built-in 2-D distributions."""
    data: str = choice("ring", (*TARGETS, "csv", "digits"))
    upload: str = ""
    noise: str = choice("uniform", ("uniform", "gaussian"))     # z ~ U[−1, 1]ᵈ or N(0, I)
    g_loss: str = choice("non_saturating", tuple(gan.G_LOSSES))
    optimizer: str = choice("adam", ("sgd", "adam"))
    lr_g: float = bounded(1e-3, 1e-5, 1.0)
    lr_d: float = bounded(1e-3, 1e-5, 1.0)
    d_steps: int = bounded(1, 1, 10)
    batch: int = bounded(128, 8, 1024)
    g_width: int = bounded(64, 2, 256)
    g_depth: int = bounded(2, 1, 4)
    d_width: int = bounded(64, 2, 256)
    d_depth: int = bounded(2, 1, 4)

    def check(self) -> None:
        if self.data == "csv" and not self.upload:
            raise ConfigError("Upload a CSV of your points (columns x1, x2), or draw them, in the sidebar's Game "
                              "section to train on them.", ("upload",))


class GANExperiment(Experiment):
    evaluate_every = 0.0

    def __init__(self, config: GANConfig, seed: int = 0, device: torch.device | str = "cpu"):
        self.config, self.seed, self.players = config, seed, "both"
        self.gen = torch.Generator().manual_seed(seed)   # z's and real batches, in step order
        self.space = Digits(config) if config.data == "digits" else Plane(config)
        space = self.space
        with torch.random.fork_rng():
            torch.manual_seed(seed)                      # the initial weights, leaving the global RNG alone
            self.G = torch.nn.Sequential(*gan.mlp(space.z_dim, config.g_width, config.g_depth, space.x_dim),
                                         *space.head())
            self.D = gan.mlp(space.x_dim, config.d_width, config.d_depth, 1)
        self.opt_g = build(OPTIMIZERS, config.optimizer, self.G.parameters(), config.lr_g)
        self.opt_d = build(OPTIMIZERS, config.optimizer, self.D.parameters(), config.lr_d)
        self.real = torch.from_numpy(space.real_pool(seed))
        self.steps_per_epoch = max(1, len(self.real) // config.batch)   # an epoch: the pool seen once by D
        fixed = torch.Generator().manual_seed(seed + 1)  # the shown and evaluated batches, never redrawn
        self.z_shown, self.z_eval = self.noise(space.shown, fixed), self.noise(EVAL, fixed)
        self.real_shown = self.real[torch.randint(len(self.real), (space.shown,), generator=fixed)]
        self.real_eval = self.real[torch.randint(len(self.real), (EVAL,), generator=fixed)]
        self.steps = 0

    def noise(self, n: int, gen: torch.Generator) -> torch.Tensor:
        """(n, z_dim) z from the configured prior."""
        if self.config.noise == "gaussian":
            return torch.randn(n, self.space.z_dim, generator=gen)
        return torch.rand(n, self.space.z_dim, generator=gen) * 2 - 1

    def set_players(self, players: str) -> None:
        """Who steps from the next round on: "both", only "d" or only "g"."""
        if players not in PLAYERS:
            raise ValueError(f"players is one of {PLAYERS}, not {players!r}")
        self.players = players

    # ---- the two players' updates -------------------------------------------------------------
    def _d_step(self) -> tuple[float, float]:
        """One update of D → (L_D, ‖∇L_D‖)."""
        x = self.real[torch.randint(len(self.real), (self.config.batch,), generator=self.gen)]
        with torch.no_grad():
            fake = self.G(self.noise(self.config.batch, self.gen))
        self.opt_d.zero_grad(set_to_none=True)
        loss = gan.d_loss(self.D(x), self.D(fake))
        loss.backward()
        norm = _norm(self.D)
        self.opt_d.step()
        return float(loss.detach()), norm

    def _g_step(self) -> tuple[float, float]:
        """One update of G through the frozen D → (L_G, ‖∇L_G‖)."""
        self.D.requires_grad_(False)
        try:
            self.opt_g.zero_grad(set_to_none=True)
            loss = gan.generator_loss(self.config.g_loss, self.D(self.G(self.noise(self.config.batch, self.gen))))
            loss.backward()
        finally:
            self.D.requires_grad_(True)
        norm = _norm(self.G)
        self.opt_g.step()
        return float(loss.detach()), norm

    def train_step(self, probe: bool) -> StepResult:
        """One round. StepResult.loss: L_D + L_G of the players that stepped (the run watches it for
        NaN; the page charts each player's loss from evaluate()); grad norms per player."""
        losses, norms = [], {}
        if self.players in ("both", "d"):
            for _ in range(self.config.d_steps):
                loss, norms["D"] = self._d_step()
            losses.append(loss)
        if self.players in ("both", "g"):
            loss, norms["G"] = self._g_step()
            losses.append(loss)
        self.steps += 1
        return StepResult(loss=sum(losses), grad_norms=norms)

    # ---- what the page reads ------------------------------------------------------------------
    def evaluate(self) -> dict[str, float]:
        """On the fixed evaluation batches: d_loss, g_loss, d_real / d_fake (mean D(x), D(G(z))),
        js_bound (log 2 − L_D/2) and the space's own (the plane's JS and ring modes)."""
        with torch.no_grad():
            fake = self.G(self.z_eval)
            real_logits, fake_logits = self.D(self.real_eval), self.D(fake)
            d = float(gan.d_loss(real_logits, fake_logits))
            out = {"d_loss": d, "g_loss": float(gan.generator_loss(self.config.g_loss, fake_logits)),
                   "d_real": float(torch.sigmoid(real_logits).mean()), "d_fake": float(torch.sigmoid(fake_logits).mean()),
                   "js_bound": gan.js_bound(d)}
        return out | self.space.metrics(self.real_eval, fake)

    def visuals(self, probe=None) -> dict:
        """The space's pictures (Plane.visuals, Digits.visuals) of the fixed shown batches, with
        data, step, players and g_loss."""
        return self.space.visuals(self.G, self.D, self.z_shown, self.real_shown) | {
            "data": self.config.data, "step": self.steps, "players": self.players, "g_loss": self.config.g_loss}

    def state_tensors(self) -> dict[str, torch.Tensor]:
        return ({f"G.{k}": v.detach().clone() for k, v in self.G.state_dict().items()}
                | {f"D.{k}": v.detach().clone() for k, v in self.D.state_dict().items()})

    def load_state_tensors(self, tensors: dict[str, torch.Tensor]) -> None:
        self.G.load_state_dict({k[2:]: v for k, v in tensors.items() if k.startswith("G.")})
        self.D.load_state_dict({k[2:]: v for k, v in tensors.items() if k.startswith("D.")})


def _norm(model: torch.nn.Module) -> float:
    """‖∇θ‖ over the model's parameters (NaN if any gradient is not finite, so the run stops)."""
    total = sum(float(p.grad.pow(2).sum()) for p in model.parameters() if p.grad is not None)
    return math.sqrt(total) if math.isfinite(total) else math.nan
