"""Settings ↔ URL: widgets are keyed "<page>.<field>", seeded from the link, written back to it."""
from __future__ import annotations

import dataclasses
from typing import TypeVar

import streamlit as st

from dl_engine.config import ConfigError, from_query, to_query, validate
from dl_engine.ui.link_view import hide_controls_from_link, view_params

C = TypeVar("C")


def init_widgets(page: str, cls: type[C]) -> None:
    """On a page's first load, seed its widget keys from the URL (else the defaults); hide the
    controls the link names with `<name>_hide=true` on every run."""
    hide_controls_from_link(page)
    flag = f"{page}._from_url"
    if st.session_state.get(flag):
        return
    config, problems = from_query(cls, dict(st.query_params))
    for problem in problems:
        st.warning(problem)
    load_config(page, config)
    st.session_state[flag] = True


def load_config(page: str, config) -> None:
    """Set every widget key of `page` from `config` (presets use this in on_click)."""
    for f in dataclasses.fields(config):
        st.session_state[f"{page}.{f.name}"] = getattr(config, f.name)


def _config_or_error(page: str, cls: type[C]) -> tuple[C | None, str | None]:
    values = {f.name: st.session_state[f"{page}.{f.name}"] for f in dataclasses.fields(cls)
              if f"{page}.{f.name}" in st.session_state}
    try:
        config = cls(**values)
        validate(config)
    except (ConfigError, TypeError, ValueError) as err:
        return None, str(err)
    return config, None


def current_config(page: str, cls: type[C]) -> C | None:
    """The config the page's settings describe, or None if they are not a valid one."""
    return _config_or_error(page, cls)[0]


def config_from_widgets(page: str, cls: type[C]) -> C | None:
    """The config the widgets describe, validated; None (with an error shown) if invalid."""
    config, error = _config_or_error(page, cls)
    if error:
        st.error(f"These settings cannot be used: {error}")
    return config


def sync_url(config, seed: int) -> None:
    """Write config and seed into the page's URL so a copied link reopens this experiment (the
    link's view keys, present mode and hidden controls, stay)."""
    wanted = to_query(config) | {"seed": str(seed)} | view_params(dict(st.query_params))
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)
