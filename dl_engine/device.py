"""Which device a run uses: auto-detect CUDA / MPS / CPU, or honour the user's choice."""
from __future__ import annotations

import torch

AUTO = "auto"


def available_devices() -> list[str]:
    """Device names this machine can run on, best first, e.g. ["cuda", "cpu"]."""
    names = []
    if torch.cuda.is_available():
        names.append("cuda")
    if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
        names.append("mps")
    names.append("cpu")
    return names


def resolve_device(name: str = AUTO) -> torch.device:
    """`"auto"` picks the best available device; an unavailable choice raises ValueError."""
    available = available_devices()
    if name == AUTO:
        return torch.device(available[0])
    if name not in available:
        raise ValueError(f"Device '{name}' is not available here; choose one of {available}.")
    return torch.device(name)


def describe_device(device: torch.device) -> str:
    """A human label, e.g. 'cuda (NVIDIA H200)' or 'cpu (2 threads)'."""
    if device.type == "cuda":
        return f"cuda ({torch.cuda.get_device_name(device)})"
    if device.type == "cpu":
        threads = torch.get_num_threads()
        return f"cpu ({threads} thread{'' if threads == 1 else 's'})"
    return device.type
