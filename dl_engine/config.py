"""Frozen, bounded config dataclasses: one validator, one round-trip to URL query params.

Declare bounds with `bounded(default, lo, hi)` or choices with `choice(default, options)`;
tuples of ints/strings (e.g. hidden layer sizes) are written to URLs as "4,2".
"""
from __future__ import annotations

import dataclasses
import typing
from typing import Any, Mapping, TypeVar

C = TypeVar("C")


class ConfigError(ValueError):
    """A config value is out of bounds or malformed; the message says which and what to do."""


def bounded(default, lo, hi, **kw):
    """A numeric field clamped to [lo, hi]."""
    return dataclasses.field(default=default, metadata={"lo": lo, "hi": hi, **kw})


def choice(default, options, **kw):
    """A field whose value must be one of `options`."""
    return dataclasses.field(default=default, metadata={"options": tuple(options), **kw})


def items(default: tuple, lo=None, hi=None, options=None, max_len=None):
    """A tuple field; each item bounded by lo/hi or restricted to options."""
    meta = {"lo": lo, "hi": hi, "options": tuple(options) if options else None, "max_len": max_len}
    return dataclasses.field(default=default, metadata={k: v for k, v in meta.items() if v is not None} | {"tuple": True})


def _check(name: str, value, meta: Mapping) -> None:
    options = meta.get("options")
    if options is not None and value not in options:
        raise ConfigError(f"{name} must be one of {list(options)}, not {value!r}.")
    lo, hi = meta.get("lo"), meta.get("hi")
    if lo is not None and not (lo <= value <= hi):
        raise ConfigError(f"{name} must be between {lo} and {hi}, not {value!r}.")


def validate(config) -> None:
    """Raise ConfigError naming the first field that breaks its bounds."""
    for f in dataclasses.fields(config):
        value = getattr(config, f.name)
        if f.metadata.get("tuple"):
            max_len = f.metadata.get("max_len")
            if max_len is not None and len(value) > max_len:
                raise ConfigError(f"{f.name} may hold at most {max_len} items, not {len(value)}.")
            for item in value:
                _check(f.name, item, f.metadata)
        else:
            _check(f.name, value, f.metadata)


def to_query(config) -> dict[str, str]:
    """Config → flat {field: text} for st.query_params (tuples joined by commas)."""
    out = {}
    for f in dataclasses.fields(config):
        value = getattr(config, f.name)
        out[f.name] = ",".join(map(str, value)) if isinstance(value, tuple) else str(value)
    return out


def _parse(text: str, kind) -> Any:
    if kind is bool:
        if text.lower() in ("true", "1", "yes"):
            return True
        if text.lower() in ("false", "0", "no"):
            return False
        raise ValueError(text)
    return kind(text)


def from_query(cls: type[C], params: Mapping[str, str]) -> tuple[C, list[str]]:
    """Build `cls` from query params; unknown keys are ignored, bad values fall back to defaults.

    Returns the config and a list of human-readable problems (empty when all was well).
    """
    hints = typing.get_type_hints(cls)
    values, problems = {}, []
    for f in dataclasses.fields(cls):
        if f.name not in params:
            continue
        kind = hints[f.name]
        text = params[f.name]
        try:
            if typing.get_origin(kind) is tuple:
                item_kind = typing.get_args(kind)[0]
                value = tuple(_parse(t, item_kind) for t in text.split(",") if t != "")
                for item in value:
                    _check(f.name, item, f.metadata)
            else:
                value = _parse(text, kind)
                _check(f.name, value, f.metadata)
            values[f.name] = value
        except (ValueError, ConfigError) as err:
            problems.append(f"Ignored '{f.name}={text}' from the link: {err}")
    return cls(**values), problems
