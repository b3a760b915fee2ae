"""The Export box of a training page: the experiment as JSON (and back), a PyTorch script that
trains the same network, and the weights as safetensors (and back)."""
from __future__ import annotations

import streamlit as st

from dl_engine.export.errors import ExportError
from dl_engine.export.experiment_file import experiment_json, read_experiment
from dl_engine.export.scripts import WRITERS, pytorch_script
from dl_engine.export.weights import read_weights, weights_file
from dl_engine.training.run import TrainingRun
from dl_engine.ui.query import load_settings


def _note(page: str, kind: str, text: str) -> None:
    st.session_state[f"{page}.export.note"] = (kind, text)


def _restore_experiment(run: TrainingRun, page: str) -> None:
    upload = st.session_state.get(f"{page}.experiment_file")
    if upload is None:
        return
    try:
        restored = read_experiment(upload.getvalue(), page, type(run.config))
    except ExportError as err:
        _note(page, "error", str(err))
        return
    load_settings(page, restored.config, seed=restored.seed)
    _note(page, "warning" if restored.problems else "success",
          " ".join(["Experiment restored: its settings and seed are on the page (step 0).", *restored.problems]))


def _load_weights(run: TrainingRun, page: str) -> None:
    upload = st.session_state.get(f"{page}.weights_file")
    if upload is None:
        return
    try:
        tensors = run.read(lambda experiment: read_weights(upload.getvalue(), experiment))
    except ExportError as err:
        _note(page, "error", str(err))
        return
    run.load_weights(tensors)
    _note(page, "success", f"Weights loaded from {upload.name[:60]}: the charts show them; Train goes on from them.")


def export_box(run: TrainingRun, page: str, where=st) -> None:
    """A popover with the three downloads and the two uploads; their messages stay until the next."""
    name = f"{page}-seed{run.seed}"
    with where.popover("Export", width="stretch", help="Save this experiment, its PyTorch code or its weights"):
        st.download_button("Experiment settings (.json)", experiment_json(page, run.config, run.seed),
                           file_name=f"{name}.json", mime="application/json", key=f"{page}.export.json",
                           on_click="ignore", width="stretch")
        st.file_uploader("Restore settings from a .json file", type=["json"], key=f"{page}.experiment_file",
                         on_change=_restore_experiment, args=(run, page), max_upload_size=1)
        kind = type(run.experiment).__name__
        st.download_button("PyTorch script (.py)", lambda: pytorch_script(kind, run.config, run.seed),
                           file_name=f"{name}.py", mime="text/x-python", key=f"{page}.export.script",
                           on_click="ignore", width="stretch", disabled=kind not in WRITERS,
                           help="A standalone script (plain PyTorch) that builds the same data, network and "
                                "optimiser and trains it; its first losses match this page's.")
        st.download_button("Weights now (.safetensors)", lambda: run.read(weights_file),
                           file_name=f"{name}-step{run.snapshot.step}.safetensors",
                           mime="application/octet-stream", key=f"{page}.export.weights", on_click="ignore",
                           width="stretch",
                           help="The network's current weights; in PyTorch: safetensors.torch.load_file(path).")
        st.file_uploader("Load weights (.safetensors)", type=["safetensors"], key=f"{page}.weights_file",
                         on_change=_load_weights, args=(run, page), max_upload_size=200)
    note = st.session_state.pop(f"{page}.export.note", None)
    if note:
        getattr(st, note[0])(note[1])
