"""The recurrent experiments learn what the notes promise: "hello", remembering, vanishing gradients, clipping."""
import numpy as np
import torch

from dl_engine.data.text import CharCorpus
from dl_engine.training.recurrent_experiment import RecurrentConfig, RecurrentExperiment
from dl_engine.training.recurrent_probe import sample_chars
from dl_engine.seeding import seed_everything


def _experiment(seed=0, **options) -> RecurrentExperiment:
    seed_everything(seed)
    return RecurrentExperiment(RecurrentConfig(**options), seed=seed)


def _train(exp: RecurrentExperiment, steps: int) -> RecurrentExperiment:
    for _ in range(steps):
        exp.train_step(probe=False)
    return exp


def test_char_model_learns_hello_and_predicts_e_l_l_o():
    exp = _train(_experiment(task="language_model", corpus="hello", cell="lstm", hidden_size=8, lr=0.05), 60)
    corpus = exp.task.corpus
    assert corpus.vocab == ("h", "e", "l", "o")  # the notes' vocabulary, in its order
    x = torch.eye(4)[torch.as_tensor(corpus.encode("hell"))][None]
    with torch.no_grad():
        logits, _ = exp.model(x)
    assert corpus.decode(logits[0].argmax(-1)) == "ello"
    assert sample_chars(exp.model, corpus, "h", 4, temperatures=(0.01,))[0.01] == "hello"


def test_lstm_remembers_the_first_symbol_where_the_vanilla_rnn_cannot():
    accuracy = {}
    for cell in ("lstm", "rnn"):
        exp = _train(_experiment(seed=2, task="remember_first", cell=cell, seq_len=20, hidden_size=8, lr=0.01), 120)
        accuracy[cell] = exp.evaluate()["test_acc"]
    assert accuracy["lstm"] > 0.9, accuracy
    assert accuracy["rnn"] < 0.5, accuracy  # chance is 0.25


def test_vanilla_tanh_rnn_gradient_through_time_decays_going_back():
    exp = _experiment(task="remember_first", cell="rnn", seq_len=30, hidden_size=16)
    x, y = exp.eval_sets["train"]
    dh = exp.gradient_through_time(x, y)["dh"]
    assert dh.shape == (30,)
    assert dh[0] < 1e-3 * dh[-1]
    assert np.corrcoef(np.arange(30), np.log(dh))[0, 1] > 0.95  # exponential decay: a line in log scale
    lstm = _experiment(task="remember_first", cell="lstm", seq_len=30, hidden_size=16)
    dh_lstm = lstm.gradient_through_time(*lstm.eval_sets["train"])["dh"]
    assert dh_lstm[0] / dh_lstm[-1] > dh[0] / dh[-1]  # the cell state keeps a longer path


def test_per_step_w_hh_gradients_add_up_to_the_bptt_gradient():
    exp = _experiment(task="adding", cell="gru", seq_len=8, hidden_size=4)
    x, y = exp.eval_sets["train"]
    dw = exp.gradient_through_time(x, y)["dw"]
    logits, _ = exp.model(x)
    exp.task.last_loss(logits, y).backward()
    total = float(exp.model.rnn.cells["l0"].weight_hh.grad.norm())
    assert dw.shape == (8,) and total <= dw.sum() + 1e-6  # triangle inequality over Σ_t ∂L/∂W_hh|_t
    assert dw[-1] > 0


def _grad_norm(model) -> float:
    return float(torch.linalg.vector_norm(torch.stack([p.grad.norm() for p in model.parameters()])))


def test_clipping_by_norm_bounds_the_gradient_norm():
    free = _experiment(task="forecast", cell="rnn", nonlinearity="relu", lr=1e-5, hidden_size=32)
    unclipped = free.train_step(probe=False)
    raw = float(np.linalg.norm(list(unclipped.grad_norms.values())))
    threshold = raw / 10
    clipped = _experiment(task="forecast", cell="rnn", nonlinearity="relu", lr=1e-5, hidden_size=32,
                          clip="norm", clip_threshold=threshold)
    clipped.train_step(probe=False)
    assert raw > threshold
    assert _grad_norm(clipped.model) <= threshold * (1 + 1e-4)


def test_clipping_by_value_bounds_every_entry():
    exp = _experiment(task="adding", cell="lstm", clip="value", clip_threshold=1e-3)
    exp.train_step(probe=False)
    assert max(float(p.grad.abs().max()) for p in exp.model.parameters()) <= 1e-3 + 1e-9


def test_training_is_deterministic_for_a_seed():
    a = _train(_experiment(seed=5, task="adding", cell="gru", seq_len=6), 3).evaluate()
    b = _train(_experiment(seed=5, task="adding", cell="gru", seq_len=6), 3).evaluate()
    assert a == b


def test_greedy_sampling_is_the_argmax_and_high_temperature_spreads_out():
    corpus = CharCorpus.of("abcabcabd")
    exp = _experiment(task="language_model", corpus="hello")
    exp.model.head = torch.nn.Linear(exp.model.head.in_features, 4)  # any model over this vocabulary
    exp.model.rnn = type(exp.model.rnn)("lstm", 4, 16)
    cold = sample_chars(exp.model, corpus, "a", 30, temperatures=(0.001, 0.001), seed=0)
    hot = sample_chars(exp.model, corpus, "a", 30, temperatures=(100.0,), seed=0)[100.0]
    assert len(set(cold.values())) == 1  # τ → 0 is deterministic
    assert len(set(hot)) == 4


def test_generated_text_is_renewed_by_each_evaluation_and_carried_between_them():
    from dl_engine.training.recurrent_experiment import build_recurrent_experiment
    exp = _experiment(task="language_model", corpus="hello", cell="lstm", hidden_size=8, lr=0.05)
    assert "samples" not in exp.visuals(), "no text before the first evaluation"
    exp.evaluate()
    first = exp.visuals()["samples"]
    _train(exp, 60)
    assert exp.visuals()["samples"] == first, "a snapshot between evaluations shows the last text"
    exp.evaluate()
    assert exp.visuals()["samples"] != first, "the trained model writes other text"
    assert exp.visuals()["samples"][0.5] == sample_chars(exp.model, exp.task.corpus, "h", 20, seed=0)[0.5]
    compare = build_recurrent_experiment(RecurrentConfig(task="language_model", corpus="hello", compare=True))
    compare.evaluate()
    assert all(member.samples is None for member in compare.members.values()), "the comparison writes no text"
