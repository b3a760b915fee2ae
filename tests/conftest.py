"""Shared test set-up: the repo root on sys.path, the MLP's compiled step ready before any test
times a run, and no training thread outlives its test."""
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import torch  # noqa: E402

from dl_engine.models.mlp_fused import compile_kernel  # noqa: E402
from dl_engine.training.run import TrainingRun  # noqa: E402

torch.set_num_threads(1)


@pytest.fixture(scope="session", autouse=True)
def mlp_kernel_compiled():
    """A fresh checkout compiles the MLP's step once (~14 s, then Numba's disk cache, which the
    browser tests' server reuses): not inside a test that gives training a second to start."""
    compile_kernel()


@pytest.fixture(autouse=True)
def stop_training_threads():
    """Stop every TrainingRun a test started, so threads never leak into the next test."""
    yield
    for run in list(TrainingRun.instances):
        run.stop()
