"""The playgrounds, in teaching order: one table feeds the router (app.py) and the home page."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Playground:
    file: str        # playgrounds/<file>
    title: str
    icon: str
    url_path: str
    teaches: str     # one line for the home page


PLAYGROUNDS = (
    Playground("playgrounds/perceptron.py", "Perceptron", "⚡", "perceptron",
               "Weighted sum, step activation and the learning rule, one sample at a time; why XOR defeats it."),
    Playground("playgrounds/mlp.py", "MLP playground", "🕸️", "mlp",
               "Hidden layers bend the decision boundary: datasets, features, depth, optimizers, regularisation."),
    Playground("playgrounds/conv_lab.py", "Convolution lab", "🔍", "convolution",
               "Kernels sliding over images: edge detectors, padding, stride, output size, pooling."),
    Playground("playgrounds/cnn.py", "Train a CNN", "🖼️", "cnn",
               "A CNN learning digits and shapes: its filters, feature maps, confusion matrix and saliency."),
    Playground("playgrounds/recurrent.py", "Recurrent nets (RNN, LSTM, GRU)", "🔄", "recurrent",
               "RNN, LSTM and GRU with every gate and state per time step; gradients through time."),
    Playground("playgrounds/gradients.py", "Gradient lab", "📉", "gradients",
               "Vanishing and exploding gradients: their causes and the fixes that work."),
    Playground("playgrounds/attention_lab.py", "Attention mechanics", "🔦", "attention",
               "Queries, keys, values and scores step by step, with every number shown."),
    Playground("playgrounds/seq2seq.py", "Seq2seq & attention", "🔁", "seq2seq",
               "Encoder-decoder with and without attention: the alignment forming, the bottleneck on long inputs."),
    Playground("playgrounds/transformer.py", "Tiny transformer", "🤖", "transformer",
               "Attention heads forming while a tiny transformer learns; ablate a head, travel back through training."),
    Playground("playgrounds/optimiser_race.py", "Optimiser race", "🏁", "optimiser_race",
               "SGD, momentum, Nesterov, Adagrad, RMSprop, Adam and AdamW racing on 2-D loss surfaces."),
    Playground("playgrounds/network_race.py", "Optimiser race on a network", "🕸️", "network_race",
               "The same racers training one small MLP: its loss on a plane through θ₀, each path projected onto it."),
    Playground("playgrounds/autoencoder.py", "Autoencoder and VAE", "🗜️", "autoencoder",
               "Digits through a 2-D code (or 2-D points through one number): the latent space forming live, the ELBO's terms."),
    Playground("playgrounds/gan.py", "GAN: generator vs discriminator", "🎭", "gan",
               "A generator and a discriminator playing their game on 2-D points; mode collapse, the losses, JS."),
    Playground("playgrounds/loss_activation_bench.py", "Loss and activation bench", "🧪", "loss_activation_bench",
               "Activations with their derivatives, losses with their gradients, softmax's temperature; CE vs MSE, dead ReLUs."),
    Playground("playgrounds/overfitting_lab.py", "Overfitting lab", "🧮", "overfitting_lab",
               "A big net memorising noisy labels beside a copy with L1, L2, dropout, batch norm, augmentation, early stopping."),
)
