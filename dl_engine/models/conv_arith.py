"""Convolution and pooling done by hand: the sliding window, its element-wise products and sums.

Arrays are channel-first NumPy float64: an image is (C, H, W), a bank of K filters (K, C, F, F).
Every result equals torch.nn.functional.conv2d / max_pool2d / avg_pool2d (tests check it); like
PyTorch and the course notes, "convolution" here does not flip the kernel (cross-correlation).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# The notes' formula (I − F + 2P)/S + 1, floored as every framework does when S does not divide.
SIZE_LATEX = r"O=\left\lfloor\frac{I-F+2P}{S}\right\rfloor+1"
DILATED_LATEX = r"F_{\text{eff}}=d\,(F-1)+1"
CONV_LATEX = r"\text{Output}(i,j)=\sum_{m=1}^{M}\sum_{n=1}^{N}X(i+m-1,\,j+n-1)\cdot K(m,n)"
POOL_LATEX = {
    "max": r"\text{MaxPool}(x)=\max(x_1,\dots,x_n)",
    "avg": r"\text{AvgPool}(x)=\tfrac{1}{n}\textstyle\sum_i x_i",
    "min": r"\text{MinPool}(x)=\min(x_1,\dots,x_n)",
}
RELU_LATEX = r"\mathrm{ReLU}(x)=\max(0,x)"
# Shown beside CONV_LATEX and SIZE_LATEX: what the lab does that the notes' formulas leave out.
CONV_NOTE = ("The notes' formula, for stride 1 and one channel. With stride S and dilation d the window of "
             "output (i, j) starts at pixel (S(i−1)+1, S(j−1)+1) of the padded input and takes every d-th pixel; "
             "on an RGB image each filter also sums over the 3 channels. As in the notes and PyTorch, the "
             "kernel is not flipped (strictly, this is cross-correlation).")
SIZE_NOTE = ("The notes write (I − F + 2P)/S + 1; when S does not divide I − F + 2P, the window's last partial "
             "stop is dropped, so the lab (like PyTorch) rounds down: ⌊·⌋. With dilation d, F becomes F_eff.")


class ConvShapeError(ValueError):
    """The window does not fit the (padded) input; the message says which setting to change."""


def effective_size(f: int, dilation: int = 1) -> int:
    """Span of a dilated F×F kernel: d(F−1)+1 pixels (a 3×3 kernel with d=2 covers 5×5)."""
    return dilation * (f - 1) + 1


def output_size(i: int, f: int, padding: int = 0, stride: int = 1, dilation: int = 1) -> int:
    """⌊(I − F_eff + 2P)/S⌋ + 1, the notes' formula with PyTorch's floor; may be ≤ 0 (invalid)."""
    return (i - effective_size(f, dilation) + 2 * padding) // stride + 1


def same_padding(f: int, dilation: int = 1) -> int:
    """The P that keeps the size at stride 1 for an odd kernel: (F_eff − 1)/2."""
    return (effective_size(f, dilation) - 1) // 2


def size_formula(i: int, f: int, padding: int, stride: int, dilation: int = 1) -> str:
    """The output-size formula as LaTeX with the actual numbers substituted."""
    fe = effective_size(f, dilation)
    o = output_size(i, f, padding, stride, dilation)
    f_text = f"{fe}" if dilation == 1 else rf"{fe}\;(F_{{\text{{eff}}}}={dilation}\cdot({f}-1)+1)"
    exact = (i - fe + 2 * padding) / stride + 1
    shown = f"{o}" if exact == o else rf"\lfloor {exact - 1:g} \rfloor + 1 = {o}"
    return (rf"O=\left\lfloor\frac{{{i}-{f_text}+2\cdot{padding}}}{{{stride}}}\right\rfloor+1"
            rf" = {shown}")


def check_geometry(i: int, f: int, padding: int, stride: int, dilation: int = 1) -> int:
    """The output size, or ConvShapeError if the window cannot fit even once."""
    o = output_size(i, f, padding, stride, dilation)
    if o < 1:
        raise ConvShapeError(
            f"A {effective_size(f, dilation)}-pixel window does not fit a {i}-pixel input with "
            f"padding {padding}: the output would be {o}×{o}. Add padding, use a smaller kernel or "
            "dilation, or a larger input.")
    return o


def as_chw(x: np.ndarray) -> np.ndarray:
    """(H, W) or (C, H, W) → float64 (C, H, W)."""
    x = np.asarray(x, dtype=np.float64)
    return x[None] if x.ndim == 2 else x


def pad(x: np.ndarray, padding: int) -> np.ndarray:
    """Zero-pad the two spatial axes of (C, H, W) by `padding` on every side."""
    return np.pad(as_chw(x), ((0, 0), (padding, padding), (padding, padding)))


def windows(x: np.ndarray, f: int, stride: int = 1, dilation: int = 1) -> np.ndarray:
    """Every window the kernel visits: (C, H, W) → (C, Ho, Wo, F, F) (x already padded).

    Window (i, j) starts at row i·S, column j·S and takes every d-th pixel (dilation).
    """
    x = as_chw(x)
    ho = check_geometry(x.shape[1], f, 0, stride, dilation)
    wo = check_geometry(x.shape[2], f, 0, stride, dilation)
    rows = (np.arange(ho) * stride)[:, None] + np.arange(f) * dilation   # (Ho, F)
    cols = (np.arange(wo) * stride)[:, None] + np.arange(f) * dilation   # (Wo, F)
    return x[:, rows[:, None, :, None], cols[None, :, None, :]]          # (C, Ho, Wo, F, F)


def as_bank(kernels: np.ndarray, channels: int) -> np.ndarray:
    """(F, F), (K, F, F) or (K, C, F, F) → (K, C, F, F); a 2-D kernel is used on every channel."""
    k = np.asarray(kernels, dtype=np.float64)
    if k.ndim == 2:
        k = k[None]
    if k.ndim == 3:
        k = np.repeat(k[:, None], channels, axis=1)
    if k.shape[1] != channels:
        raise ConvShapeError(f"The filters have {k.shape[1]} channels but the input has {channels}.")
    return k


def conv2d(x: np.ndarray, kernels: np.ndarray, bias: np.ndarray | None = None, stride: int = 1,
           padding: int = 0, dilation: int = 1) -> np.ndarray:
    """Slide each filter over x: out[k, i, j] = Σ_c Σ_m Σ_n window[c, i, j, m, n] · K[k, c, m, n] + b[k].

    x: (H, W) or (C, H, W); kernels: see `as_bank`; bias: (K,) or None. Returns (K, Ho, Wo).
    """
    x = pad(x, padding)
    bank = as_bank(kernels, x.shape[0])
    win = windows(x, bank.shape[-1], stride, dilation)                 # (C, Ho, Wo, F, F)
    products = win[None] * bank[:, :, None, None]                       # (K, C, Ho, Wo, F, F)
    out = products.sum(axis=(1, 4, 5))                                  # (K, Ho, Wo)
    if bias is not None:
        out = out + np.asarray(bias, dtype=np.float64)[:, None, None]
    return out


@dataclass(frozen=True)
class WindowStep:
    """One stop of the sliding window, in padded-input coordinates.

    rows/cols: (F,) pixel indices the window covers; window, products: (C, F, F); total: their sum.
    """
    index: int
    out_row: int
    out_col: int
    rows: np.ndarray
    cols: np.ndarray
    window: np.ndarray
    products: np.ndarray
    total: float


def n_steps(x: np.ndarray, f: int, stride: int = 1, padding: int = 0, dilation: int = 1) -> int:
    """How many positions the window visits: Ho · Wo."""
    x = as_chw(x)
    return (check_geometry(x.shape[1], f, padding, stride, dilation)
            * check_geometry(x.shape[2], f, padding, stride, dilation))


def window_step(x: np.ndarray, kernel: np.ndarray, index: int, stride: int = 1, padding: int = 0,
                dilation: int = 1) -> WindowStep:
    """The index-th window position (row-major): which pixels, their products with the kernel, the sum.

    x: (H, W) or (C, H, W); kernel: (F, F) or (C, F, F).
    """
    xp = pad(x, padding)
    kernel = as_bank(kernel[None] if np.ndim(kernel) == 3 else kernel, xp.shape[0])[0]  # (C, F, F)
    f = kernel.shape[-1]
    wo = check_geometry(xp.shape[2], f, 0, stride, dilation)
    index = int(np.clip(index, 0, n_steps(xp, f, stride, 0, dilation) - 1))
    i, j = divmod(index, wo)
    rows = i * stride + np.arange(f) * dilation
    cols = j * stride + np.arange(f) * dilation
    window = xp[:, rows[:, None], cols[None, :]]
    products = window * kernel
    return WindowStep(index, i, j, rows, cols, window, products, float(products.sum()))


def relu(x: np.ndarray) -> np.ndarray:
    """max(0, x), element-wise."""
    return np.maximum(np.asarray(x, dtype=np.float64), 0.0)


POOLS = {"max": np.max, "avg": np.mean, "min": np.min}


def pool2d(x: np.ndarray, kind: str = "max", size: int = 2, stride: int | None = None) -> np.ndarray:
    """Max / average / min of every size×size window: (H, W) or (C, H, W) → (C, Ho, Wo).

    stride defaults to size (non-overlapping windows, as in the notes' 2×2, stride 2 example).
    """
    if kind not in POOLS:
        raise ValueError(f"Unknown pooling '{kind}'; choose one of {sorted(POOLS)}.")
    win = windows(as_chw(x), size, stride or size)                    # (C, Ho, Wo, F, F)
    return POOLS[kind](win, axis=(3, 4))


def flatten(x: np.ndarray) -> np.ndarray:
    """(C, H, W) → (C·H·W,), channel by channel, each row by row (as torch.flatten)."""
    return np.asarray(x).reshape(-1)
