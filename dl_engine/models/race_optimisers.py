"""The race's seven optimisers: each one is torch.optim, with its update as PyTorch computes it.

`build(name, params, h)` makes the torch.optim optimiser from the race's hyperparameters `h`
(a RaceConfig: lr_<name>, momentum, alpha, beta1, beta2, weight_decay). `UPDATE_LATEX` is the
update PyTorch applies, in its own conventions: the notes (003) describe Adagrad, RMSprop and
Adam in words only ("the learning rate decreases as we reach the minimum", "Adam combines
momentum with RMSprop") and give no formula, so the symbols are PyTorch's. Where PyTorch
differs from the textbook form it is said in `NOTES`.
"""
from __future__ import annotations

from typing import Any

import torch

NAMES = ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw")
LABELS = {"sgd": "SGD", "momentum": "Momentum", "nesterov": "Nesterov", "adagrad": "Adagrad",
          "rmsprop": "RMSprop", "adam": "Adam", "adamw": "AdamW"}
EPS = 1e-8   # ε of RMSprop, Adam and AdamW (torch's default); Adagrad's default is 1e-10
ADAGRAD_EPS = 1e-10


def build(name: str, params, h: Any) -> torch.optim.Optimizer:
    """torch.optim optimiser `name` over `params` with the hyperparameters of `h`."""
    lr = getattr(h, f"lr_{name}")
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr)
    if name in ("momentum", "nesterov"):
        return torch.optim.SGD(params, lr=lr, momentum=h.momentum, nesterov=name == "nesterov")
    if name == "adagrad":
        return torch.optim.Adagrad(params, lr=lr, eps=ADAGRAD_EPS)
    if name == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, alpha=h.alpha, eps=EPS)
    if name == "adam":
        return torch.optim.Adam(params, lr=lr, betas=(h.beta1, h.beta2), eps=EPS)
    if name == "adamw":
        return torch.optim.AdamW(params, lr=lr, betas=(h.beta1, h.beta2), eps=EPS, weight_decay=h.weight_decay)
    raise KeyError(name)


# optimizer.state[p] keys each one keeps, and the one its arrow shows (a direction it moves along)
STATE_KEYS = {"sgd": (), "momentum": ("momentum_buffer",), "nesterov": ("momentum_buffer",),
              "adagrad": ("sum",), "rmsprop": ("square_avg",), "adam": ("exp_avg", "exp_avg_sq"),
              "adamw": ("exp_avg", "exp_avg_sq")}
ARROW_KEY = {"momentum": "momentum_buffer", "nesterov": "momentum_buffer", "adam": "exp_avg", "adamw": "exp_avg"}
SYMBOLS = {"momentum_buffer": "b", "sum": "G", "square_avg": "s", "exp_avg": "m", "exp_avg_sq": "v"}

UPDATE_LATEX = {
    "sgd": r"\theta \leftarrow \theta - \eta\, g",
    "momentum": r"b \leftarrow \mu b + g,\quad \theta \leftarrow \theta - \eta\, b",
    "nesterov": r"b \leftarrow \mu b + g,\quad \theta \leftarrow \theta - \eta\,(g + \mu b)",
    "adagrad": r"G \leftarrow G + g^2,\quad \theta \leftarrow \theta - \eta\, \frac{g}{\sqrt{G} + \epsilon}",
    "rmsprop": r"s \leftarrow \alpha s + (1-\alpha) g^2,\quad \theta \leftarrow \theta - \eta\, \frac{g}{\sqrt{s} + \epsilon}",
    "adam": r"m \leftarrow \beta_1 m + (1-\beta_1) g,\ v \leftarrow \beta_2 v + (1-\beta_2) g^2,\ "
            r"\theta \leftarrow \theta - \eta\, \frac{m/(1-\beta_1^t)}{\sqrt{v/(1-\beta_2^t)} + \epsilon}",
    "adamw": r"\theta \leftarrow \theta(1 - \eta\lambda),\ \text{then Adam's update}",
}
NOTES = {
    "momentum": "PyTorch keeps b = Σ μᵏ g (not the v ← μv + ηg or (1−μ)-averaged forms of some texts): "
                "the same path for a fixed lr, with η applied outside the buffer.",
    "nesterov": "PyTorch's Nesterov steps along g + μb (the look-ahead rewritten at the current point).",
    "adagrad": "G sums every squared gradient since the start, so η/√G only shrinks (the notes' "
               "'learning rate decreasing as we reach the minimum').",
    "adamw": "AdamW decays the weights directly (decoupled), not through the gradient as Adam's "
             "weight_decay does.",
}


def state_of(optimizer: torch.optim.Optimizer, p: torch.Tensor, name: str) -> dict[str, Any]:
    """What optimizer.state holds for p: {key: (2,) float array copy, "step": int} (empty before
    its first step; SGD without momentum keeps a buffer of None)."""
    state = optimizer.state.get(p, {})
    out = {k: state[k].detach().cpu().numpy().copy() for k in STATE_KEYS[name]
           if isinstance(state.get(k), torch.Tensor)}
    if "step" in state:
        out["step"] = int(state["step"])
    return out


def _num(x: float) -> str:
    """3 significant digits, a power of ten as LaTeX writes it (1.46 × 10⁶, not 1.46e+06)."""
    text = f"{x:.3g}"
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    return rf"{mantissa}\times 10^{{{int(exponent)}}}"


def _vec(v) -> str:
    return rf"\begin{{pmatrix}}{_num(v[0])} \\ {_num(v[1])}\end{{pmatrix}}"


def filled_latex(name: str, h: Any, grad, state: dict[str, Any], theta) -> str:
    """The update of `name` with today's numbers: θ, g at θ (2,), its hyperparameters and the
    state read from optimizer.state (state_of) as they stand before its next step."""
    parts = [rf"\eta = {getattr(h, f'lr_{name}'):g}"]
    if name in ("momentum", "nesterov"):
        parts.append(rf"\mu = {h.momentum:g}")
    if name == "rmsprop":
        parts.append(rf"\alpha = {h.alpha:g}")
    if name in ("adam", "adamw"):
        parts += [rf"\beta_1 = {h.beta1:g}", rf"\beta_2 = {h.beta2:g}", rf"t = {state.get('step', 0) + 1}"]
    if name == "adamw":
        parts.append(rf"\lambda = {h.weight_decay:g}")
    vectors = [rf"\theta = {_vec(theta)}", rf"g = {_vec(grad)}"]
    vectors += [rf"{SYMBOLS[k]} = {_vec(state[k])}" for k in STATE_KEYS[name] if k in state]
    # three lines (the update, its hyperparameters, the vectors): one line clips on a laptop's width
    return (r"\textbf{" + LABELS[name] + r"}:\ " + UPDATE_LATEX[name] + r" \\ " + r",\ ".join(parts)
            + r" \\ " + r",\ ".join(vectors))


def diverged_latex(name: str, step: int, theta) -> str:
    """What a diverged racer's line says instead of its update: where and when it stopped."""
    return (r"\textbf{" + LABELS[name] + r"}:\ " + rf"\text{{diverged at step {step}, stopped at }}\ "
            rf"\theta = {_vec(theta)}")
