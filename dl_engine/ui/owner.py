"""Who owns an upload: a random token per browser session, and its uploads forgotten when it ends.

The engine's stores (point_store, image_uploads) take owners as plain strings; this is the only
place that ties one to a Streamlit session. The token is random (not Streamlit's session id), so a
key derived from it reveals nothing about the session.

Why a grace: Streamlit releases a session's cached resources when its browser disconnects, but
keeps the session for 2 minutes in case the browser reconnects (a network blip, a laptop lid), so
the uploads are forgotten only if no run of that session claims the token again within the grace.
"""
from __future__ import annotations

import secrets
import threading

import streamlit as st

from dl_engine.data import image_uploads, point_store

TOKEN_KEY = "owner.token"
RECONNECT_GRACE_S = 150.0    # Streamlit keeps a disconnected session 120 s for a reconnect

_pending: dict[str, threading.Timer] = {}   # owner → its scheduled forgetting
_lock = threading.Lock()


def forget_now(owner: str) -> None:
    """Drop every upload of `owner` from both stores."""
    point_store.forget_owner(owner)
    image_uploads.forget_owner(owner)


def _expire(owner: str) -> None:
    with _lock:
        if _pending.get(owner) is not threading.current_thread():
            return                                   # claimed again, or rescheduled
        del _pending[owner]
    forget_now(owner)


def release(owner: str, grace_s: float = RECONNECT_GRACE_S) -> None:
    """The session of `owner` disconnected: forget its uploads after `grace_s` unless claimed."""
    timer = threading.Timer(grace_s, _expire, args=(owner,))
    timer.daemon = True
    with _lock:
        previous, _pending[owner] = _pending.get(owner), timer
    if previous is not None:
        previous.cancel()
    timer.start()


def claim(owner: str) -> None:
    """The session of `owner` is (back) in use: cancel a pending forgetting."""
    with _lock:
        timer = _pending.pop(owner, None)
    if timer is not None:
        timer.cancel()


@st.cache_resource(scope="session", on_release=release, show_spinner=False)
def _held(owner: str) -> str:
    """Cached once per session (again after a reconnect); its release schedules the forgetting."""
    claim(owner)
    return owner


def session_owner() -> str:
    """This browser session's owner token, created on its first call."""
    if TOKEN_KEY not in st.session_state:
        st.session_state[TOKEN_KEY] = secrets.token_urlsafe(18)
    return _held(st.session_state[TOKEN_KEY])
