"""Present mode: a page as a projector shows it to a class.

The sidebar folds away, lesson text and equations fold behind one click, and the live charts draw
their fonts, lines and markers CHART_SCALE times their desk size. A sidebar toggle or `?present=1`
in a link turns it on; `p` on the keyboard flips it.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import streamlit as st

KEY = "common.present"
CHART_SCALE = 1.5


def present_mode() -> bool:
    """True while the page is shown in present mode."""
    return bool(st.session_state.get(KEY, False))


def chart_scale() -> float:
    """How much larger than at a desk the live charts draw their text, lines and markers."""
    return CHART_SCALE if present_mode() else 1.0


@contextmanager
def lesson(label: str = "Lesson text and equations") -> Iterator[None]:
    """A block of lesson text: shown in place at a desk, folded behind one click in present mode.

        with lesson():
            st.markdown(...)
            st.latex(...)
    """
    if present_mode():
        with st.expander(label, expanded=False):
            yield
    else:
        yield
