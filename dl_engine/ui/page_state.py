"""Settings kept across a browser session, whichever page the user is on.

Streamlit forgets a widget's value when a script run does not draw that widget (the user is on
another page, or a control is hidden), and a page that reads the setting then fails or falls back
to the widget's minimum. Every setting widget is therefore declared with `**setting(key)`, which
asks Streamlit to keep its value for the whole session (`persist_state="session"`): the value
stays readable under `key` while the page is not shown and the widget shows it again on return.
"""
from __future__ import annotations


def setting(key: str) -> dict:
    """Keyword arguments for a setting widget: its key, kept for the whole browser session."""
    return {"key": key, "persist_state": "session"}
