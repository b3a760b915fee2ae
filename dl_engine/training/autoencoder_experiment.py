"""Autoencoder and VAE on the 8×8 digits (a 2-D code) or a 2-D toy set (a 1-D code): the settings,
the experiment a TrainingRun drives, and decoding points of the latent plane from a snapshot
(interpolation between two chosen digits).

Everything random is drawn from generators seeded by `seed`: the split, the batches, the VAE's
ε of every step, and the fixed noise behind the prior samples and the shown reparameterisation
(fixed, so the same samples visibly improve as the decoder learns).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

from dl_engine.config import bounded, choice
from dl_engine.data import images
from dl_engine.data.toy2d import DATASETS, make_dataset, split
from dl_engine.models.autoencoder import LATENT, RECON_LATEX, Autoencoder, loss_terms
from dl_engine.training.experiment import TorchExperiment

TEST_FRACTION = 0.2
GRID = 10            # the decoded grid: GRID × GRID points of the latent plane
PRIOR_REACH = 2.0    # the VAE's grid spans ±2σ of the prior N(0, I)
SAMPLES = 16         # images decoded from the fixed prior noise
INTERP_STEPS = 10    # images along the line between two codes, both ends included
KNN = 5              # neighbours of the latent-separation score
POINTS, POINT_NOISE = 800, 0.1   # a 2-D set: its points (⅘ for training) and their noise
CURVE = 200          # points along the decoder's curve (2-D sets: the decoded line of codes)


@dataclass(frozen=True)
class AutoencoderConfig:
    data: str = choice("digits", ("digits", *DATASETS))   # the digits (64 pixels) or a 2-D toy set
    mode: str = choice("vae", ("ae", "vae"))     # a plain autoencoder, or a VAE
    beta: float = bounded(1.0, 0.0, 50.0)       # the weight of the KL term (β-VAE; 1 is the ELBO)
    recon: str = choice("bce", tuple(RECON_LATEX))   # the digits' (a 2-D set's is the squared error)
    hidden: int = bounded(128, 8, 512)           # units in each of the two hidden layers, both ways
    lr: float = bounded(0.003, 1e-5, 0.1)        # Adam's η
    batch_size: int = bounded(64, 8, 512)


def knn_accuracy(codes: np.ndarray, labels: np.ndarray, k: int = KNN) -> float:
    """Leave-one-out k-nearest-neighbour accuracy of the classes from the codes (N, 2): how well
    the classes separate in the latent plane (ties go to the smallest class number)."""
    d = ((codes[:, None, :] - codes[None, :, :]) ** 2).sum(-1)
    np.fill_diagonal(d, np.inf)
    nearest = labels[np.argsort(d, axis=1)[:, :k]]
    votes = np.apply_along_axis(np.bincount, 1, nearest, minlength=int(labels.max()) + 1)
    return float((votes.argmax(1) == labels).mean())


def grid_points(lo: np.ndarray, hi: np.ndarray, n: int = GRID) -> np.ndarray:
    """n × n points over the box lo…hi (2,): (n·n, 2), row-major with z₂ falling down the rows
    (as the picture of the grid shows it, row 0 at the top) and z₁ rising along them."""
    z1 = np.linspace(lo[0], hi[0], n)
    z2 = np.linspace(hi[1], lo[1], n)
    return np.stack(np.meshgrid(z1, z2, indexing="xy"), -1).reshape(-1, 2)


def line_points(a: np.ndarray, b: np.ndarray, n: int = INTERP_STEPS) -> np.ndarray:
    """n points from a to b (2,) inclusive: (n, 2)."""
    t = np.linspace(0.0, 1.0, n)[:, None]
    return (1 - t) * a + t * b


def _dataset(config: AutoencoderConfig, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """x_train, x_test (N, D) float32 (pixels in [0, 1], or points), y_train, y_test (N,): the
    digits split by class, or the toy set's POINTS split 4 : 1."""
    if config.data == "digits":
        data = images.digits()
        train, test = images.stratified_split(data.y, TEST_FRACTION, seed)
        flat = data.X.reshape(len(data.X), -1)
        return flat[train], flat[test], data.y[train], data.y[test]
    X, y = make_dataset(config.data, POINTS, POINT_NOISE, seed)
    x_train, y_train, x_test, y_test = split(X, y, 1 - TEST_FRACTION, seed)
    return x_train, x_test, y_train, y_test


class AutoencoderExperiment(TorchExperiment):
    """The autoencoder or VAE (config.mode) trained with Adam on mini-batches of the digits (a code
    of two numbers) or of a 2-D set's points (a code of one: the points must fit on a curve)."""

    def __init__(self, config: AutoencoderConfig, seed: int = 0, device: torch.device | str = "cpu"):
        self.config, self.device = config, torch.device(device)
        x_train, x_test, _, self.y_test = _dataset(config, seed)
        self.digits = config.data == "digits"
        self.side = 8 if self.digits else None
        self.recon_kind = config.recon if self.digits else "points"
        self.x_train = torch.from_numpy(x_train).to(self.device)
        self.x_test = torch.from_numpy(x_test).to(self.device)
        # the shown inputs: the first test example of each class (digits 0…9)
        self.shown = np.array([np.flatnonzero(self.y_test == k)[0] for k in np.unique(self.y_test)])
        latent = LATENT if self.digits else 1
        self.setup(Autoencoder(x_train.shape[1], config.hidden, config.mode == "vae", latent).to(self.device),
                   "adam", config.lr)
        self.steps_per_epoch = math.ceil(len(x_train) / config.batch_size)
        self.generator = torch.Generator().manual_seed(seed)
        fixed = torch.Generator().manual_seed(seed + 1)
        self.prior_noise = torch.randn(SAMPLES, latent, generator=fixed)
        self.shown_eps = torch.randn(latent, generator=fixed)
        self._order, self._cursor = torch.empty(0, dtype=torch.long), 0
        self.last_terms: dict[str, torch.Tensor] | None = None

    # ---- training --------------------------------------------------------------------------
    def next_batch(self) -> torch.Tensor:
        if self._cursor >= len(self._order):
            self._order = torch.randperm(len(self.x_train), generator=self.generator)
            self._cursor = 0
        idx = self._order[self._cursor:self._cursor + self.config.batch_size]
        self._cursor += self.config.batch_size
        return self.x_train[idx.to(self.device)]

    def batch_loss(self, x: torch.Tensor) -> torch.Tensor:
        eps = (torch.randn(len(x), self.model.latent, generator=self.generator).to(self.device)
               if self.model.variational else None)
        terms = loss_terms(self.model, x, self.config.beta, self.recon_kind, eps)
        self.last_terms = {k: v.detach() for k, v in terms.items()}
        return terms["loss"]

    def probe_modules(self) -> dict:
        return {}   # the page shows codes and images, not activations

    @torch.no_grad()
    def _codes(self) -> tuple[np.ndarray, np.ndarray | None]:
        """The test set's codes μ (N, L) and log σ² (N, L) or None."""
        self.model.eval()
        mu, logvar = self.model.encode(self.x_test)
        self.model.train()
        return mu.cpu().numpy(), None if logvar is None else logvar.cpu().numpy()

    @torch.no_grad()
    def evaluate(self) -> dict[str, float]:
        """Test-set means of the reconstruction and KL terms and of the loss, each image decoded
        from its mean code μ (no sampling: the curve is not noisy), and the latent separation:
        the 5-NN accuracy of the digit classes from the test codes."""
        self.model.eval()
        terms = loss_terms(self.model, self.x_test, self.config.beta, self.recon_kind, None)
        self.model.train()
        codes, _ = self._codes()
        return {"test_recon": float(terms["recon"]), "test_kl": float(terms["kl"]),
                "test_loss": float(terms["loss"]), "latent_knn": knn_accuracy(codes, self.y_test)}

    def _decode(self, z: np.ndarray) -> np.ndarray:
        """Points z (n, 2) of the latent plane → images (n, side, side) in [0, 1]."""
        return torch.sigmoid(torch.from_numpy(self._decode_codes(z))).numpy().reshape(-1, self.side, self.side)

    def grid_box(self, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The decoded box (lo, hi) (L,): the prior's ±2σ for the VAE, the codes' range for the
        autoencoder (it has no prior: its codes go wherever training puts them)."""
        if self.model.variational:
            return np.full(self.model.latent, -PRIOR_REACH), np.full(self.model.latent, PRIOR_REACH)
        lo, hi = codes.min(0), codes.max(0)
        pad = 0.05 * np.maximum(hi - lo, 1e-6)
        return lo - pad, hi + pad

    @torch.no_grad()
    def _decode_codes(self, z: np.ndarray) -> np.ndarray:
        """Codes z (n, L) → the decoder's outputs (n, D): points x̂, or the pixels' logits."""
        self.model.eval()
        out = self.model.decode(torch.as_tensor(z, dtype=torch.float32, device=self.device))
        self.model.train()
        return out.cpu().numpy()

    def visuals(self, probe=None) -> dict[str, Any]:
        """The digits' payload (digit_visuals) or a 2-D set's (point_visuals)."""
        return self.digit_visuals() if self.digits else self.point_visuals()

    def point_visuals(self) -> dict[str, Any]:
        """data; codes (N, 1) μ of the test points, labels (N,), points (N, 2) and recons (N, 2)
        their x̂ decoded from μ; curve (CURVE, 2) decoded at curve_z (CURVE,) across grid_lo…grid_hi
        (1,), the box of grid_box widened to every code (each x̂ is on the curve); samples (16, 2) decoded from prior_z (16, 1); shown_mu / shown_logvar
        (K, 1) of the first test point of each class, eps (1,); batch as for the digits."""
        codes, logvar = self._codes()
        lo, hi = self.grid_box(codes)
        lo, hi = np.minimum(lo, codes.min(0)), np.maximum(hi, codes.max(0))   # the VAE's codes can leave ±2σ
        line = np.linspace(lo[0], hi[0], CURVE)[:, None]
        batch = {k: float(v) for k, v in self.last_terms.items()} if self.last_terms else None
        return {"data": self.config.data, "mode": self.config.mode, "beta": self.config.beta,
                "recon_kind": self.recon_kind, "codes": codes, "labels": self.y_test,
                "points": self.x_test.cpu().numpy().copy(), "recons": self._decode_codes(codes),
                "curve_z": line[:, 0], "curve": self._decode_codes(line), "grid_lo": lo, "grid_hi": hi,
                "prior_z": self.prior_noise.numpy().copy(), "samples": self._decode_codes(self.prior_noise.numpy()),
                "shown": self.shown, "shown_mu": codes[self.shown],
                "shown_logvar": None if logvar is None else logvar[self.shown],
                "eps": self.shown_eps.numpy().copy(), "batch": batch}

    def digit_visuals(self) -> dict[str, Any]:
        """codes (N, 2) μ of the test digits, labels (N,); shown (10,) their indices of the first
        test 0…9, inputs/recons (10, 8, 8), shown_mu/shown_logvar (10, 2) (log σ² None for the
        autoencoder), eps (2,) the fixed ε, grid_lo/grid_hi (2,), grid (GRID², 8, 8) decoded at
        grid_points, samples (16, 8, 8) decoded from the fixed prior noise prior_z (16, 2);
        batch: the last training batch's recon, kl, loss; decoder: a CPU copy of its weights."""
        codes, logvar = self._codes()
        lo, hi = self.grid_box(codes)
        shown_mu = codes[self.shown]
        with torch.no_grad():
            self.model.eval()
            recons = torch.sigmoid(self.model.decode(torch.from_numpy(shown_mu).to(self.device)))
            self.model.train()
        batch = {k: float(v) for k, v in self.last_terms.items()} if self.last_terms else None
        return {"data": "digits", "mode": self.config.mode, "beta": self.config.beta, "recon_kind": self.recon_kind,
                "codes": codes, "labels": self.y_test, "shown": self.shown,
                "inputs": self.x_test[self.shown].cpu().numpy().reshape(-1, self.side, self.side),
                "recons": recons.cpu().numpy().reshape(-1, self.side, self.side),
                "shown_mu": shown_mu, "shown_logvar": None if logvar is None else logvar[self.shown],
                "eps": self.shown_eps.numpy().copy(), "grid_lo": lo, "grid_hi": hi,
                "grid": self._decode(grid_points(lo, hi)), "prior_z": self.prior_noise.numpy().copy(),
                "samples": self._decode(self.prior_noise.numpy()), "batch": batch,
                "decoder": {k: v.detach().cpu().clone() for k, v in self.model.decoder.state_dict().items()},
                "side": self.side}


def decode_points(visuals: dict[str, Any], z: np.ndarray) -> np.ndarray:
    """Points z (n, 2) decoded by the snapshot's decoder (its CPU copy, so the training thread is
    not touched): images (n, side, side) in [0, 1]."""
    state = visuals["decoder"]
    pixels = state[max(state, key=lambda k: int(k.split(".")[0]))].shape[0]   # the last layer's outputs
    hidden = state["0.weight"].shape[0]
    decoder = Autoencoder(pixels, hidden, False).decoder
    decoder.load_state_dict(state)
    with torch.no_grad():
        out = torch.sigmoid(decoder(torch.as_tensor(z, dtype=torch.float32)))
    return out.numpy().reshape(-1, visuals["side"], visuals["side"])


def interpolation(visuals: dict[str, Any], a: int, b: int) -> tuple[np.ndarray, np.ndarray]:
    """The line between the codes μ of shown digits a and b (0…9): points (10, 2) and their
    decoded images (10, side, side); the ends are the two digits' own codes."""
    z = line_points(visuals["shown_mu"][a], visuals["shown_mu"][b])
    return z, decode_points(visuals, z)
