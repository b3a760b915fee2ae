"""The network race's presets: each one reproduces a claim of the notes (003 §4–7) on the MLP,
in one click or a link (?preset=<slug>)."""
from __future__ import annotations

from dataclasses import dataclass

from dl_engine.training.network_race_experiment import NetworkRaceConfig


@dataclass(frozen=True)
class NetworkRacePreset:
    title: str
    config: NetworkRaceConfig
    lesson: str


PRESETS = {
    "adaptive-leave-start": NetworkRacePreset(
        "Adaptive methods leave a flat start faster", NetworkRaceConfig(
            dataset="xor", gain=0.1, racers=("sgd", "adagrad", "rmsprop", "adam"), steps=200, plane="pca"),
        "θ₀ is PyTorch's initialisation times 0.1: near θ = 0 a tanh network is nearly flat, its gradient "
        "tiny. SGD's step is η·g, tiny too: its loss is still ln 2 ≈ 0.693 after 50 steps. Adagrad, RMSprop "
        "and Adam divide g by the root of its own running square, so their first steps are about η whatever "
        "the gradient's size (the notes: 'the learning rate becomes adaptive'): they are below 0.3 by step 50."),
    "sgd-too-large-lr": NetworkRacePreset(
        "SGD with too large a learning rate bounces", NetworkRaceConfig(
            dataset="xor", racers=("sgd", "adam"), steps=200, lr_sgd=5.0, plane="pca"),
        "η = 5 for SGD: every step overshoots the valley's floor and lands on the far wall higher up, so "
        "the loss climbs (above 10 by step 10) while the path zig-zags across the plane; only once it "
        "reaches a flatter region does it settle. Adam's steps of about η = 0.02 walk down."),
    "mini-batch": NetworkRacePreset(
        "Mini-batch: ten updates per pass over the data", NetworkRaceConfig(
            dataset="xor", batch=15, steps=300, plane="pca"),
        "150 training points in mini-batches of 15: ten updates per pass, as in the notes' 1,000 records "
        "in batches of 100. Every racer gets the same batch at the same step, so the race stays fair; each "
        "step follows one batch's gradient, so the training loss (over all 150 points) wiggles as it falls."),
    "adagrad-slows": NetworkRacePreset(
        "Adagrad's step shrinks, RMSprop's does not", NetworkRaceConfig(
            dataset="spiral", hidden=16, racers=("adagrad", "rmsprop", "adam"), steps=1000, lr_adagrad=0.05,
            lr_rmsprop=0.01, lr_adam=0.01),
        "Adagrad's G sums every squared gradient since the start, so its step η/√G only shrinks (the "
        "notes: 'the learning rate decreases as we reach the minimum'): on the spiral it falls behind after "
        "a fast start. RMSprop and Adam average recent squares only and keep their pace."),
}
