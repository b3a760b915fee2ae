"""Present mode: a page as a projector shows it to a class.

The sidebar folds away, lesson text and equations fold behind one click, and the live charts draw
their fonts, lines and markers CHART_SCALE times their desk size. A sidebar toggle or `?present=1`
in a link turns it on; `p` on the keyboard flips it.
"""
from __future__ import annotations

import streamlit as st

from dl_engine.ui.browser_asset import browser_asset
from dl_engine.ui.link_view import PRESENT
from dl_engine.ui.page_state import setting

KEY = "common.present"
_ON = "common.present.on"   # the mode itself (see present_toggle)
CHART_SCALE = 1.5


def present_mode() -> bool:
    """True while the page is shown in present mode."""
    return bool(st.session_state.get(_ON, False))


def chart_scale() -> float:
    """How much larger than at a desk the live charts draw their text, lines and markers."""
    return CHART_SCALE if present_mode() else 1.0


def fit(desk: int, present: int) -> int:
    """A figure's height in px: at a desk, or in present mode (where the main figures share one
    1280×720 screen with the control bar)."""
    return present if present_mode() else desk


def top_row(n: int) -> list:
    """n blocks for the page's top (preset, lesson, equations, …): side by side in one row in
    present mode, one under the other at a desk."""
    return st.columns(n) if present_mode() else [st.container() for _ in range(n)]


def lesson(label: str = "Lesson text and equations"):
    """The block for lesson text (or set-up a class need not see): in place at a desk, folded
    behind one click in present mode. Use as `with lesson(): st.markdown(…)`; a block can be
    entered again later. Present mode makes it an expander, so it must not hold one."""
    return st.expander(label, expanded=False) if present_mode() else st.container()


def _follow_toggle() -> None:
    """The switch moved: remember it, and let the link say so (a copied link opens the same way)."""
    st.session_state[_ON] = bool(st.session_state.get(KEY))
    if st.session_state[_ON]:
        st.query_params[PRESENT] = "1"
    elif PRESENT in st.query_params:
        del st.query_params[PRESENT]


def present_toggle() -> bool:
    """The sidebar's Present mode switch (first seeded from `?present=1`); returns whether it is on.

    The mode is kept under a key of its own, set only by the switch's callback: on the first run
    of a page the user switched to, a widget of the shared sidebar can read its default for a
    moment, and the page would draw itself at a desk."""
    if _ON not in st.session_state:
        st.session_state[_ON] = bool(st.session_state.get(KEY)) or \
            st.query_params.get(PRESENT, "").lower() in ("1", "true", "yes")
    st.session_state[KEY] = st.session_state[_ON]
    st.toggle("Present mode", **setting(KEY), on_change=_follow_toggle,
              help="For a projector: the sidebar folds away, lesson text folds behind one click, charts "
                   "draw larger. Keyboard: p. A link with ?present=1 opens a page this way.")
    return present_mode()


def present_style() -> None:
    """Fold the sidebar away (or open it again on leaving present mode) and restyle the page."""
    on = present_mode()
    script = browser_asset("present.js").replace("__PRESENT__", "true" if on else "false")
    st.html(f"<style>{browser_asset('present.css')}</style><script>{script}</script>", unsafe_allow_javascript=True)
