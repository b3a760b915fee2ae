"""The page scripts and styles in dl_engine/ui/browser/, read once per server."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_FOLDER = Path(__file__).with_name("browser")


@lru_cache(maxsize=None)
def browser_asset(name: str) -> str:
    """The text of dl_engine/ui/browser/<name> (e.g. "history.js")."""
    return (_FOLDER / name).read_text()
