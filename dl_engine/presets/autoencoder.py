"""The autoencoder page's presets: each one shows a claim about autoencoders and VAEs in one
click or a link (?preset=<slug>)."""
from __future__ import annotations

from dataclasses import dataclass

from dl_engine.training.autoencoder_experiment import AutoencoderConfig


@dataclass(frozen=True)
class AutoencoderPreset:
    title: str
    config: AutoencoderConfig
    lesson: str


PRESETS = {
    "autoencoder-holes": AutoencoderPreset(
        "Autoencoder: a plane with holes", AutoencoderConfig(mode="ae"),
        "Nothing asks the plain autoencoder's codes to lie anywhere in particular: they spread out in "
        "streaks, one per digit, with empty space between them (several units across, not the prior's ±2). "
        "The decoded grid shows smears where no training code lies, and the 16 z drawn from N(0, I) land "
        "in whatever part of the plane the codes happen to leave near the origin."),
    "vae-filled": AutoencoderPreset(
        "VAE: a filled plane", AutoencoderConfig(mode="vae", beta=1.0),
        "The KL term pulls every q(z|x) towards N(0, I): the means gather in a round cloud of about unit "
        "spread, the classes side by side without gaps, so every point of the grid over ±2σ and every "
        "sample from the prior decodes to something digit-like."),
    "beta-zero": AutoencoderPreset(
        "VAE with β = 0: an autoencoder with noise", AutoencoderConfig(mode="vae", beta=0.0),
        "Without the KL term nothing holds the codes near the prior: the KL curve climbs, the means spread "
        "far past ±2σ and holes open, as in the plain autoencoder; the prior samples degrade."),
    "beta-collapse": AutoencoderPreset(
        "β too large: posterior collapse", AutoencoderConfig(mode="vae", beta=10.0),
        "With β = 10 a unit of KL costs ten of reconstruction: the encoder gives up, q(z|x) = N(0, I) for "
        "every input (KL → 0), all the codes sit on the origin, and every reconstruction and sample is the "
        "same blurry average digit."),
}
