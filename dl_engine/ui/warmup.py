"""One-time process warm-up that keeps Streamlit's housekeeping from starving training."""
from __future__ import annotations

import gc
import threading

import torch

from dl_engine.models.mlp_fused import compile_kernel

_done = threading.Event()


def warm_up() -> None:
    """Import torch, build one optimizer, then gc.freeze() — once per process. The MLP's compiled
    step loads (or, on a fresh checkout, compiles) in a background thread meanwhile.

    Streamlit collects garbage after every script run; with torch's objects tracked that
    cost 110–190 ms a run. Freezing the warm heap (plus postScriptGC = false in
    .streamlit/config.toml) removes it. Small models are Python-bound: one torch thread.
    """
    if _done.is_set():
        return
    threading.Thread(target=compile_kernel, name="compile-mlp-kernel", daemon=True).start()
    torch.set_num_threads(1)
    torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1).step()
    gc.collect()
    gc.freeze()
    _done.set()
