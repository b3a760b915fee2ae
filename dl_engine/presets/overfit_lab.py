"""The overfitting lab's presets: the baseline memorising its noisy labels, then each regulariser
of the notes (003, "Types of Regularization") switched on for the other copy, in one click or a
link (?preset=<slug>). `epochs` is how many the claim needs; tests/unit checks each at seed 0."""
from __future__ import annotations

from dataclasses import dataclass

from dl_engine.training.overfit_lab_experiment import OverfitLabConfig


@dataclass(frozen=True)
class OverfitLabPreset:
    title: str
    config: OverfitLabConfig
    lesson: str
    epochs: int = 300


DIGITS = dict(data="digits", examples=200, dropout=0.0)

PRESETS = {
    "memorise": OverfitLabPreset(
        "A big net memorises 50 noisy points", OverfitLabConfig(dropout=0.0),
        "Two hidden layers of 128 ReLU units (about 17,000 weights) against 50 training points, a fifth of "
        "their labels flipped. Both copies are the same here (nothing is switched on): the training loss "
        "falls towards 0 as the net learns the flipped points too, while the test loss, after its lowest "
        "point near epoch 50, climbs to more than twice that by epoch 300. The boundary grows islands round "
        "the flipped points."),
    "l1-sparse": OverfitLabPreset(
        "L1 drives most weights to zero", OverfitLabConfig(l1=5e-4, dropout=0.0),
        "λ₁ = 5·10⁻⁴: the penalty's gradient λ₁·sign(w) pulls every weight towards 0 by the same amount, "
        "however small it already is, so weights that do little end there: by epoch 300 most of the "
        "regularised copy's weights are below 10⁻³ (the histogram's spike at 0), against about 1 % of the "
        "baseline's. The test loss stays far below the baseline's."),
    "l2-shrinks": OverfitLabPreset(
        "L2 shrinks the weights, and the test loss with them", OverfitLabConfig(l2=1e-3, dropout=0.0),
        "λ₂ = 10⁻³: the penalty's gradient 2λ₂w is proportional to w, so large weights shrink fastest and "
        "small ones slowly: the histogram narrows rather than spiking at 0. The boundary is smoother and "
        "the test loss at epoch 300 is well below the baseline's."),
    "dropout": OverfitLabPreset(
        "Dropout 0.5 keeps the test loss down", OverfitLabConfig(),
        "Each training step switches off a different half of the hidden units (the survivors scaled by 2, so "
        "evaluation, with all units on, sees the same mean). No unit can rely on a partner to memorise a "
        "point: the training loss stays higher, the test loss far lower than the baseline's."),
    "batchnorm": OverfitLabPreset(
        "Batch normalisation: a mild regulariser", OverfitLabConfig(batchnorm=True, dropout=0.0),
        "Each hidden layer's pre-activations are normalised with the batch's mean and variance. The "
        "notes: it 'acts as a form of regularization by introducing slight noise'. Here its test loss at "
        "epoch 300 is well below the baseline's, though it still rises after its best epoch."),
    "early-stopping": OverfitLabPreset(
        "Early stopping keeps the best epoch", OverfitLabConfig(early_stopping=True, dropout=0.0),
        "The regularised copy watches its validation loss at every epoch's end; after 50 epochs without a "
        "new best it stops and goes back to the best epoch's weights (the notes' three steps). Its curves "
        "go flat there, while the baseline goes on memorising."),
    "augment-points": OverfitLabPreset(
        "Jittered points: augmentation on the plane", OverfitLabConfig(aug_noise=0.6, dropout=0.0),
        "Every time a training point is used, the regularised copy sees it moved by Gaussian noise of "
        "σ = 0.6: an island round a single flipped point cannot form, since the point is never twice in "
        "the same place. Its test accuracy beats the baseline's."),
    "label-smoothing": OverfitLabPreset(
        "Label smoothing: less confident predictions", OverfitLabConfig(label_smoothing=0.2, dropout=0.0),
        "ε = 0.2 with two classes gives the notes' example: targets 0.9 and 0.1 instead of 1 and 0. The "
        "copy is not rewarded for going beyond 0.9: its test predictions stay less confident than the "
        "baseline's. On this data that does not lower the test loss much; smoothing helps most with many "
        "classes."),
    "digits-memorise": OverfitLabPreset(
        "200 digits, a fifth mislabelled", OverfitLabConfig(**DIGITS),
        "200 of the 8×8 digits with 20 % of their labels changed to another digit. Within a few dozen "
        "epochs the net fits all 200 (training loss near 0), the wrong labels included, and its test "
        "loss more than doubles from its best.", epochs=120),
    "digits-shift": OverfitLabPreset(
        "Shifted, noisy digits generalise better", OverfitLabConfig(**DIGITS, aug_shift=1, aug_noise=0.1),
        "Each training digit is moved by up to one pixel each way and gets pixel noise σ = 0.1, fresh at "
        "every use: the copy cannot memorise exact pixels, and its test accuracy beats the baseline's by "
        "about ten points.", epochs=120),
    "digits-flip": OverfitLabPreset(
        "Flipping digits does not help", OverfitLabConfig(**DIGITS, aug_flip=True),
        "The notes list flips among image augmentations, but a mirrored 2, 3, 4 or 7 is no digit: the "
        "augmentation must keep the label true. Flipped half of the time, the copy does no better on the "
        "test set than the baseline.", epochs=120),
}
