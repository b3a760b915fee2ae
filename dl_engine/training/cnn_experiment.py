"""Train-a-CNN: the experiment a TrainingRun drives, what-if edits to filters, and per-image analysis.

The snapshot carries a CPU copy of the weights, so the page can ask for one image's class
probabilities, feature maps and saliency (`analyse`) without touching the training thread.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from torch import nn

from dl_engine.data import image_uploads, images
from dl_engine.models import kernels
from dl_engine.models.cnn_arch import CNNConfig, build_model, check_config, layer_table
from dl_engine.training import probes
from dl_engine.training.experiment import StepResult, TorchExperiment

TEST_FRACTION = 0.2
MAX_TRAIN_EVAL = 256     # train metrics at step 0, before any batch has been seen
SALIENCY_LATEX = r"S_{ij}=\max_c\left|\frac{\partial z_{\hat y}}{\partial x_{c,i,j}}\right|"


def load_dataset(name: str) -> images.ImageSet:
    """The ImageSet a config names: digits, shapes, or a registered upload.

    An upload is looked up by its key alone (the factory gets only the config): the key is
    unguessable, and the page checks that it belongs to its browser session before building."""
    if name == "digits":
        return images.digits()
    if name == "shapes":
        return images.shapes()
    return image_uploads.lookup(name)


class CNNExperiment(TorchExperiment):
    """A CNN on an image dataset, trained with mini-batches; filters can be frozen or overwritten."""

    def __init__(self, config: CNNConfig, seed: int = 0, device: torch.device = torch.device("cpu")):
        check_config(config)
        data = load_dataset(config.dataset)
        self.config, self.device = config, device
        self.class_names, self.input_shape = data.class_names, data.shape
        self.table = layer_table(config, data.shape, len(data.class_names))
        train, test = images.stratified_split(data.y, TEST_FRACTION, seed)
        self.test_images, self.test_labels = data.X[test], data.y[test]
        self.x_train, self.y_train = self._tensors(data.X[train], data.y[train])
        self.x_test, self.y_test = self._tensors(self.test_images, self.test_labels)
        self.setup(build_model(config, data.shape, len(data.class_names)).to(device), config.optimizer, config.lr)
        self.steps_per_epoch = math.ceil(len(train) / config.batch_size)
        self.generator = torch.Generator().manual_seed(seed)
        self._order, self._cursor = torch.empty(0, dtype=torch.long), 0
        self._test_pred = np.zeros(len(test), dtype=np.int64)
        self._seen = [torch.zeros((), device=device), torch.zeros((), device=device), 0]  # Σ loss, Σ correct, n
        self.frozen: dict[str, dict[int, torch.Tensor]] = {}   # conv layer → filter → its weights
        for name in self.conv_layers():
            self.conv(name).weight.register_hook(lambda g, name=name: self._mask_frozen(name, g))

    def _tensors(self, X: np.ndarray, y: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
        return torch.from_numpy(X).to(self.device), torch.from_numpy(y).to(self.device)

    # ---- training --------------------------------------------------------------------------
    def next_batch(self) -> tuple[torch.Tensor, torch.Tensor]:
        if self._cursor >= len(self._order):
            self._order = torch.randperm(len(self.y_train), generator=self.generator).to(self.device)
            self._cursor = 0
        idx = self._order[self._cursor:self._cursor + self.config.batch_size]
        self._cursor += self.config.batch_size
        return self.x_train[idx], self.y_train[idx]

    def batch_loss(self, batch) -> torch.Tensor:
        x, y = batch
        logits = self.model(x)
        loss = nn.functional.cross_entropy(logits, y)
        with torch.no_grad():   # running train metrics: free here, no device sync until evaluate()
            self._seen[0] += loss.detach() * len(y)
            self._seen[1] += (logits.argmax(1) == y).sum()
            self._seen[2] += len(y)
        return loss

    def probe_modules(self) -> dict[str, nn.Module]:
        return {}   # feature maps come from `analyse` on the chosen image, not from training batches

    def train_step(self, probe: bool) -> StepResult:
        result = super().train_step(probe)
        self._restore_frozen()   # momentum (Adam, SGD+m) would still move a filter with zero gradient
        return result

    @torch.no_grad()
    def evaluate(self) -> dict[str, float]:
        """Test loss/accuracy on the whole test set; train loss/accuracy averaged over the mini-batches
        since the last call (as Keras reports them), or on a few training images before any step."""
        self.model.eval()
        logits = self.model(self.x_test)
        pred = logits.argmax(1)
        metrics = {"test_loss": float(nn.functional.cross_entropy(logits, self.y_test)),
                   "test_acc": float((pred == self.y_test).float().mean())}
        self._test_pred = pred.cpu().numpy()
        total, correct, n = self._seen
        if n == 0:
            x, y = self.x_train[:MAX_TRAIN_EVAL], self.y_train[:MAX_TRAIN_EVAL]
            logits = self.model(x)
            total, correct, n = nn.functional.cross_entropy(logits, y, reduction="sum"), (logits.argmax(1) == y).sum(), len(y)
        metrics |= {"train_loss": float(total) / n, "train_acc": float(correct) / n}
        self._seen = [torch.zeros_like(self._seen[0]), torch.zeros_like(self._seen[1]), 0]
        self.model.train()
        return metrics

    def visuals(self, probe: probes.ProbeRecord | None) -> dict[str, Any]:
        """Weights (CPU copies), learned kernels per conv layer (out, in, k, k), test-set confusion (K, K)."""
        state = {k: v.detach().cpu().numpy().copy() for k, v in self.model.state_dict().items()}
        k = len(self.class_names)
        confusion = np.bincount(self.test_labels * k + self._test_pred, minlength=k * k).reshape(k, k)
        return {"state": state, "kernels": {n: state[f"{n}.weight"] for n in self.conv_layers()},
                "confusion": confusion, "class_names": self.class_names, "input_shape": self.input_shape,
                "test_images": self.test_images, "test_labels": self.test_labels,
                "frozen": {n: sorted(f) for n, f in self.frozen.items() if f}}

    # ---- what-if: freeze or overwrite a filter ------------------------------------------------
    def conv_layers(self) -> list[str]:
        return [name for name, m in self.model.named_children() if isinstance(m, nn.Conv2d)]

    def conv(self, name: str) -> nn.Conv2d:
        if name not in self.conv_layers():
            raise ValueError(f"No conv layer '{name}'; choose one of {self.conv_layers()}.")
        return getattr(self.model, name)

    def freeze(self, layer: str, index: int, frozen: bool = True) -> None:
        """Keep filter `index` of `layer` (weights and bias) fixed from now on, or release it."""
        conv = self.conv(layer)
        if not 0 <= index < conv.out_channels:
            raise ValueError(f"{layer} has filters 0–{conv.out_channels - 1}, not {index}.")
        held = self.frozen.setdefault(layer, {})
        if frozen:
            held[index] = torch.cat([conv.weight[index].detach().flatten(), conv.bias[index:index + 1].detach()])
        else:
            held.pop(index, None)

    @torch.no_grad()
    def overwrite(self, layer: str, index: int, preset: str) -> None:
        """Set filter `index` of `layer` to a kernel preset (on every input channel, bias 0)."""
        conv = self.conv(layer)
        k = torch.as_tensor(kernels.preset(preset, conv.kernel_size[0]), dtype=conv.weight.dtype)
        conv.weight[index] = k.to(conv.weight.device).expand_as(conv.weight[index])
        conv.bias[index] = 0.0
        if index in self.frozen.get(layer, {}):
            self.freeze(layer, index)   # a frozen filter keeps its new value

    def _mask_frozen(self, layer: str, grad: torch.Tensor) -> torch.Tensor:
        held = self.frozen.get(layer)
        if not held:
            return grad
        grad = grad.clone()
        grad[list(held)] = 0.0
        return grad

    @torch.no_grad()
    def _restore_frozen(self) -> None:
        for layer, held in self.frozen.items():
            conv = self.conv(layer)
            for index, values in held.items():
                conv.weight[index] = values[:-1].view_as(conv.weight[index])
                conv.bias[index] = values[-1]
                if conv.bias.grad is not None:
                    conv.bias.grad[index] = 0.0


@dataclass(frozen=True)
class Analysis:
    """One image through the network. probs: (K,); feature_maps[layer]: (C, h, w); saliency: (H, W)."""
    probs: np.ndarray
    predicted: int
    feature_maps: dict[str, np.ndarray]
    saliency: np.ndarray


def analyse(config: CNNConfig, visuals: dict[str, Any], image: np.ndarray, target: int | None = None) -> Analysis:
    """Run `image` (C, H, W) through a CPU copy of the snapshot's network.

    Feature maps are each block's activation output; saliency is |∂ class score / ∂ input|
    for `target` (default: the predicted class), the largest over colour channels.
    """
    model = build_model(config, visuals["input_shape"], len(visuals["class_names"]))
    model.load_state_dict({k: torch.from_numpy(v) for k, v in visuals["state"].items()})
    model.eval()
    modules = {name: m for name, m in model.named_children() if name.startswith("act")}
    x = torch.tensor(image, dtype=torch.float32)[None].requires_grad_(True)
    record = probes.ProbeRecord()
    with probes.record_layers(modules, record):
        logits = model(x)[0]
    probs = torch.softmax(logits, 0)
    predicted = int(probs.argmax())
    logits[predicted if target is None else target].backward()
    saliency = x.grad[0].abs().amax(0).numpy()
    return Analysis(probs.detach().numpy(), predicted, {k: v[0] for k, v in record.activations.items()}, saliency)
