"""An MLP autoencoder and a variational autoencoder with a small latent space, their loss terms,
and the LaTeX of each equation beside the code that computes it.

The notes (003 §9) name autoencoders and VAEs without equations; these are Kingma & Welling's
(2014): an encoder q(z|x) = N(μ(x), diag σ²(x)), the reparameterisation z = μ + σ ⊙ ε, a decoder
p(x|z), and the ELBO. Shapes: x (B, D) pixels in [0, 1] (D = 64 for the 8×8 digits) or 2-D points
(D = 2), z (B, L) with L = 2 for the digits and 1 for points (a code smaller than the input).
"""
from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F

LATENT = 2   # the digits' code: the plane the page draws is the whole latent space

REPARAM_LATEX = r"z = \mu + \sigma \odot \varepsilon,\quad \varepsilon \sim \mathcal N(0, I),\quad \sigma = e^{\frac12 \log\sigma^2}"


def kl_latex(latent: int = LATENT) -> str:
    """The closed-form KL to the prior, summed over the `latent` dimensions."""
    return (r"\mathrm{KL}\big(q(z\mid x)\,\|\,\mathcal N(0, I)\big) = "
            rf"-\tfrac12 \sum_{{j=1}}^{{{latent}}}\left(1 + \log\sigma_j^2 - \mu_j^2 - \sigma_j^2\right)")


KL_LATEX = kl_latex()
ELBO_LATEX = r"\mathrm{ELBO} = \mathbb E_{q(z\mid x)}[\log p(x\mid z)] - \beta\,\mathrm{KL}\big(q(z\mid x)\,\|\,\mathcal N(0, I)\big)"
# −log p(x|z) per image, summed over the D pixels: a Bernoulli decoder (BCE) or a Gaussian one of
# variance ½ (squared error; its constant dropped)
RECON_LATEX = {"bce": r"-\log p(x\mid z) = -\sum_{i=1}^{D}\big(x_i \log \hat x_i + (1 - x_i)\log(1 - \hat x_i)\big)",
               "mse": r"-\log p(x\mid z) = \sum_{i=1}^{D}(x_i - \hat x_i)^2 + \text{const}"}
RECON_NAMES = {"bce": "binary cross-entropy (Bernoulli decoder)", "mse": "squared error (Gaussian decoder)"}
# 2-D points: the decoder's output is x̂ itself (a Gaussian decoder of variance ½ round it)
POINTS_RECON_LATEX = r"-\log p(x\mid z) = (x_1 - \hat x_1)^2 + (x_2 - \hat x_2)^2 + \text{const},\quad \hat x = \text{decoder}(z)"


def mlp(sizes: list[int]) -> nn.Sequential:
    """Linear layers of `sizes` with ReLU between them (none after the last)."""
    layers: list[nn.Module] = []
    for i, (a, b) in enumerate(zip(sizes, sizes[1:])):
        layers.append(nn.Linear(a, b))
        if i < len(sizes) - 2:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


class Autoencoder(nn.Module):
    """x (B, D) → encoder → z (B, L) → decoder → (B, D): the pixels' logits (x̂ = sigmoid) or, for
    points, x̂ itself. L = `latent` (2 for the digits, 1 for 2-D points). `variational`: the encoder
    gives μ and log σ² (B, L each) and training samples z from them; otherwise z = μ, a plain
    deterministic code (log σ² is None)."""

    def __init__(self, pixels: int, hidden: int, variational: bool, latent: int = LATENT):
        super().__init__()
        self.variational, self.latent = variational, latent
        self.encoder = mlp([pixels, hidden, hidden, 2 * latent if variational else latent])
        self.decoder = mlp([latent, hidden, hidden, pixels])

    def encode(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor | None]:
        """x (B, D) → μ (B, L), log σ² (B, L) or None for the plain autoencoder."""
        h = self.encoder(x)
        if not self.variational:
            return h, None
        return h[:, :self.latent], h[:, self.latent:]

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        """z (B, L) → (B, D): logits of the pixels, or the points x̂."""
        return self.decoder(z)


def reparameterise(mu: torch.Tensor, logvar: torch.Tensor, eps: torch.Tensor) -> torch.Tensor:
    """z = μ + σ ⊙ ε with σ = exp(½ log σ²): a sample of N(μ, σ²) that gradients flow through (B, 2)."""
    return mu + torch.exp(0.5 * logvar) * eps


def kl_to_prior(mu: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
    """KL(N(μ, σ²) ‖ N(0, I)) per example in closed form, −½ Σ_j (1 + log σ² − μ² − σ²): (B,)."""
    return -0.5 * (1 + logvar - mu ** 2 - logvar.exp()).sum(1)


def reconstruction(logits: torch.Tensor, x: torch.Tensor, kind: str) -> torch.Tensor:
    """−log p(x|z) per example, summed over the pixels (not averaged as PyTorch's reduction="mean"
    would): (B,). bce: from the logits (stable); mse: squared error of sigmoid(logits); points:
    squared error of the output itself (x̂ = decoder(z), unbounded)."""
    if kind == "bce":
        return F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(1)
    if kind == "mse":
        return ((torch.sigmoid(logits) - x) ** 2).sum(1)
    if kind == "points":
        return ((logits - x) ** 2).sum(1)
    raise ValueError(f"Unknown reconstruction loss '{kind}'; choose one of {list(RECON_LATEX)}.")


def loss_terms(model: Autoencoder, x: torch.Tensor, beta: float, kind: str,
               eps: torch.Tensor | None) -> dict[str, torch.Tensor]:
    """The batch means of the reconstruction term, the KL term and loss = recon + β·KL (= −ELBO for
    β = 1): scalars. eps (B, L) is the VAE's noise; None decodes μ itself (the evaluation's code).
    The plain autoencoder has no KL term (0) and its loss is the reconstruction alone."""
    mu, logvar = model.encode(x)
    if logvar is None:
        recon = reconstruction(model.decode(mu), x, kind).mean()
        return {"recon": recon, "kl": torch.zeros_like(recon), "loss": recon}
    z = mu if eps is None else reparameterise(mu, logvar, eps)
    recon = reconstruction(model.decode(z), x, kind).mean()
    kl = kl_to_prior(mu, logvar).mean()
    return {"recon": recon, "kl": kl, "loss": recon + beta * kl}


def _vec(values) -> str:
    return r"\begin{pmatrix}" + r"\\".join(f"{float(v):.3f}" for v in values) + r"\end{pmatrix}"


def reparam_filled(mu, logvar, eps) -> str:
    """z = μ + σ ⊙ ε with one input's numbers (each (2,)): the LaTeX of the sum, term by term."""
    mu, logvar, eps = (torch.as_tensor(a, dtype=torch.float64) for a in (mu, logvar, eps))
    sigma = torch.exp(0.5 * logvar)
    z = reparameterise(mu, logvar, eps)
    return (rf"z = {_vec(mu)} + {_vec(sigma)} \odot {_vec(eps)} = {_vec(z)},\qquad "
            rf"\log\sigma^2 = {_vec(logvar)}")


def kl_filled(mu, logvar) -> str:
    """The closed-form KL with one input's μ and log σ² (each (2,)) put in, and its value."""
    mu, logvar = (torch.as_tensor(a, dtype=torch.float64) for a in (mu, logvar))
    parts = " + ".join(rf"\left(1 {float(lv):+.3f} - ({float(m):.3f})^2 - {float(lv.exp()):.3f}\right)"
                       for m, lv in zip(mu, logvar))
    return rf"\mathrm{{KL}} = -\tfrac12\Big[{parts}\Big] = {float(kl_to_prior(mu[None], logvar[None])[0]):.3f}"


def elbo_filled(recon: float, kl: float, beta: float) -> str:
    """ELBO = −recon − β·KL and the loss minimised (its negative), with a batch's mean terms."""
    return (rf"\mathrm{{ELBO}} \approx -{recon:.2f} - {beta:g} \times {kl:.3f} = {-(recon + beta * kl):.2f}"
            rf"\quad\Rightarrow\quad \text{{loss}} = -\mathrm{{ELBO}} = {recon + beta * kl:.2f}")
