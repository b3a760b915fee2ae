"""The optimiser race's presets: each one reproduces a claim of the notes (003) or of the
issue, in one click or a link (?preset=<slug>)."""
from __future__ import annotations

from dataclasses import dataclass

from dl_engine.training.race_experiment import RaceConfig


@dataclass(frozen=True)
class RacePreset:
    title: str
    config: RaceConfig
    lesson: str


PRESETS = {
    "momentum-valley": RacePreset(
        "Momentum crosses the narrow valley", RaceConfig(surface="valley", racers=("sgd", "momentum", "nesterov"),
                                                         steps=200),
        "Same learning rate (0.09) for all three. SGD's steps along the floor are 0.09 × 0.1x: it is still "
        "far out after 200 steps; momentum adds up the steps (b = Σ μᵏ g) and reaches the minimum in about "
        "60, Nesterov in about 25."),
    "adagrad-stalls": RacePreset(
        "Adagrad's step shrinks and stalls", RaceConfig(
            surface="plateau", racers=("sgd", "adagrad", "rmsprop", "adam"), steps=300, lr_sgd=0.05,
            lr_adagrad=0.1, lr_rmsprop=0.05, lr_adam=0.05),
        "Adagrad divides by √G, the root of every squared gradient since the start, so its step η/√G only "
        "shrinks (the notes: 'the learning rate decreases'): it stalls on the plateau. RMSprop forgets old "
        "gradients (α = 0.99) and Adam too: they cross it and drop down the cliff."),
    "adam-ill-conditioned": RacePreset(
        "Adam handles the ill-conditioned quadratic", RaceConfig(
            surface="ill_conditioned", racers=("sgd", "momentum", "adam"), steps=300, lr_sgd=0.019,
            lr_momentum=0.01, lr_adam=0.1),
        "Curvatures 100 across and 0.01 along: SGD's lr must stay under 2/100 or it diverges across, and "
        "then it hardly moves along. Adam scales each coordinate by its own √v and moves both at about η."),
    "saddle-ridge": RacePreset(
        "Saddle: started on the ridge, they stay there", RaceConfig(
            surface="saddle", racers=("sgd", "momentum", "adam"), steps=300, lr_sgd=0.05, lr_momentum=0.05,
            lr_adam=0.05),
        "On y = 0 the gradient has no y part, so every optimiser walks to the saddle point (0, 0) and "
        "stays: the loss stops at the saddle's height (0.25 above the minima)."),
    "saddle-escape": RacePreset(
        "Saddle: a nudge off the ridge, momentum escapes first", RaceConfig(
            surface="saddle", racers=("sgd", "momentum", "adam"), steps=300, lr_sgd=0.05, lr_momentum=0.05,
            lr_adam=0.05, nudge=0.001),
        "Started 0.001 off the ridge, the tiny y gradient grows; momentum builds up speed and reaches a "
        "minimum in about 70 steps, SGD in about 170. (Noise, the sidebar's gradient noise, escapes too.)"),
    "rosenbrock": RacePreset(
        "All seven on Rosenbrock", RaceConfig(
            surface="rosenbrock", steps=1500, lr_sgd=1e-3, lr_momentum=1e-3, lr_nesterov=1e-3, lr_adagrad=0.5,
            lr_rmsprop=0.01, lr_adam=0.05, lr_adamw=0.05),
        "The curved valley: SGD crawls along the bottom; momentum, Nesterov and Adam reach (1, 1)."),
    "beale": RacePreset(
        "All seven on Beale", RaceConfig(
            surface="beale", steps=1000, lr_sgd=1e-3, lr_momentum=1e-3, lr_nesterov=1e-3, lr_adagrad=0.5,
            lr_rmsprop=0.01, lr_adam=0.05, lr_adamw=0.05),
        "Gradients that span orders of magnitude: the adaptive methods cope best; AdamW's weight decay "
        "pulls it towards (0, 0), a little short of the minimum (3, 0.5)."),
    "too-large-lr": RacePreset(
        "Too large a learning rate diverges", RaceConfig(
            surface="valley", racers=("sgd", "momentum", "adam"), steps=200, lr_sgd=0.25, lr_momentum=0.09),
        "Across the valley the curvature is 10: SGD with η = 0.25 multiplies y by 1 − 0.25·10 = −1.5 each "
        "step and leaves the surface; it is reported as diverged, and the others race on."),
}
