"""The CNN page's PyTorch script trains like the page: same first losses on digits, on shapes with
batch norm and dropout (which draw from torch's generator), and on an uploaded set embedded in it."""
import pytest

from dl_engine.data import image_uploads, images
from dl_engine.export.errors import ExportError
from dl_engine.export.scripts import cnn, pytorch_script
from dl_engine.training.cnn_experiment import CNNExperiment
from dl_engine.models.cnn_arch import CNNConfig
from tests.unit.torch_script_checks import check_script


def test_digits_default_config(tmp_path):
    out = check_script("CNNExperiment", CNNExperiment, CNNConfig(), 0, tmp_path)
    assert "test_acc" in out


def test_shapes_with_batch_norm_dropout_and_sgd_momentum(tmp_path):
    config = CNNConfig(dataset="shapes", filters=(4, 6), batch_norm=(True, False), dropout=(0.2, 0.1),
                       activation=("elu", "tanh"), pool=("avg", "max"), dense=(16, 8),
                       optimizer="momentum", lr=0.05, batch_size=16)
    check_script("CNNExperiment", CNNExperiment, config, 3, tmp_path)


def test_an_upload_is_embedded(tmp_path):
    key = image_uploads.register(images.shapes(n_per_class=5, size=12, seed=1), owner="test")
    config = CNNConfig(dataset=key, filters=(4,), kernel=(3,), stride=(1,), padding=(1,), activation=("relu",),
                       pool=("max",), pool_size=(2,), batch_norm=(False,), dropout=(0.0,), batch_size=8)
    check_script("CNNExperiment", CNNExperiment, config, 1, tmp_path)


def test_an_upload_too_large_for_a_script_is_refused(monkeypatch):
    key = image_uploads.register(images.shapes(n_per_class=5, size=12, seed=1), owner="test")
    monkeypatch.setattr(cnn, "MAX_EMBEDDED_CHARS", 1000)
    with pytest.raises(ExportError, match="too large"):
        pytorch_script("CNNExperiment", CNNConfig(dataset=key), 0)
