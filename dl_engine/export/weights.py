"""Weights files: an experiment's state_tensors as safetensors, and loading such a file back.

safetensors holds only named tensors (no code runs on load, unlike a pickle), so a file from
anyone can be opened safely; the same file loads in plain PyTorch with safetensors.torch.load_file.
"""
from __future__ import annotations

import torch
from safetensors import SafetensorError
from safetensors.torch import load as load_bytes, save as save_bytes

from dl_engine.export.errors import ExportError
from dl_engine.training.experiment import Experiment

MAX_WEIGHTS_BYTES = 200 * 2**20   # far above the largest page's network


def weights_file(experiment: Experiment) -> bytes:
    """The experiment's current weights as a safetensors file."""
    return save_bytes({name: t.contiguous() for name, t in experiment.state_tensors().items()})


def read_weights(data: bytes, experiment: Experiment) -> dict[str, torch.Tensor]:
    """The tensors of a weights file, checked against what `experiment` holds: the same names,
    shapes and dtypes, all finite. ExportError names the first difference."""
    if len(data) > MAX_WEIGHTS_BYTES:
        raise ExportError("This weights file is too large for this page's network.")
    try:
        tensors = load_bytes(data)
    except (SafetensorError, ValueError, RuntimeError) as err:
        raise ExportError("This is not a weights file saved by this page (a .safetensors file); "
                          f"it could not be read ({str(err)[:80]}).") from None
    wanted = experiment.state_tensors()
    missing, extra = sorted(wanted.keys() - tensors.keys()), sorted(tensors.keys() - wanted.keys())
    if missing or extra:
        raise ExportError("These weights belong to a different network: "
                          + "; ".join(part for part in (
                              f"missing {', '.join(missing[:3])}" if missing else "",
                              f"unexpected {', '.join(extra[:3])}" if extra else "") if part)
                          + ". Set the page up as it was when the weights were saved, then load them.")
    for name, want in wanted.items():
        got = tensors[name]
        if got.shape != want.shape:
            raise ExportError(f"These weights belong to a different network: '{name}' has shape "
                              f"{tuple(got.shape)}, this page's network needs {tuple(want.shape)}.")
        if got.dtype != want.dtype:
            raise ExportError(f"'{name}' is stored as {got.dtype}, this page's network uses {want.dtype}.")
        if got.is_floating_point() and not torch.isfinite(got).all():
            raise ExportError(f"'{name}' holds NaN or infinite values; these weights cannot be trained on.")
    return tensors
