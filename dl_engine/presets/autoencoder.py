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
    "moons-curve": AutoencoderPreset(
        "Two moons through one number", AutoencoderConfig(data="moons", mode="ae"),
        "Each point of the two moons is squeezed to a single number and rebuilt. Every x̂ then lies on one "
        "curve, the decoder's image of the line of codes, and training bends that curve through both "
        "moons, one after the other: the reconstructions fall close to the points, and the codes of the "
        "two moons take separate stretches of the line (5-NN tells them apart from the code alone)."),
    "circle-cut": AutoencoderPreset(
        "A circle cannot pass through one number", AutoencoderConfig(data="circle", mode="ae"),
        "The same 1-D code on the circle set (a disc inside a ring). One curve cannot cover a disc and "
        "trace a closed ring without a cut or a fold: the reconstruction error stays about ten times the "
        "moons', and where the curve folds back the two classes share codes."),
}
