"""A network's loss on a plane through its weights: θ(a, b) = θ₀ + a·d₁ + b·d₂.

Weights are flat vectors (P,) in `named_parameters` order (`flat`, `unflat`). The directions are
either random, filter-normalised as in Li et al. 2018 ("Visualizing the Loss Landscape of Neural
Nets"), or the top two principal directions of the trajectories θₜ − θ₀. A trajectory is
projected onto the plane by least squares (the directions need not be orthogonal), with the
share of it that lies off the plane. The slice evaluates the loss at a whole grid of (a, b) in
batched calls: the weights of every grid point stacked, each Linear layer one batched matmul.
"""
from __future__ import annotations

from typing import Callable

import torch
from torch import nn

from dl_engine.models.race_optimisers import _num as num   # 3 digits, powers of ten in LaTeX

PLANE_LATEX = r"\theta(a, b) = \theta_0 + a\, d_1 + b\, d_2"
PROJECTION_LATEX = (r"\begin{pmatrix} a \\ b \end{pmatrix} = (D^\top D)^{-1} D^\top (\theta_t - \theta_0),"
                    r"\quad D = (d_1\ d_2)")
OFF_PLANE_LATEX = r"\text{off the plane} = \frac{\lVert \theta_t - \theta_0 - a\,d_1 - b\,d_2 \rVert}{\lVert \theta_t - \theta_0 \rVert}"
FILTER_LATEX = r"d_{i,:} \leftarrow \frac{d_{i,:}}{\lVert d_{i,:} \rVert}\, \lVert \theta_{0,\,i,:} \rVert"
CHUNK = 512   # networks evaluated at once by the slice: bounds its memory (CHUNK × N × hidden)


def flat(model: nn.Module) -> torch.Tensor:
    """The model's parameters as one detached vector (P,)."""
    return torch.cat([p.detach().reshape(-1) for p in model.parameters()])


def unflat(model: nn.Module, thetas: torch.Tensor) -> dict[str, torch.Tensor]:
    """Flat weights (..., P) → {name: (..., *shape)}, in `flat`'s order."""
    out, at = {}, 0
    lead = thetas.shape[:-1]
    for name, p in model.named_parameters():
        out[name] = thetas[..., at:at + p.numel()].reshape(*lead, *p.shape)
        at += p.numel()
    return out


def filter_normalised(model: nn.Module, generator: torch.Generator) -> torch.Tensor:
    """A Gaussian direction (P,) with each filter's norm set to the weights' norm: for a Linear
    weight (out, in) a filter is one output neuron's row. Bias directions are 0 (Li et al.'s
    default, which leaves biases out of the picture)."""
    parts = []
    for p in model.parameters():
        w = p.detach()
        d = torch.randn(w.shape, generator=generator, dtype=w.dtype)
        if w.dim() < 2:
            d = torch.zeros_like(w)
        else:
            rows, wr = d.reshape(len(d), -1), w.reshape(len(w), -1)
            d = (rows * (wr.norm(dim=1, keepdim=True) / rows.norm(dim=1, keepdim=True).clamp_min(1e-300))).reshape(w.shape)
        parts.append(d.reshape(-1))
    return torch.cat(parts)


def principal_directions(deltas: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor] | None:
    """The top two principal directions of deltas (K, P) = θₜ − θ₀ over every racer and step →
    (directions (2, P), orthonormal; shares (2,) of Σ‖θₜ − θ₀‖² each one holds), or None while
    the deltas span fewer than two directions. Uncentred (eigenvectors of DᵀD, not of the
    covariance) because the plane passes through θ₀: these two minimise the paths' distance
    from a plane through θ₀. Signs: the racers' mean delta has a non-negative coordinate."""
    gram = deltas.T @ deltas                      # (P, P)
    values, vectors = torch.linalg.eigh(gram)     # ascending
    total = float(values.clamp_min(0).sum())
    if total <= 0 or float(values[-2]) <= 1e-12 * float(values[-1]):
        return None
    top = vectors[:, [-1, -2]].T.clone()          # (2, P): largest variance first
    mean = deltas.mean(0)
    top[(top @ mean) < 0] *= -1
    return top, values[[-1, -2]] / total


def held_shares(deltas: torch.Tensor, directions: torch.Tensor) -> torch.Tensor:
    """The shares (2,) of Σ‖δ‖² over deltas (K, P) along each of orthonormal directions (2, P)
    (for the principal directions, their eigenvalues' shares)."""
    return ((deltas @ directions.T) ** 2).sum(0) / (deltas ** 2).sum()


def turn_degrees(old: torch.Tensor, new: torch.Tensor) -> float:
    """The largest principal angle between the planes spanned by orthonormal old and new (2, P),
    in degrees: 0 for the same plane whatever its basis."""
    cosines = torch.linalg.svdvals(old @ new.T)
    return float(torch.rad2deg(torch.arccos(cosines.min().clamp(-1.0, 1.0))))


def project(deltas: torch.Tensor, directions: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Least-squares coordinates of deltas (..., P) on directions (2, P) → (coords (..., 2),
    off-plane share (...): ‖residual‖ / ‖delta‖, 0 where delta = 0)."""
    gram = directions @ directions.T               # (2, 2): d_i · d_j
    dots = (deltas @ directions.T).reshape(-1, 2)  # (K, 2): d_i · δ
    coords = torch.linalg.solve(gram, dots.T).T.reshape(*deltas.shape[:-1], 2)
    residual = (deltas - coords @ directions).norm(dim=-1)
    size = deltas.norm(dim=-1)
    return coords, torch.where(size > 0, residual / size.clamp_min(1e-300), torch.zeros_like(size))


def stacked_logits(model: nn.Sequential, params: dict[str, torch.Tensor], X: torch.Tensor) -> torch.Tensor:
    """The Sequential's forward for G weight sets at once: params {name: (G, *shape)} (unflat),
    X (N, d) → (G, N, out). Its Linear layers become batched matmuls; the rest (activations)
    act elementwise, whatever the shape."""
    h = X
    for name, module in model.named_children():
        if isinstance(module, nn.Linear):
            h = h @ params[f"{name}.weight"].transpose(-1, -2) + params[f"{name}.bias"][..., None, :]
        else:
            h = module(h)
    return h


def plane_losses(model: nn.Sequential, losses: Callable, theta0: torch.Tensor, directions: torch.Tensor,
                 a: torch.Tensor, b: torch.Tensor, X: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """The loss at θ₀ + a d₁ + b d₂ for every a (W,) and b (H,) → (H, W), row = b; `losses`
    maps logits (G, N, out) and y (N,) to one loss per weight set (G,)."""
    bb, aa = torch.meshgrid(b, a, indexing="ij")                                   # (H, W) each
    thetas = theta0 + aa.reshape(-1, 1) * directions[0] + bb.reshape(-1, 1) * directions[1]   # (H·W, P)
    out = [losses(stacked_logits(model, unflat(model, chunk), X), y) for chunk in thetas.split(CHUNK)]
    return torch.cat(out).reshape(len(b), len(a))


def filled_plane_latex(P: int, theta0_norm: float, directions: torch.Tensor, shares) -> str:
    """The plane with today's numbers: the size of θ₀, d₁ and d₂ (2, P), the angle between them
    and, for principal directions, the shares (2,) of the paths' spread they hold."""
    gram = directions @ directions.T
    n1, n2 = float(gram[0, 0].sqrt()), float(gram[1, 1].sqrt())
    cos = float(gram[0, 1]) / (n1 * n2)
    parts = [rf"\theta_0 \in \mathbb{{R}}^{{{P}}}", rf"\lVert\theta_0\rVert = {num(theta0_norm)}",
             rf"\lVert d_1\rVert = {num(n1)}", rf"\lVert d_2\rVert = {num(n2)}",
             # orthonormal principal directions: a cosine of 1e-17 is rounding, shown as 0
             rf"\cos(d_1, d_2) = {num(cos) if abs(cos) > 1e-12 else 0}"]
    lines = [PLANE_LATEX, r",\ ".join(parts)]
    if shares is not None:
        lines.append(rf"d_1, d_2 \text{{ hold }} {100 * shares[0]:.1f}\%,\ {100 * shares[1]:.1f}\%"
                     r"\text{ of } \textstyle\sum_{\text{racers}, t} \lVert\theta_t - \theta_0\rVert^2")
    return r" \\ ".join(lines)


def filled_projection_latex(directions: torch.Tensor, points: dict[str, tuple], labels: dict[str, str]) -> str:
    """The projection with today's numbers: DᵀD of directions (2, P) and each racer's current
    (a, b, off-plane share) from points[name]."""
    g = (directions @ directions.T).tolist()
    scale = max(g[0][0], g[1][1])
    # orthonormal principal directions: an off-diagonal of 1e-16 is rounding, shown as 0
    cell = [[num(x) if abs(x) > 1e-12 * scale else "0" for x in row] for row in g]
    gram = rf"D^\top D = \begin{{pmatrix}}{cell[0][0]} & {cell[0][1]} \\ {cell[1][0]} & {cell[1][1]}\end{{pmatrix}}"
    now = [rf"\text{{{labels[n]}}}: (a, b) = ({num(a)}, {num(b)}),\ {100 * off:.0f}\%\text{{ off}}"
           for n, (a, b, off) in points.items()]
    rows = [r";\quad ".join(now[i:i + 3]) for i in range(0, len(now), 3)]   # three a line: one clips
    return r" \\ ".join([PROJECTION_LATEX, OFF_PLANE_LATEX + r",\quad " + gram, *rows])
