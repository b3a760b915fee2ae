"""The convolution lab's settings and everything it shows, computed from an input and a filter bank."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dl_engine.config import ConfigError, bounded, choice, items
from dl_engine.data import images
from dl_engine.models import conv_arith as ca
from dl_engine.models.kernels import PRESETS

SOURCES = ("notes 5×5", "digit", "photo: china (grey)", "photo: flower (grey)", "photo: china (RGB)",
           "photo: flower (RGB)", "pattern: bars", "pattern: circle", "pattern: checkerboard",
           "pattern: gradient", "upload")


@dataclass(frozen=True)
class ConvLabConfig:
    """What the lab convolves: the input, the filter bank (preset names; grids are edited on top),
    the window geometry, and the pooling applied afterwards."""
    source: str = choice("notes 5×5", SOURCES)
    size: int = bounded(48, 8, 128)
    digit: int = bounded(0, 0, 1796)
    kernel_size: int = choice(3, (3, 5))
    presets: tuple[str, ...] = items(("vertical edge (notes)",), options=tuple(PRESETS), max_len=4)
    stride: int = bounded(1, 1, 4)
    padding_mode: str = choice("valid", ("valid", "same", "custom"))
    padding: int = bounded(1, 0, 4)
    dilation: int = bounded(1, 1, 3)
    pool: str = choice("max", tuple(ca.POOLS))
    pool_size: int = bounded(2, 1, 4)
    pool_stride: int = bounded(2, 1, 4)
    pool_input: str = choice("notes 4×4", ("notes 4×4", "feature maps"))

    def __post_init__(self):   # a multiselect hands over a list; keep the config hashable
        object.__setattr__(self, "presets", tuple(self.presets))

    def check(self) -> None:
        """Cross-field rule (`validate` calls this): each preset at most once in the bank (its grid
        is edited under the preset's name; the page's multiselect offers each once)."""
        twice = sorted({name for name in self.presets if self.presets.count(name) > 1})
        if twice:
            raise ConfigError(f"The filter bank holds each preset once; {', '.join(twice)} appears more "
                              "than once.", ("presets",))

    @property
    def resolved_padding(self) -> int:
        """P in pixels: 0 for valid, (F_eff − 1)/2 for same, else the custom value."""
        if self.padding_mode == "valid":
            return 0
        if self.padding_mode == "same":
            return ca.same_padding(self.kernel_size, self.dilation)
        return self.padding


def lab_input(config: ConvLabConfig, upload: np.ndarray | None = None) -> np.ndarray:
    """The chosen input as (C, H, W): the notes' 0–250 image keeps its numbers, the rest lie in [0, 1]."""
    source = config.source
    if source == "notes 5×5":
        return images.NOTES_IMAGE[None]
    if source == "digit":
        return images.digits().X[config.digit].astype(np.float64)
    if source.startswith("photo: "):
        name, kind = source[7:].split(" ")
        return images.photo(f"{name}.jpg", config.size, grey=kind == "(grey)")
    if source.startswith("pattern: "):
        return images.pattern(source[9:], config.size)
    if upload is None:
        raise ValueError("Choose a PNG or JPEG file to upload, or another input.")
    return upload


@dataclass(frozen=True)
class LabResult:
    """padded: (C, Hp, Wp) input with its zero border; maps: (K, Ho, Wo) feature maps (before ReLU);
    formulas: output-size LaTeX for height and width."""
    padded: np.ndarray
    maps: np.ndarray
    formulas: tuple[str, str]


def run_lab(config: ConvLabConfig, image: np.ndarray, bank: np.ndarray) -> LabResult:
    """Convolve image (C, H, W) with bank (K, F, F); ConvShapeError if the window does not fit."""
    p, s, d, f = config.resolved_padding, config.stride, config.dilation, bank.shape[-1]
    _, h, w = image.shape
    formulas = (ca.size_formula(h, f, p, s, d), ca.size_formula(w, f, p, s, d))
    ca.check_geometry(h, f, p, s, d), ca.check_geometry(w, f, p, s, d)
    maps = ca.conv2d(image, bank, stride=s, padding=p, dilation=d)
    return LabResult(ca.pad(image, p), maps, formulas)


def pool(config: ConvLabConfig, x: np.ndarray) -> np.ndarray:
    """The lab's pooling of x (C, H, W) → (C, Hq, Wq)."""
    return ca.pool2d(x, config.pool, config.pool_size, config.pool_stride)


def partial_output(out: np.ndarray, upto: int) -> np.ndarray:
    """(Ho, Wo) output with cells after position `upto` (row-major) blanked to NaN (not reached yet)."""
    flat = np.asarray(out, dtype=float).ravel().copy()
    flat[upto + 1:] = np.nan
    return flat.reshape(np.shape(out))
