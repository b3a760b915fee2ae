"""The Preset box: it names the preset the page's settings match, or "custom" once a setting
departs from every preset, however the page was opened (a link, a reload, a return); choosing a
preset loads it at once."""
from __future__ import annotations

from typing import Callable, Mapping

import streamlit as st

from dl_engine.ui.present import present_mode
from dl_engine.ui.query import current_config, load_config, load_settings

CUSTOM = "custom"


def preset_from_url(page: str, configs_by_slug: Mapping[str, object]) -> None:
    """?preset=<slug> (a lecturer's link, or the perceptron's link to the MLP) loads that preset,
    in place of the link's other settings, even on a page this session has set up before. The
    slug is taken out of the address (the page writes the preset's settings there instead), so a
    rerun does not load it again. An unknown slug is named in a warning."""
    slug = st.query_params.get("preset")
    if not slug:
        return
    del st.query_params["preset"]
    if slug not in configs_by_slug:
        st.warning(f"There is no preset '{slug}'; choose one from the Preset list. "
                   f"Links can name: {', '.join(configs_by_slug)}.")
        return
    load_config(page, configs_by_slug[slug])
    st.session_state[f"{page}._from_url"] = True


def matching_preset(configs: Mapping[str, object], config) -> str:
    """The name of the preset whose config equals `config`, else CUSTOM."""
    return next((name for name, preset in configs.items() if preset == config), CUSTOM)


def _load(page: str, configs: Mapping[str, object]) -> None:
    name = st.session_state[f"{page}.preset"]
    if name != CUSTOM:
        load_settings(page, configs[name])


def preset_box(page: str, cls: type, configs: Mapping[str, object], label: str,
               title: Callable[[str], str], where=st) -> str:
    """Draw the box keyed "<page>.preset" and return the name it shows (a preset or CUSTOM)."""
    shown = matching_preset(configs, current_config(page, cls))
    st.session_state[f"{page}.preset"] = shown   # derived from the settings on every run
    where.selectbox(label, [*configs, CUSTOM], key=f"{page}.preset", on_change=_load, args=(page, configs),
                    format_func=lambda name: "custom (your own settings)" if name == CUSTOM else title(name),
                    help="Choosing a preset loads its settings; changing any setting makes it “custom”.",
                    label_visibility="collapsed" if present_mode() else "visible")
    return shown
