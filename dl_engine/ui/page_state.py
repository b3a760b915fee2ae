"""Settings kept across a browser session, whichever page the user is on.

Streamlit forgets a widget's value when a script run does not draw that widget (the user is on
another page, or a control is hidden), and a page that reads the setting then fails or falls back
to the widget's minimum. Every setting widget is therefore declared with `**setting(key)`, which
asks Streamlit to keep its value for the whole session (`persist_state="session"`): the value
stays readable under `key` while the page is not shown and the widget shows it again on return.
Tables (st.data_editor, which has no persist_state) go through `kept_editor`.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st


def setting(key: str) -> dict:
    """Keyword arguments for a setting widget: its key, kept for the whole browser session."""
    return {"key": key, "persist_state": "session"}


def kept_editor(key: str, start: pd.DataFrame, **kwargs) -> pd.DataFrame:
    """st.data_editor(start, key=key, **kwargs) whose edits survive the user leaving the page.

    The editor's state holds edits relative to the table it started from, and Streamlit drops
    that state when a run does not draw the editor. So the table it last returned is kept, and
    becomes its starting table whenever it is drawn without its state; while it has its state,
    it keeps the table it started from. `start` is used only the first time.
    """
    kept, base = f"{key}.kept", f"{key}.start"
    if key not in st.session_state or base not in st.session_state:
        st.session_state[base] = st.session_state.get(kept, start)
    table = st.data_editor(st.session_state[base], key=key, **kwargs)
    st.session_state[kept] = table
    return table


def forget_editor(key: str) -> None:
    """Drop an editor's edits and kept table (its data was replaced, e.g. by a loaded file); call
    it from a widget callback, before the editor is drawn."""
    for name in (key, f"{key}.kept", f"{key}.start"):
        st.session_state.pop(name, None)
