"""Data augmentation for the overfitting lab: each training batch redrawn around the examples it
holds, fresh every time it is seen. Points get Gaussian jitter; 8×8 images get shifts (the
vacated pixels are blank), left–right flips and pixel noise (clipped to [0, 1])."""
from __future__ import annotations

import torch
from torch.nn import functional as F

JITTER_LATEX = r"\tilde x=x+\varepsilon,\quad \varepsilon\sim\mathcal N(0,\sigma^2 I)\ \text{(fresh at every use)}"
IMAGE_LATEX = (r"\tilde x=\operatorname{clip}_{[0,1]}\big(\text{flip}_{\frac12}(\text{shift}_{\le s}(x))+\varepsilon\big),"
               r"\quad \varepsilon\sim\mathcal N(0,\sigma^2 I)")


def jitter(X: torch.Tensor, sigma: float, generator: torch.Generator) -> torch.Tensor:
    """X (B, 2) + N(0, σ²) per coordinate."""
    return X + sigma * torch.randn(X.shape, generator=generator).to(X.device)


def shift(images: torch.Tensor, by: torch.Tensor) -> torch.Tensor:
    """images (B, 1, H, W) moved by whole pixels by (B, 2) = (down, right) each, blank (0) filled."""
    _, _, h, w = images.shape
    reach = int(by.abs().max()) if by.numel() else 0
    if reach == 0:
        return images
    padded = F.pad(images, (reach, reach, reach, reach))
    rows = (reach - by[:, 0])[:, None] + torch.arange(h, device=images.device)   # (B, H) source rows
    cols = (reach - by[:, 1])[:, None] + torch.arange(w, device=images.device)   # (B, W) source columns
    batch = torch.arange(len(images), device=images.device)[:, None, None]
    return padded[batch, 0, rows[:, :, None], cols[:, None, :]][:, None]


def augment_images(images: torch.Tensor, max_shift: int, flip: bool, sigma: float,
                   generator: torch.Generator) -> torch.Tensor:
    """images (B, 1, H, W) in [0, 1] → shifted by up to max_shift pixels each way, each flipped left
    to right with probability ½ (if flip), plus N(0, σ²) per pixel, clipped to [0, 1]."""
    out = images
    if max_shift > 0:
        by = torch.randint(-max_shift, max_shift + 1, (len(images), 2), generator=generator)
        out = shift(out, by.to(images.device))
    if flip:
        mirrored = torch.rand(len(images), generator=generator) < 0.5
        out = torch.where(mirrored.to(images.device)[:, None, None, None], out.flip(-1), out)
    if sigma > 0:
        out = (out + sigma * torch.randn(out.shape, generator=generator).to(images.device)).clamp(0, 1)
    return out
