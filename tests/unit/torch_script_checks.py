"""One check for the torch-module pages' scripts (CNN, recurrent, seq2seq, transformer): the script
runs as a student would (export_script_checks.start_script: `python -I`, a folder without dl_engine)
while this process steps the page's TrainingRun, and its losses match for the steps its header states."""
from __future__ import annotations

import numpy as np

from dl_engine.export.scripts import pytorch_script
from tests.unit.export_script_checks import engine_losses, script_output, start_script, stated_claim

MAX_SCRIPT_CHARS = 2_000_000


def check_script(experiment_class: str, factory, config, seed: int, tmp_path) -> str:
    """Assert that the script for (config, seed) prints the page's first losses to the tolerance its
    header states; returns what it printed."""
    text = pytorch_script(experiment_class, config, seed)
    tolerance, steps = stated_claim(text)
    assert f"Seed: {seed}" in text and "dl_engine" not in text and len(text) < MAX_SCRIPT_CHARS
    proc = start_script(text, tmp_path, steps)
    try:
        expected = engine_losses(factory, config, seed, steps)
    except BaseException:
        proc.kill()
        raise
    losses, out = script_output(proc)
    assert len(losses) == steps
    np.testing.assert_allclose(losses, expected, rtol=tolerance)
    return out


def script_namespace(text: str) -> dict:
    """The script's top-level names (its data generators, model classes), without running main()."""
    namespace = {"__name__": "exported_script"}
    exec(compile(text, "script.py", "exec"), namespace)
    return namespace
