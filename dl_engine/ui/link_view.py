"""A link's view keys, beside its settings: `present=1` (present mode) and `<control>_hide=true`
(TensorFlow Playground's convention: the control is not shown), so a lecturer can share a link
that shows only the controls an exercise needs. A page writing its settings keeps these keys."""
from __future__ import annotations

import re

import streamlit as st

PRESENT = "present"
HIDE_SUFFIX = "_hide"
_CONTROL_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,40}")   # a widget key's field: nothing CSS could misread
_TRUE = ("true", "1", "yes")


def view_params(params: dict[str, str]) -> dict[str, str]:
    """The view keys of a link's query (kept when a page rewrites its settings)."""
    return {k: v for k, v in params.items() if k == PRESENT or k.endswith(HIDE_SUFFIX)}


def hidden_controls(params: dict[str, str]) -> list[str]:
    """The control names a link hides: `lr_hide=true` → "lr". Names that are not plain
    identifiers are ignored (a hostile link cannot inject styles)."""
    names = []
    for key, value in params.items():
        name = key[:-len(HIDE_SUFFIX)]
        if key.endswith(HIDE_SUFFIX) and value.lower() in _TRUE and _CONTROL_NAME.fullmatch(name):
            names.append(name)
    return names


def hiding_css(page: str, names: list[str]) -> str:
    """CSS that hides the widgets keyed "<page>.<name>" (and "common.<name>", the shared sidebar's;
    "step" hides every step button)."""
    selectors = []
    for name in names:
        selectors += [f".st-key-{page}-{name}", f".st-key-common-{name}"]
        if name == "step":
            selectors.append(f'[class*="st-key-{page}-step-"]')
    return f"<style>{', '.join(selectors)} {{ display: none !important; }}</style>" if selectors else ""


def hide_controls_from_link(page: str) -> None:
    """Hide the controls of `page` that the page's link names with `<name>_hide=true`."""
    css = hiding_css(page, hidden_controls(dict(st.query_params)))
    if css:
        st.html(css)
