"""The live channels: which feed a WebSocket may listen to. Each panel's feed gets an unguessable
token, handed only to the browser session that drew the panel; a token that is wrong, or whose
feed or session has closed, opens nothing. No Streamlit here: ui.live_route serves the tokens.
"""
from __future__ import annotations

import secrets
import threading

from dl_engine.ui.live_feed import Feed


class Channels:
    """token → feed, grouped by the browser session that owns them."""

    def __init__(self):
        self._feeds: dict[str, Feed] = {}
        self._sessions: dict[str, set[str]] = {}   # session id → its tokens
        self._lock = threading.Lock()

    def open(self, feed: Feed, session: str) -> str:
        """A new token for `feed`, owned by `session`."""
        token = secrets.token_urlsafe(32)
        with self._lock:
            self._feeds[token] = feed
            self._sessions.setdefault(session, set()).add(token)
        return token

    def feed(self, token: str) -> Feed | None:
        """The feed `token` opens, or None."""
        with self._lock:
            feed = self._feeds.get(token)
        return feed if feed is not None and not feed.closed else None

    def close(self, token: str) -> None:
        """Close the feed of `token` (its listeners' sockets close) and forget the token."""
        with self._lock:
            feed = self._feeds.pop(token, None)
            for tokens in self._sessions.values():
                tokens.discard(token)
        if feed is not None:
            feed.close()

    def close_session(self, session: str) -> None:
        """The browser session ended: close every feed it owned."""
        with self._lock:
            tokens = self._sessions.pop(session, set())
        for token in tokens:
            self.close(token)


CHANNELS = Channels()   # this server's channels
