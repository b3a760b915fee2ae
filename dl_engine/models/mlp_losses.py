"""Output heads and losses of the explicit MLP: value and ∂L/∂logits, by the registry's names.

Head "sigmoid": one logit, p = σ(z), targets (B, 1) of 0/1. Head "softmax": K logits,
P = softmax(z), targets (B, K) one-hot. Regression losses (MSE, MAE, Huber) compare probabilities
with targets, mean over all B·K entries, as torch.nn.functional does.
"""
from __future__ import annotations

HEADS = ("sigmoid", "softmax")
HEAD_LOSSES = {
    "sigmoid": ("binary_cross_entropy", "mse", "mae", "huber"),
    "softmax": ("cross_entropy", "mse", "mae", "huber"),
}
HUBER_DELTA = 1.0


def check_head_loss(head: str, loss: str) -> None:
    """Raise ValueError if `loss` cannot train a `head` output."""
    if head not in HEAD_LOSSES:
        raise ValueError(f"Unknown output '{head}'; choose one of {list(HEAD_LOSSES)}.")
    if loss not in HEAD_LOSSES[head]:
        raise ValueError(f"The {head} output trains with one of {list(HEAD_LOSSES[head])}, not '{loss}'. "
                         + ("Binary cross-entropy needs the sigmoid output." if loss == "binary_cross_entropy"
                            else "Categorical cross-entropy needs the softmax output."))


def probabilities(xp, logits, head: str):
    """(B, 1) σ(z) for the sigmoid head, (B, K) softmax(z) for the softmax head."""
    if head == "sigmoid":
        return 0.5 * xp.tanh(0.5 * logits) + 0.5
    e = xp.exp(logits - xp.amax(logits, axis=1, keepdims=True))
    return e / xp.sum(e, axis=1, keepdims=True)


def _softplus(xp, z):
    return xp.clip(z, 0, None) + xp.log1p(xp.exp(-xp.abs(z)))


def _elementwise(xp, r, name: str):
    """Per-entry loss of the residual r = p − y and its derivative ∂ℓ/∂p."""
    if name == "mse":
        return r * r, 2 * r
    if name == "mae":
        return xp.abs(r), xp.sign(r)
    small = xp.abs(r) <= HUBER_DELTA
    value = xp.where(small, 0.5 * r * r, HUBER_DELTA * (xp.abs(r) - 0.5 * HUBER_DELTA))
    return value, xp.clip(r, -HUBER_DELTA, HUBER_DELTA)


def loss_and_grad(xp, logits, target, head: str, loss: str, need_grad: bool = True):
    """Mean loss (0-d array) and ∂L/∂logits (same shape as logits, None if not need_grad).

    logits: (B, 1) or (B, K); target: same shape, 0/1 or one-hot.
    """
    n = logits.shape[0]
    if loss == "binary_cross_entropy":
        value = xp.sum(_softplus(xp, logits) - target * logits) / n
        return value, ((probabilities(xp, logits, head) - target) / n if need_grad else None)
    if loss == "cross_entropy":
        shifted = logits - xp.amax(logits, axis=1, keepdims=True)
        log_z = xp.log(xp.sum(xp.exp(shifted), axis=1, keepdims=True))
        value = -xp.sum((shifted - log_z) * target) / n
        return value, ((xp.exp(shifted - log_z) - target) / n if need_grad else None)
    p = probabilities(xp, logits, head)
    per_entry, dp = _elementwise(xp, p - target, loss)
    count = per_entry.shape[0] * per_entry.shape[1]
    value = xp.sum(per_entry) / count
    if not need_grad:
        return value, None
    dp = dp / count
    if head == "sigmoid":
        return value, dp * p * (1 - p)
    return value, p * (dp - xp.sum(dp * p, axis=1, keepdims=True))  # softmax Jacobian-vector product
