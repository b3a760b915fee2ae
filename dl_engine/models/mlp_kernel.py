"""One compiled MLP training step for the CPU: forward, loss, backward, penalty and optimizer in one call.

The same arithmetic as `MLP.forward/backward`, `mlp_losses`, `mlp_optim` (which serve the torch
path), written as plain loops that Numba compiles once (cached on disk, GIL released): a tiny
network's step then costs a few microseconds instead of ~40 NumPy calls of Python overhead.

Layout (shared with `MLP`): layer l's block [W_l; b_l], shape (n_l + 1, n_{l+1}), row-major at
theta[woff[l]:]. Work buffers are (5, B, C) with C = Σ sizes: rows A (outputs after dropout),
F (outputs before dropout), Z (pre-activations), G (∂L/∂a) and D (∂L/∂z); layer l's units are
the columns cols[l] : cols[l] + sizes[l] (layer 0: the input features; layer L: the logits).
"""
from __future__ import annotations

import math

import numpy as np
from numba import njit

ACTIVATION_CODES = {"linear": 0, "tanh": 1, "sigmoid": 2, "relu": 3, "leaky_relu": 4, "elu": 5, "selu": 6,
                    "step": 7}
LOSS_CODES = {"binary_cross_entropy": 0, "cross_entropy": 1, "mse": 2, "mae": 3, "huber": 4}
OPTIMIZER_CODES = {"sgd": 0, "momentum": 1, "adagrad": 2, "rmsprop": 3, "adam": 4}
REGULARISER_CODES = {"none": 0, "l1": 1, "l2": 2}
HEAD_CODES = {"sigmoid": 0, "softmax": 1}
SELU_LAMBDA, SELU_ALPHA, LEAKY_SLOPE, HUBER_DELTA = 1.0507009873554805, 1.6732632423543772, 0.01, 1.0
A, F, Z, G, D = range(5)


@njit(cache=True, inline="always")
def _activate(code, z):
    """f(z) for the activation `code`."""
    if code == 1:
        return math.tanh(z)
    if code == 2:
        return 0.5 * math.tanh(0.5 * z) + 0.5
    if code == 3:
        return z if z > 0 else 0.0
    if code == 4:
        return z if z > 0 else LEAKY_SLOPE * z
    if code == 5:
        return z if z > 0 else math.expm1(z)
    if code == 6:
        return SELU_LAMBDA * z if z > 0 else SELU_LAMBDA * SELU_ALPHA * math.expm1(z)
    if code == 7:
        return 1.0 if z >= 0 else 0.0
    return z


@njit(cache=True, inline="always")
def _slope(code, z, a):
    """f'(z), given a = f(z)."""
    if code == 1:
        return 1.0 - a * a
    if code == 2:
        return a * (1.0 - a)
    if code == 3:
        return 1.0 if z > 0 else 0.0
    if code == 4:
        return 1.0 if z > 0 else LEAKY_SLOPE
    if code == 5:
        return 1.0 if z > 0 else a + 1.0
    if code == 6:
        return SELU_LAMBDA if z > 0 else a + SELU_LAMBDA * SELU_ALPHA
    if code == 7:
        return 0.0
    return 1.0


@njit(cache=True, inline="always")
def _residual_loss(code, r):
    """(ℓ(r), ℓ'(r)) for the regression losses, r = p − y."""
    if code == 2:
        return r * r, 2.0 * r
    if code == 3:
        return abs(r), (1.0 if r > 0 else (-1.0 if r < 0 else 0.0))
    if abs(r) <= HUBER_DELTA:
        return 0.5 * r * r, r
    return HUBER_DELTA * (abs(r) - 0.5 * HUBER_DELTA), (HUBER_DELTA if r > 0 else -HUBER_DELTA)


@njit(cache=True)
def _forward(X, start, B, U, keep, theta, sizes, cols, woff, acts, work):
    """Fill A, F, Z for rows X[start:start + B] (dropout where U ≥ keep; U unused when keep = 1)."""
    L = woff.shape[0]
    for b in range(B):
        for i in range(sizes[0]):
            work[A, b, i] = X[start + b, i]
            work[F, b, i] = X[start + b, i]
    for l in range(L):
        n_a, n_b, ca, cb, w = sizes[l], sizes[l + 1], cols[l], cols[l + 1], woff[l]
        bias = w + n_a * n_b
        for b in range(B):
            for j in range(n_b):
                work[Z, b, cb + j] = theta[bias + j]
            for i in range(n_a):
                a, row = work[A, b, ca + i], w + i * n_b
                for j in range(n_b):
                    work[Z, b, cb + j] += a * theta[row + j]
            for j in range(n_b):
                f = work[Z, b, cb + j] if l == L - 1 else _activate(acts[l], work[Z, b, cb + j])
                work[F, b, cb + j] = f
                if keep < 1.0 and l < L - 1:
                    f = f / keep if U[b, cb + j] < keep else 0.0
                work[A, b, cb + j] = f


@njit(cache=True)
def _loss(T, start, B, head, loss, cL, K, work):
    """Mean loss of the logits in Z[:, cL:cL + K] against T[start:start + B]; writes ∂L/∂logits to G and D."""
    total = 0.0
    regression = loss >= 2
    scale = 1.0 / (B * K) if regression else 1.0 / B
    for b in range(B):
        if head == 0:  # one logit, p = σ(z)
            z, y = work[Z, b, cL], T[start + b, 0]
            p = 0.5 * math.tanh(0.5 * z) + 0.5
            if regression:
                value, dp = _residual_loss(loss, p - y)
                total += value
                d = dp * scale * p * (1.0 - p)
            else:  # softplus(z) − y z
                total += max(z, 0.0) + math.log1p(math.exp(-abs(z))) - y * z
                d = (p - y) * scale
            work[G, b, cL] = d
            work[D, b, cL] = d
            continue
        top = work[Z, b, cL]
        for k in range(1, K):
            top = max(top, work[Z, b, cL + k])
        norm = 0.0
        for k in range(K):
            norm += math.exp(work[Z, b, cL + k] - top)
        log_norm = math.log(norm)
        weighted = 0.0  # Σ_k ℓ'(r_k)·p_k, for the softmax Jacobian
        for k in range(K):
            log_p = work[Z, b, cL + k] - top - log_norm
            p, y = math.exp(log_p), T[start + b, k]
            if regression:
                value, dp = _residual_loss(loss, p - y)
                total += value
                work[G, b, cL + k] = dp * scale
                weighted += dp * scale * p
            else:
                total -= y * log_p
                work[G, b, cL + k] = (p - y) * scale
        for k in range(K):
            if regression:
                p = math.exp(work[Z, b, cL + k] - top - log_norm)
                work[G, b, cL + k] = p * (work[G, b, cL + k] - weighted)
            work[D, b, cL + k] = work[G, b, cL + k]
    return total * scale


@njit(cache=True)
def _backward(B, U, keep, theta, grad, sizes, cols, woff, acts, work):
    """Fill grad with ∂L/∂θ from D of the logits; G and D of every hidden layer on the way."""
    for l in range(woff.shape[0] - 1, -1, -1):
        n_a, n_b, ca, cb, w = sizes[l], sizes[l + 1], cols[l], cols[l + 1], woff[l]
        bias = w + n_a * n_b
        grad[w:bias + n_b] = 0.0
        for b in range(B):
            for i in range(n_a):
                a, row = work[A, b, ca + i], w + i * n_b
                for j in range(n_b):
                    grad[row + j] += a * work[D, b, cb + j]
            for j in range(n_b):
                grad[bias + j] += work[D, b, cb + j]
        if l == 0:
            break
        for b in range(B):
            for i in range(n_a):
                s, row = 0.0, w + i * n_b
                for j in range(n_b):
                    s += work[D, b, cb + j] * theta[row + j]
                if keep < 1.0:
                    s = s / keep if U[b, ca + i] < keep else 0.0
                work[G, b, ca + i] = s
                work[D, b, ca + i] = s * _slope(acts[l - 1], work[Z, b, ca + i], work[F, b, ca + i])


@njit(cache=True)
def _penalise(reg, rate, theta, grad, weight_mask):
    """grad += ∂(λR)/∂θ over the weights (not biases); returns λR (R = Σ|w| or Σw²)."""
    value = 0.0
    if reg == 0 or rate == 0.0:
        return value
    for i in range(theta.shape[0]):
        if weight_mask[i] == 0.0:
            continue
        w = theta[i]
        if reg == 1:
            value += abs(w)
            grad[i] += rate * (1.0 if w > 0 else (-1.0 if w < 0 else 0.0))
        else:
            value += w * w
            grad[i] += 2.0 * rate * w
    return rate * value


@njit(cache=True)
def _update(opt, lr, t, theta, grad, state):
    """One optimizer step in place (torch.optim's rules and defaults); state (2, P), t counts from 1."""
    c1, root_c2 = 1.0 - 0.9 ** t, math.sqrt(1.0 - 0.999 ** t)
    for i in range(theta.shape[0]):
        g = grad[i]
        if opt == 0:
            theta[i] -= lr * g
        elif opt == 1:
            state[0, i] = 0.9 * state[0, i] + g
            theta[i] -= lr * state[0, i]
        elif opt == 2:
            state[0, i] += g * g
            theta[i] -= lr * g / (math.sqrt(state[0, i]) + 1e-10)
        elif opt == 3:
            state[0, i] = 0.99 * state[0, i] + 0.01 * g * g
            theta[i] -= lr * g / (math.sqrt(state[0, i]) + 1e-8)
        else:
            state[0, i] = 0.9 * state[0, i] + 0.1 * g
            state[1, i] = 0.999 * state[1, i] + 0.001 * g * g
            theta[i] -= (lr / c1) * state[0, i] / (math.sqrt(state[1, i]) / root_c2 + 1e-8)


@njit(cache=True, nogil=True)
def train_step(X, T, start, stop, U, theta, grad, state, weight_mask, sizes, cols, woff, acts, codes, hyper,
               work, norms):
    """One mini-batch X[start:stop] (N, F) → targets T (N, K): returns the loss (penalty included).

    codes = (head, loss, optimizer, regulariser); hyper = (lr, reg_rate, keep, optimizer steps so far t).
    Writes ‖∂L/∂θ_l‖ per layer to norms (L,). A non-finite loss or gradient leaves θ untouched.
    """
    B, L = stop - start, woff.shape[0]
    keep = hyper[2]
    hyper[3] += 1
    _forward(X, start, B, U, keep, theta, sizes, cols, woff, acts, work)
    loss = _loss(T, start, B, codes[0], codes[1], cols[L], sizes[L], work)
    _backward(B, U, keep, theta, grad, sizes, cols, woff, acts, work)
    loss += _penalise(codes[3], hyper[1], theta, grad, weight_mask)
    finite = math.isfinite(loss)
    for l in range(L):
        end = woff[l + 1] if l + 1 < L else theta.shape[0]
        sq = 0.0
        for i in range(woff[l], end):
            sq += grad[i] * grad[i]
        norms[l] = math.sqrt(sq)
        finite = finite and math.isfinite(norms[l])
    if finite:
        _update(codes[2], hyper[0], hyper[3], theta, grad, state)
    return loss


@njit(cache=True, nogil=True)
def train_steps(X, T, start, batch, U, theta, grad, state, weight_mask, sizes, cols, woff, acts, codes, hyper,
                work, losses, norms):
    """Up to k = len(losses) consecutive mini-batches X[start + j·batch : …] (the last one may be
    short at the end of X), all in one call without the GIL. U: (k, B, C) dropout draws, or a
    (1, 1, 1) dummy without dropout. Fills losses (k,) and norms (k, L); returns the number of
    steps taken: k, or fewer where the data ends or a step was non-finite (that step counts).
    """
    n = X.shape[0]
    for j in range(losses.shape[0]):
        first = start + j * batch
        if first >= n:
            return j
        drops = U[j] if U.shape[0] > 1 else U[0]
        losses[j] = train_step(X, T, first, min(first + batch, n), drops, theta, grad, state, weight_mask,
                               sizes, cols, woff, acts, codes, hyper, work, norms[j])
        finite = math.isfinite(losses[j])
        for l in range(norms.shape[1]):
            finite = finite and math.isfinite(norms[j, l])
        if not finite:
            return j + 1
    return losses.shape[0]


def layer_columns(sizes: tuple[int, ...]) -> np.ndarray:
    """(L + 2,) column offsets of each layer in the work buffers; the last is C."""
    return np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
