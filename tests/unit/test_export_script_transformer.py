"""The tiny transformer's PyTorch script trains like the page: its first losses on the default digit
reversal and on next-character text with learned positions and no causal mask; every task's
examples are the page's."""
import numpy as np
import pytest
import torch

from dl_engine.export.scripts import pytorch_script
from dl_engine.training.transformer_experiment import TRANSFORMER_TASKS, TransformerConfig, TransformerExperiment
from tests.unit.torch_script_checks import check_script, script_namespace


def test_default_reversal(tmp_path):
    out = check_script("TransformerExperiment", TransformerExperiment, TransformerConfig(), 0, tmp_path)
    assert "token_acc" in out


def test_text_with_learned_positions_and_no_causal_mask(tmp_path):
    config = TransformerConfig(task="text", positions="learned", causal=False, n_heads=4, d_model=16,
                               n_layers=1, batch_size=16, optimizer="adagrad")
    check_script("TransformerExperiment", TransformerExperiment, config, 1, tmp_path)


@pytest.mark.parametrize("task", TRANSFORMER_TASKS)
def test_every_task_regenerates_the_pages_examples(task):
    config = TransformerConfig(task=task, n_symbols=4, seq_len=3, d_model=8)
    script = script_namespace(pytorch_script("TransformerExperiment", config, 0))
    engine = TransformerExperiment(config, seed=0, eval_size=4)
    for got, want in zip(script["examples"](np.random.default_rng(2), 5), engine._examples(np.random.default_rng(2), 5)):
        assert torch.equal(got, want)
