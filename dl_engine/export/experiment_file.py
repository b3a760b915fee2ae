"""The experiment as a JSON file: which page, its settings and its seed. Loading one goes through
the same parser as a link (config.from_query), so a file gets the checks and the messages a link
gets: a value out of range is named and replaced by its default, never trusted."""
from __future__ import annotations

import json
from dataclasses import dataclass

from dl_engine.config import from_query, to_query
from dl_engine.export.errors import ExportError

FORMAT = "deep-learning-playground/experiment"
VERSION = 1
MAX_BYTES = 64 * 1024
MAX_SEED = 2**31 - 1


@dataclass(frozen=True)
class Restored:
    """What a file restores: the settings, the seed, and what of the file was ignored and why."""
    config: object
    seed: int
    problems: list[str]


def experiment_json(page: str, config, seed: int) -> bytes:
    """The file for `config` (a page's settings dataclass) and `seed` on the page `page`."""
    return json.dumps({"format": FORMAT, "version": VERSION, "page": page, "seed": seed,
                       "settings": to_query(config)}, indent=2).encode()


def _text(value) -> str:
    """A setting as a link would carry it (a hand-edited file may write 0.03 for "0.03")."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(map(_text, value))
    return str(value)


def read_experiment(data: bytes, page: str, cls: type) -> Restored:
    """The settings of an experiment file for `page`, built as `cls`; ExportError says in words
    why a file cannot be used (not JSON, not an experiment file, another page's)."""
    if len(data) > MAX_BYTES:
        raise ExportError(f"This file is {len(data) / 1024:,.0f} KB; an experiment file is a few KB. "
                          "Choose the .json file this page saved.")
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise ExportError("This file is not an experiment file (it is not JSON text). "
                          "Choose the .json file a page's Export saved.") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ExportError("This JSON file is not an experiment saved by the playground.")
    if doc.get("version") != VERSION:
        raise ExportError(f"This experiment file has version {str(doc.get('version'))[:10]}; this "
                          f"playground reads version {VERSION}.")
    if doc.get("page") != page:
        raise ExportError(f"This experiment belongs to the '{str(doc.get('page'))[:30]}' page; open that "
                          "page to restore it there.")
    settings = doc.get("settings")
    if not isinstance(settings, dict):
        raise ExportError("This experiment file has no settings.")
    config, problems = from_query(cls, {str(k): _text(v) for k, v in settings.items()})
    seed = doc.get("seed", 0)
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        problems.append(f"Ignored the seed '{str(seed)[:20]}': a seed is a whole number from 0 to {MAX_SEED:,}. "
                        "Using seed 0.")
        seed = 0
    return Restored(config, seed, [p.replace("from the link", "from the file") for p in problems])
