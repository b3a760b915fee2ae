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
    """Set every widget key of `page` from `config` (before the page draws its widgets)."""
    for f in dataclasses.fields(config):
        st.session_state[f"{page}.{f.name}"] = getattr(config, f.name)


# Settings a widget callback loaded (a preset chosen, an experiment restored), until the next full
# run has checked that the browser drew them: {page: {"config", "seed" (or None), "runs": full runs
# begun since}}.
HELD = "_held_settings"
SEED_KEY = "common.seed"   # the shared sidebar's seed widget


def _load(page: str, config, seed: int | None) -> None:
    load_config(page, config)
    if seed is not None:
        st.session_state[SEED_KEY] = seed


def load_settings(page: str, config, seed: int | None = None) -> None:
    """load_config (and the seed, if given) from a widget callback, held until the next full run
    (hold_loaded_settings).

    A click the browser sends before it has drawn the run that loaded them (a fast click, a slow
    server) carries every widget's old value, and Streamlit puts a widget's value from the browser
    above what a callback set: the preset would be lost, or half of it."""
    _load(page, config, seed)
    st.session_state[HELD] = st.session_state.get(HELD, {}) | {page: {"config": config, "seed": seed, "runs": 0}}


def _address_shows(config, seed: int | None) -> bool:
    """The address the browser sent with this rerun holds `config` and the seed (sync_url writes
    them after the page's settings widgets, so a browser showing them has drawn them)."""
    params = dict(st.query_params)
    wanted = to_query(config) | ({"seed": str(seed)} if seed is not None else {})
    return all(params.get(name) == text for name, text in wanted.items())


def hold_loaded_settings() -> None:
    """Call first in every full script run, before any page draws a widget. In the first run after
    the one that loaded held settings, a browser whose address does not show them yet sent stale
    widget values: the settings are loaded again over them (a setting changed in that moment,
    before the page showed the load, is overruled). Either way they are then let go."""
    held = st.session_state.get(HELD)
    if not held:
        return
    for page, load in list(held.items()):
        load["runs"] += 1
        if load["runs"] == 1:      # the run the callback loaded them for
            continue
        del held[page]
        if not _address_shows(load["config"], load["seed"]):
            _load(page, load["config"], load["seed"])


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
