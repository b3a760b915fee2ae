"""The compiled MLP training step for the CPU: forward, loss, backward, penalty and optimizer in one call.

The same arithmetic as the torch path (`MLP.forward` + autograd + torch.optim, which serves CUDA/MPS
and is what this kernel is tested against), written as plain loops that Numba compiles once (cached
on disk, GIL released). Every helper is inlined into the step, so a step of a tiny network costs
well under a microsecond; `train_steps` runs many steps, across epochs, in one call.

Layout (shared with `MLP`): layer l's block [W_l; b_l], shape (n_l + 1, n_{l+1}), row-major at
theta[woff[l]:]. Work buffers are (5, B, C) with C = Σ sizes: rows A (outputs after dropout),
F (outputs before dropout), Z (pre-activations), G (∂L/∂output) and D (∂L/∂z); layer l's units are
the columns cols[l] : cols[l] + sizes[l] (layer 0: the input features; layer L: the logits).
The ids below are the kernel's names for functions; the tables in mlp_activations, mlp_losses and
mlp_optim give each one its torch function and its equation.
"""
from __future__ import annotations

import math

import numpy as np
from numba import njit

LINEAR, TANH, SIGMOID, RELU, LEAKY_RELU, ELU, SELU, STEP = range(8)     # activations
BCE, CROSS_ENTROPY, MSE, MAE, HUBER = range(5)                         # losses (≥ MSE: on probabilities)
SGD, MOMENTUM, ADAGRAD, RMSPROP, ADAM = range(5)                       # optimizers
NO_PENALTY, L1, L2 = range(3)                                          # regularisers
SIGMOID_HEAD, SOFTMAX_HEAD = range(2)                                  # output heads
SELU_LAMBDA, SELU_ALPHA, LEAKY_SLOPE, HUBER_DELTA = 1.0507009873554805, 1.6732632423543772, 0.01, 1.0
A, F, Z, G, D = range(5)
# error_model="numpy": a division by zero gives inf/nan (reported as divergence), with no check per division
INLINE = dict(cache=True, inline="always", error_model="numpy")


@njit(**INLINE)
def _activate(code, z):
    """f(z) for the activation `code`."""
    if code == TANH:
        return math.tanh(z)
    if code == SIGMOID:
        return 0.5 * math.tanh(0.5 * z) + 0.5
    if code == RELU:
        return z if z > 0 else 0.0
    if code == LEAKY_RELU:
        return z if z > 0 else LEAKY_SLOPE * z
    if code == ELU:
        return z if z > 0 else math.expm1(z)
    if code == SELU:
        return SELU_LAMBDA * z if z > 0 else SELU_LAMBDA * SELU_ALPHA * math.expm1(z)
    if code == STEP:
        return 1.0 if z >= 0 else 0.0
    return z


@njit(**INLINE)
def _slope(code, z, a):
    """f'(z), given a = f(z)."""
    if code == TANH:
        return 1.0 - a * a
    if code == SIGMOID:
        return a * (1.0 - a)
    if code == RELU:
        return 1.0 if z > 0 else 0.0
    if code == LEAKY_RELU:
        return 1.0 if z > 0 else LEAKY_SLOPE
    if code == ELU:
        return 1.0 if z > 0 else a + 1.0
    if code == SELU:
        return SELU_LAMBDA if z > 0 else a + SELU_LAMBDA * SELU_ALPHA
    if code == STEP:
        return 0.0
    return 1.0


@njit(**INLINE)
def _residual_loss(code, r):
    """(ℓ(r), ℓ'(r)) for the regression losses, r = p − y."""
    if code == MSE:
        return r * r, 2.0 * r
    if code == MAE:
        return abs(r), (1.0 if r > 0 else (-1.0 if r < 0 else 0.0))
    if abs(r) <= HUBER_DELTA:
        return 0.5 * r * r, r
    return HUBER_DELTA * (abs(r) - 0.5 * HUBER_DELTA), (HUBER_DELTA if r > 0 else -HUBER_DELTA)


@njit(**INLINE)
def _layer(sizes, cols, woff, l):
    """Layer l's (n_a, n_b, ca, cb, w) as unsigned integers: an index built from them alone skips
    the check for a negative (from-the-end) index that every signed one costs."""
    return (np.uint64(sizes[l]), np.uint64(sizes[l + 1]), np.uint64(cols[l]), np.uint64(cols[l + 1]),
            np.uint64(woff[l]))


@njit(**INLINE)
def _forward(X, order, e, first, B, U, u, keep, theta, sizes, cols, woff, acts, work):
    """Fill A, F, Z for the B rows X[order[e, first:first + B]] (dropout where U[u] ≥ keep; U unused
    when keep = 1). Rows and draws are read by index, not through views: a view per step costs
    reference counting that outweighs a small network's arithmetic."""
    L = woff.shape[0]
    rows, top = np.uint64(B), np.uint64(first)
    for b in range(rows):
        r = np.uint64(order[e, top + b])
        for i in range(np.uint64(sizes[0])):
            work[A, b, i] = X[r, i]
    for l in range(L):
        n_a, n_b, ca, cb, w = _layer(sizes, cols, woff, l)
        bias = w + n_a * n_b
        for b in range(rows):
            for j in range(n_b):
                z = theta[bias + j]  # summed in a register, i = 0, 1, … as the loops over i would
                for i in range(n_a):
                    z += work[A, b, ca + i] * theta[w + i * n_b + j]
                work[Z, b, cb + j] = z
            for j in range(n_b):
                f = work[Z, b, cb + j] if l == L - 1 else _activate(acts[l], work[Z, b, cb + j])
                work[F, b, cb + j] = f
                if keep < 1.0 and l < L - 1:
                    f = f / keep if U[u, b, cb + j] < keep else 0.0
                work[A, b, cb + j] = f


@njit(**INLINE)
def _loss(T, order, e, first, B, head, loss, cL, K, work):
    """Mean loss of the logits in Z[:, cL:cL + K] against T[order[e, first:first + B]]; writes
    ∂L/∂logits to G and D."""
    total = 0.0
    regression = loss >= MSE
    scale = 1.0 / (B * K) if regression else 1.0 / B
    for b in range(B):
        r = np.uint64(order[e, first + b])
        if head == SIGMOID_HEAD:  # one logit, p = σ(z)
            z, y = work[Z, b, np.uint64(cL)], T[r, 0]
            p = 0.5 * math.tanh(0.5 * z) + 0.5
            if regression:
                value, dp = _residual_loss(loss, p - y)
                total += value
                d = dp * scale * p * (1.0 - p)
            else:  # softplus(z) − y z
                total += max(z, 0.0) + math.log1p(math.exp(-abs(z))) - y * z
                d = (p - y) * scale
            work[G, b, np.uint64(cL)] = d
            work[D, b, np.uint64(cL)] = d
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
            p, y = math.exp(log_p), T[r, k]
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


@njit(**INLINE)
def _backward(B, U, u, keep, theta, grad, sizes, cols, woff, acts, work, norms, n):
    """Fill grad with ∂L/∂θ from D of the logits; G and D of every hidden layer on the way; and
    ‖∂L/∂θ_l‖ in norms[n, l] (summed in θ's order)."""
    if B == 1:
        _backward_one(U, u, keep, theta, grad, sizes, cols, woff, acts, work, norms, n)
    else:
        _backward_rows(B, U, u, keep, theta, grad, sizes, cols, woff, acts, work, norms, n)


@njit(**INLINE)
def _backward_rows(B, U, u, keep, theta, grad, sizes, cols, woff, acts, work, norms, n):
    """`_backward` for any batch: per layer, the gradient summed over the rows, then the sums for
    the layer below, then the norms."""
    rows = np.uint64(B)
    for l in range(woff.shape[0] - 1, -1, -1):
        n_a, n_b, ca, cb, w = _layer(sizes, cols, woff, l)
        bias = w + n_a * n_b
        for i in range(w, bias + n_b):
            grad[i] = 0.0
        for b in range(rows):
            for i in range(n_a):
                a, row = work[A, b, ca + i], w + i * n_b
                for j in range(n_b):
                    grad[row + j] += a * work[D, b, cb + j]
            for j in range(n_b):
                grad[bias + j] += work[D, b, cb + j]
        if l == 0:
            break
        for b in range(rows):
            for i in range(n_a):
                s, row = 0.0, w + i * n_b
                for j in range(n_b):
                    s += work[D, b, cb + j] * theta[row + j]
                if keep < 1.0:
                    s = s / keep if U[u, b, ca + i] < keep else 0.0
                work[G, b, ca + i] = s
                work[D, b, ca + i] = s * _slope(acts[l - 1], work[Z, b, ca + i], work[F, b, ca + i])
    _norms(grad, woff, norms, n)


@njit(**INLINE)
def _norms(grad, woff, norms, n):
    """‖grad_l‖ per layer into norms[n] (L,), summed in θ's order."""
    L = woff.shape[0]
    for l in range(L):
        end = woff[l + 1] if l + 1 < L else grad.shape[0]
        sq = 0.0
        for i in range(woff[l], end):
            sq += grad[i] * grad[i]
        norms[n, l] = math.sqrt(sq)


@njit(**INLINE)
def _backward_one(U, u, keep, theta, grad, sizes, cols, woff, acts, work, norms, n):
    """`_backward` for a batch of one row, in one pass per layer: each gradient, its square for the
    norm and its share of the sums for the layer below are taken as it is written. The same
    operations in the same order as `_backward_rows` (0 + the row's product, as the sum over a
    batch starts from 0), so the same results bit for bit, in fewer loops: at batch 1 the loops'
    own cost is most of a small network's step."""
    zero = grad.dtype.type(0)
    for l in range(woff.shape[0] - 1, -1, -1):
        n_a, n_b, ca, cb, w = _layer(sizes, cols, woff, l)
        bias = w + n_a * n_b
        sq = 0.0
        for i in range(n_a):
            a, row, s = work[A, 0, ca + i], w + i * n_b, 0.0
            for j in range(n_b):
                d = work[D, 0, cb + j]
                g = zero + a * d
                grad[row + j] = g
                sq += g * g
                s += d * theta[row + j]
            if l > 0:
                if keep < 1.0:
                    s = s / keep if U[u, 0, ca + i] < keep else 0.0
                work[G, 0, ca + i] = s
                work[D, 0, ca + i] = s * _slope(acts[l - 1], work[Z, 0, ca + i], work[F, 0, ca + i])
        for j in range(n_b):
            g = zero + work[D, 0, cb + j]
            grad[bias + j] = g
            sq += g * g
        norms[n, l] = math.sqrt(sq)


@njit(**INLINE)
def _penalise(reg, rate, theta, grad, weight_mask):
    """grad += ∂(λR)/∂θ over the weights (not biases); returns λR (R = Σ|w| or Σw²)."""
    value = 0.0
    if reg == NO_PENALTY or rate == 0.0:
        return value
    for i in range(theta.shape[0]):
        if weight_mask[i] == 0.0:
            continue
        w = theta[i]
        if reg == L1:
            value += abs(w)
            grad[i] += rate * (1.0 if w > 0 else (-1.0 if w < 0 else 0.0))
        else:
            value += w * w
            grad[i] += 2.0 * rate * w
    return rate * value


@njit(**INLINE)
def _update(opt, lr, t, theta, grad, state):
    """One optimizer step in place (torch.optim's rules and defaults); state (2, P), t counts from 1.
    One loop per rule, so no branch runs per parameter."""
    P = theta.shape[0]
    if opt == SGD:
        for i in range(P):
            theta[i] -= lr * grad[i]
    elif opt == MOMENTUM:
        for i in range(P):
            state[0, i] = 0.9 * state[0, i] + grad[i]
            theta[i] -= lr * state[0, i]
    elif opt == ADAGRAD:
        for i in range(P):
            state[0, i] += grad[i] * grad[i]
            theta[i] -= lr * grad[i] / (math.sqrt(state[0, i]) + 1e-10)
    elif opt == RMSPROP:
        for i in range(P):
            state[0, i] = 0.99 * state[0, i] + 0.01 * grad[i] * grad[i]
            theta[i] -= lr * grad[i] / (math.sqrt(state[0, i]) + 1e-8)
    else:
        c1, root_c2 = 1.0 - 0.9 ** t, math.sqrt(1.0 - 0.999 ** t)
        for i in range(P):
            state[0, i] = 0.9 * state[0, i] + 0.1 * grad[i]
            state[1, i] = 0.999 * state[1, i] + 0.001 * grad[i] * grad[i]
            theta[i] -= (lr / c1) * state[0, i] / (math.sqrt(state[1, i]) / root_c2 + 1e-8)


@njit(**INLINE)
def _step(X, T, order, e, first, B, U, u, theta, grad, state, weight_mask, sizes, cols, woff, acts, codes, hyper,
          work, norms, n):
    """One mini-batch of the B rows order[e, first:first + B] of X (N, F) → targets T (N, K), dropout
    draws U[u] (B, C): returns the loss (penalty included).

    codes = (head, loss, optimizer, regulariser); hyper = (lr, reg_rate, keep, optimizer steps so far t).
    Writes ‖∂L/∂θ_l‖ per layer to norms[n] (L,). A non-finite loss or gradient leaves θ untouched.
    """
    L = woff.shape[0]
    keep = hyper[2]
    hyper[3] += 1
    _forward(X, order, e, first, B, U, u, keep, theta, sizes, cols, woff, acts, work)
    loss = _loss(T, order, e, first, B, codes[0], codes[1], cols[L], sizes[L], work)
    _backward(B, U, u, keep, theta, grad, sizes, cols, woff, acts, work, norms, n)
    loss += _penalise(codes[3], hyper[1], theta, grad, weight_mask)
    if codes[3] != NO_PENALTY and hyper[1] != 0.0:  # the norms of the penalised gradient
        _norms(grad, woff, norms, n)
    finite = math.isfinite(loss)
    for l in range(L):
        finite = finite and math.isfinite(norms[n, l])
    if finite:
        _update(codes[2], hyper[0], hyper[3], theta, grad, state)
    return loss


@njit(cache=True, nogil=True, error_model="numpy")
def train_step(X, T, rows, U, theta, grad, state, weight_mask, sizes, cols, woff, acts, codes, hyper, work, norms):
    """One mini-batch of the rows `rows` (B,) of X and T; see `_step`. U: (B, C) dropout draws."""
    order = np.empty((1, rows.shape[0]), np.int64)
    order[0] = rows
    return _step(X, T, order, 0, 0, rows.shape[0], U.reshape((1,) + U.shape), 0, theta, grad, state, weight_mask,
                 sizes, cols, woff, acts, codes, hyper, work, norms.reshape((1,) + norms.shape), 0)


@njit(cache=True, nogil=True, error_model="numpy")
def train_steps(X, T, orders, cursor, batch, U, theta, grad, state, weight_mask, sizes, cols, woff, acts, codes,
                hyper, work, losses, norms):
    """Up to k = len(losses) mini-batches in one call without the GIL, across epochs: epoch e trains
    on the rows orders[e] (E, N) in batches of `batch` (its last one may be short). cursor (2,) =
    (epoch e, first row of the next batch), advanced in place. U: (k, B, C) dropout draws, or a
    (1, 1, 1) dummy without dropout. Fills losses (k,) and norms (k, L); returns the number of
    steps taken: k, or fewer where the orders end or a step was non-finite (that step counts).
    """
    n = orders.shape[1]
    for j in range(losses.shape[0]):
        e, first = cursor[0], cursor[1]
        if e >= orders.shape[0]:
            return j
        B = min(first + batch, n) - first
        cursor[1] = first + batch
        if cursor[1] >= n:
            cursor[0], cursor[1] = e + 1, 0
        losses[j] = _step(X, T, orders, e, first, B, U, j if U.shape[0] > 1 else 0, theta, grad, state,
                          weight_mask, sizes, cols, woff, acts, codes, hyper, work, norms, j)
        finite = math.isfinite(losses[j])
        for l in range(norms.shape[1]):
            finite = finite and math.isfinite(norms[j, l])
        if not finite:
            return j + 1
    return losses.shape[0]


def layer_columns(sizes: tuple[int, ...]) -> np.ndarray:
    """(L + 2,) column offsets of each layer in the work buffers; the last is C."""
    return np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
