"""Running an exported script as a student would, and the engine's losses to compare it with.

The script runs with `python -I` from a temporary folder, so it cannot import dl_engine.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from dl_engine.training.run import TrainingRun

STEP_LINE = re.compile(r"^step (\d+) loss (\S+)$", re.M)
CLAIM = re.compile(r"to (\S+) relative for the first (\d+) steps")


def start_script(text: str, folder: Path, steps: int) -> subprocess.Popen:
    """Write `text` to folder/script.py and start `python -I script.py --steps <steps>` there, on one
    thread: several scripts start at once and share the cores with the test itself."""
    (folder / "script.py").write_text(text)
    return subprocess.Popen([sys.executable, "-I", "script.py", "--steps", str(steps)], cwd=folder,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "OMP_NUM_THREADS": "1"})


def script_output(proc: subprocess.Popen) -> tuple[list[float], str]:
    """(the printed per-step losses, all of stdout) once the script has finished without an error."""
    out, err = proc.communicate(timeout=600)  # a busy machine: torch's import alone takes seconds
    assert proc.returncode == 0, err[-3000:]
    losses = [(int(n), float(v)) for n, v in STEP_LINE.findall(out)]
    assert [n for n, _ in losses] == list(range(1, len(losses) + 1)), out[:500]
    return [v for _, v in losses], out


def stated_claim(text: str) -> tuple[float, int]:
    """(relative tolerance, steps) the script's header promises for its first losses."""
    match = CLAIM.search(text)
    assert match, "the script's header states no tolerance"
    return float(match.group(1)), int(match.group(2))


def engine_losses(factory, config, seed: int, steps: int) -> list[float]:
    """The first `steps` losses of the page's run, one step at a time."""
    run = TrainingRun(factory, config, seed=seed, device="cpu")
    return [float(run.step(1).history["loss"][-1]) for _ in range(steps)]
