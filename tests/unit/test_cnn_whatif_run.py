"""TrainingRun.apply: a what-if edit lands between steps of a running thread and shows at once."""
import time

import numpy as np

from dl_engine.models import kernels
from dl_engine.training.cnn_experiment import CNNExperiment
from dl_engine.models.cnn_arch import CNNConfig
from dl_engine.training.run import Status, TrainingRun


def test_apply_edits_a_running_experiment_and_refreshes_the_snapshot():
    run = TrainingRun(CNNExperiment, CNNConfig(), seed=0)
    run.start()
    time.sleep(0.3)
    run.apply(lambda exp: (exp.overwrite("conv1", 3, "laplacian"), exp.freeze("conv1", 3)))
    shown = run.snapshot.visuals["kernels"]["conv1"][3, 0]
    np.testing.assert_allclose(shown, kernels.preset("laplacian"))
    steps = run.steps
    time.sleep(0.5)
    run.pause()
    assert run.steps > steps and run.status == Status.PAUSED
    np.testing.assert_allclose(run.snapshot.visuals["kernels"]["conv1"][3, 0], kernels.preset("laplacian"))
    assert run.snapshot.visuals["frozen"] == {"conv1": [3]}
    run.reset()
    assert run.snapshot.visuals["frozen"] == {}
