"""Shared test set-up: the repo root on sys.path, and no training thread outlives its test."""
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import torch  # noqa: E402

from dl_engine.training.run import TrainingRun  # noqa: E402

torch.set_num_threads(1)


@pytest.fixture(autouse=True)
def stop_training_threads():
    """Stop every TrainingRun a test started, so threads never leak into the next test."""
    yield
    for run in list(TrainingRun.instances):
        run.stop()
