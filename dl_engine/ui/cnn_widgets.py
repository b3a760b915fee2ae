"""Train-a-CNN widgets: the architecture table (one editable row per conv block) and the what-if panel."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dl_engine.config import ConfigError
from dl_engine.data.image_uploads import MAX_ZIP_BYTES, ImageError, read_zip_folder, register
from dl_engine.models.cnn_arch import (BLOCK_ACTIVATIONS, BLOCK_FIELDS, POOL_TYPES, CNNConfig,
                                       blocks_from_records, parse_units)
from dl_engine.models.kernels import PRESETS
from dl_engine.training.run import TrainingRun
from dl_engine.ui.owner import session_owner
from dl_engine.ui.page_state import kept_editor, setting
from dl_engine.ui.upload_examples import example_download

_COLUMNS = {
    "filters": st.column_config.NumberColumn("filters", min_value=1, max_value=64, step=1, required=True),
    "kernel": st.column_config.NumberColumn("kernel", min_value=1, max_value=7, step=1, required=True),
    "stride": st.column_config.NumberColumn("stride", min_value=1, max_value=3, step=1, required=True),
    "padding": st.column_config.NumberColumn("padding", min_value=0, max_value=3, step=1, required=True),
    "activation": st.column_config.SelectboxColumn("activation", options=BLOCK_ACTIVATIONS, required=True),
    "pool": st.column_config.SelectboxColumn("pool", options=POOL_TYPES, required=True),
    "pool_size": st.column_config.NumberColumn("pool size", min_value=2, max_value=4, step=1, required=True),
    "batch_norm": st.column_config.CheckboxColumn("batch norm"),
    "dropout": st.column_config.NumberColumn("dropout", min_value=0.0, max_value=0.8, step=0.05, format="%.2f"),
}


def _zip_chosen(page: str) -> None:
    """Decode a newly chosen zip once (not at every rerun of the page) and remember the outcome:
    ("ok", dataset key, file name) or ("error", message)."""
    file = st.session_state.get(f"{page}.zip")
    if file is None:
        st.session_state[f"{page}.zip_outcome"] = None
        return
    try:
        st.session_state[f"{page}.zip_outcome"] = ("ok", register(read_zip_folder(file.getvalue()), session_owner()),
                                                   file.name)
    except ImageError as err:
        st.session_state[f"{page}.zip_outcome"] = ("error", str(err))


def zip_uploader(page: str) -> None:
    """A zip of class folders → a "Use <name>" button that makes it the page's dataset."""
    st.file_uploader(f"…or a zip of class folders (≤ {MAX_ZIP_BYTES / 1e6:.0f} MB)", ["zip"], key=f"{page}.zip",
                     on_change=_zip_chosen, args=(page,), max_upload_size=max(1, MAX_ZIP_BYTES // 2**20),
                     help="One sub-folder per class holding PNG/JPEG images; resized to 28×28 grey.")
    example_download("zip")
    outcome = st.session_state.get(f"{page}.zip_outcome")
    if outcome and outcome[0] == "ok":
        st.button(f"Use {outcome[2]}", key=f"{page}.use_zip", type="primary",
                  on_click=lambda: st.session_state.update({f"{page}.dataset": outcome[1]}))
    elif outcome:
        st.error(f"That zip cannot be used: {outcome[1]}")


def _reset_architecture(page: str) -> None:
    default = CNNConfig()
    for f in BLOCK_FIELDS:
        st.session_state[f"{page}.{f}"] = getattr(default, f)
    st.session_state[f"{page}.dense_text"] = ", ".join(map(str, default.dense))
    st.session_state[f"{page}._arch_version"] = st.session_state.get(f"{page}._arch_version", 0) + 1


def architecture_editor(page: str) -> str | None:
    """Edit the conv blocks (1–4 rows) and dense widths; writes the tuples into the page's config keys.

    Returns an error message when the dense-layer text cannot be read, else None.
    """
    version = st.session_state.get(f"{page}._arch_version", 0)
    blocks = CNNConfig(**{f: st.session_state[f"{page}.{f}"] for f in BLOCK_FIELDS}).blocks()
    if f"{page}.dense_text" not in st.session_state:
        st.session_state[f"{page}.dense_text"] = ", ".join(map(str, st.session_state[f"{page}.dense"]))
    st.caption("One row per conv block (1–4; add or delete rows). Each block: conv → [batch norm] → "
               "activation → [pool] → [dropout].")
    table = kept_editor(f"{page}.blocks.{version}", pd.DataFrame(blocks, columns=list(BLOCK_FIELDS)),
                        num_rows="dynamic", column_config=_COLUMNS, hide_index=True, width="stretch")
    c1, c2 = st.columns([3, 1])
    c1.text_input("Dense layers after flatten (units, comma-separated; empty for none)",
                  **setting(f"{page}.dense_text"))
    c2.button("Reset architecture", key=f"{page}.reset_arch", on_click=_reset_architecture, args=(page,),
              width="stretch")
    rows = blocks_from_records(table.to_dict("records"))
    for f in BLOCK_FIELDS:
        st.session_state[f"{page}.{f}"] = tuple(row[f] for row in rows)
    try:
        st.session_state[f"{page}.dense"] = parse_units(st.session_state[f"{page}.dense_text"])
    except ConfigError as err:
        return str(err)
    return None


def what_if_panel(run: TrainingRun, page: str) -> None:
    """Freeze, release or overwrite one filter of the running network (applied between two steps)."""
    layers = run.experiment.conv_layers()
    c1, c2, c3 = st.columns(3)
    layer = c1.selectbox("Conv layer", layers, **setting(f"{page}.wi_layer"))
    n = run.experiment.conv(layer).out_channels
    index = c2.number_input(f"Filter (0–{n - 1})", 0, n - 1, **setting(f"{page}.wi_filter"))
    name = c3.selectbox("Preset", list(PRESETS), **setting(f"{page}.wi_preset"))
    b1, b2, b3 = st.columns(3)
    b1.button("🔒 Freeze filter", key=f"{page}.wi_freeze", width="stretch",
              on_click=run.apply, args=(lambda exp: exp.freeze(layer, int(index)),))
    b2.button("🔓 Release filter", key=f"{page}.wi_release", width="stretch",
              on_click=run.apply, args=(lambda exp: exp.freeze(layer, int(index), frozen=False),))
    b3.button("✏️ Overwrite with preset", key=f"{page}.wi_overwrite", width="stretch",
              on_click=run.apply, args=(lambda exp: exp.overwrite(layer, int(index), name),))
    frozen = run.snapshot.visuals.get("frozen", {})
    st.caption("Frozen now: " + (", ".join(f"{k} #{v}" for k, vs in frozen.items() for v in vs) or "none")
               + ". Edits last until Reset or a settings change.")
