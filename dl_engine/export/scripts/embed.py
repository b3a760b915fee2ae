"""Pieces every script writer needs: a header comment, a NumPy array as code, engine source as text.

A script imports `base64`, `zlib` and `numpy as np` when it embeds an array with `array_code`.
"""
from __future__ import annotations

import base64
import dataclasses
import inspect
import textwrap
import zlib

import numpy as np

LINE = 96  # characters of base64 per line of a script
# header lines for a script whose `model` has the page's state_tensors names (a page's weights file loads)
WEIGHTS_NOTE = ("Weights saved from the page load into `model` below:",
                "    model.load_state_dict(safetensors.torch.load_file(path))   (pip install safetensors)")


def header(title: str, config, seed: int, tolerance: str, extra: tuple[str, ...] = ()) -> str:
    """The script's opening comment: where it comes from (page, every config value, seed), the
    tolerance its first losses meet, how to run it, and `extra` lines; text may hold line breaks."""
    lines = [title, "", "Settings (the page's config, every field; a preset only fills these in):"]
    lines += [f"    {field.name} = {getattr(config, field.name)!r}" for field in dataclasses.fields(config)]
    lines += [f"Seed: {seed}", "", tolerance, *extra, "",
              "Needs only torch and numpy. Run:  python this_file.py --steps 50"]
    return "".join(f"# {line}".rstrip() + "\n" for line in "\n".join(lines).splitlines())


def array_code(array: np.ndarray, dtype: str | None = None) -> str:
    """A Python expression rebuilding `array` exactly (cast to `dtype` first, if given): its raw
    bytes zlib-compressed and base64-encoded, wrapped in lines of LINE characters."""
    array = np.array(array, dtype=dtype or np.asarray(array).dtype, order="C")  # keeps 0-d arrays 0-d
    text = base64.b64encode(zlib.compress(array.tobytes(), 9)).decode("ascii")
    chunks = "\n".join(f'    "{text[i:i + LINE]}"' for i in range(0, len(text), LINE)) or '    ""'
    return (f"np.frombuffer(zlib.decompress(base64.b64decode(\n{chunks}\n)), dtype=np.{array.dtype.name})"
            f".reshape({tuple(array.shape)!r})")


def source(*objects) -> str:
    """The engine's own code for functions (or classes), dedented, two blank lines apart: a script
    that regenerates data with it makes the very same NumPy calls."""
    return "\n\n".join(textwrap.dedent(inspect.getsource(obj)).rstrip() + "\n" for obj in objects)
