"""The recurrent page as a plain PyTorch script: its task's data regenerated with the same NumPy calls,
its own RNN/LSTM/GRU cells written out (the page's GRU is the notes' form, not nn.GRU's), the same
initial weights, optimiser and clipping. Compare mode trains all three cells on the same batches."""
from __future__ import annotations

from dl_engine.data import sequences, text
from dl_engine.export.scripts import embed
from dl_engine.export.scripts.torch_parts import constants, imports, optimizer, read_steps, tolerance_text
from dl_engine.models.recurrent import CELLS
from dl_engine.training import recurrent_experiment as rx
from dl_engine.training import recurrent_tasks as tasks

CHECKED_STEPS = 10   # the steps tests/unit/test_export_script_recurrent.py compares
_GENERATED_EVAL = '''

def eval_sets(seed):
    """Fixed "train" and "test" batches for the metrics, seeded apart from the training stream."""
    return {"train": batch(np.random.default_rng([seed, 1]), EVAL_ROWS),
            "test": batch(np.random.default_rng([seed, 2]), EVAL_ROWS)}
'''
_TASKS = {
    "language_model": '''
VOCAB = tuple(dict.fromkeys(TEXT))   # characters in order of first appearance
IDS = np.array([VOCAB.index(ch) for ch in TEXT], dtype=np.int64)


def char_windows(rng, size, length, starts=None):
    """Windows of the text: x (B, T, V) one-hot characters, y (B, T) the index of the next one."""
    T = min(length, len(IDS) - 1)
    if starts is None:
        starts = rng.integers(0, len(IDS) - T, size=size)
    rows = starts[:, None] + np.arange(T + 1)[None, :]
    seq = IDS[rows]
    return np.eye(len(VOCAB), dtype=np.float32)[seq[:, :-1]], seq[:, 1:]


def batch(rng, size):
    return char_windows(rng, size, SEQ_LEN)


def eval_sets(seed):
    """Every window of the text, in order (the same set is "train" and "test")."""
    T = min(SEQ_LEN, len(TEXT) - 1)
    starts = np.arange(0, len(TEXT) - T)[:EVAL_ROWS]
    windows = char_windows(None, len(starts), T, starts=starts)
    return {"train": windows, "test": windows}
''',
    "forecast": "{sine_batch}\n\n\ndef batch(rng, size):\n    return sine_batch(rng, size, SEQ_LEN, NOISE)\n"
                + _GENERATED_EVAL,
    "remember_first": "{remember_first_batch}\n\n\ndef batch(rng, size):\n"
                      "    return remember_first_batch(rng, size, SEQ_LEN, OUTPUT_SIZE, DISTRACTORS)\n"
                      + _GENERATED_EVAL,
    "adding": "{adding_batch}\n\n\ndef batch(rng, size):\n    return adding_batch(rng, size, SEQ_LEN)\n"
              + _GENERATED_EVAL,
    "sentiment": '''

def one_hot_sentences(pairs):
    """Sentences → x (N, T, V) one-hot words, zero-padded at the front (the last step is the last
    word), and labels y (N,)."""
    index = {w: i for i, w in enumerate(WORDS)}
    ids = np.array([[0] * (MAX_WORDS - len(s.split())) + [index[w] for w in s.split()] for s, _ in pairs])
    x = np.eye(len(WORDS), dtype=np.float32)[ids]
    x[ids == 0] = 0   # padding steps are all-zero inputs
    return x, np.array([label for _, label in pairs], dtype=np.int64)


TRAIN_SET, TEST_SET = one_hot_sentences(TRAIN_SENTENCES), one_hot_sentences(TEST_SENTENCES)


def batch(rng, size):
    rows = rng.integers(0, len(TRAIN_SET[1]), size)
    return TRAIN_SET[0][rows], TRAIN_SET[1][rows]


def eval_sets(seed):
    return {"train": TRAIN_SET, "test": TEST_SET}
''',
}

_CELL_BASE = '''
class Cell(nn.Module):
    """Parameters in PyTorch's layout: weight_ih (k·H, I), weight_hh (k·H, H), bias_ih and bias_hh (k·H,)."""
    chunks = 1

    def __init__(self, input_size, hidden_size):
        super().__init__()
        self.hidden_size = hidden_size
        k, H = self.chunks, hidden_size
        self.weight_ih = nn.Parameter(torch.empty(k * H, input_size))
        self.weight_hh = nn.Parameter(torch.empty(k * H, H))
        self.bias_ih = nn.Parameter(torch.empty(k * H))
        self.bias_hh = nn.Parameter(torch.empty(k * H))
        bound = 1.0 / math.sqrt(H)   # torch.nn's default initialisation
        for p in self.parameters():
            nn.init.uniform_(p, -bound, bound)

    def project_input(self, x):
        """W_ih x + b_ih for every time step at once: (B, T, I) → (B, T, k·H)."""
        return x @ self.weight_ih.T + self.bias_ih

    def initial_state(self, batch, like):
        return (like.new_zeros(batch, self.hidden_size),)
'''
_CELLS = {
    "rnn": '''
class RNNCell(Cell):
    """h_t = f(W_x x_t + W_h h_{t-1} + b_h), f = NONLINEARITY."""

    def step(self, xp, state):
        (h,) = state
        a = xp + h @ self.weight_hh.T + self.bias_hh
        h = torch.tanh(a) if NONLINEARITY == "tanh" else torch.relu(a)
        return (h,)
''',
    "lstm": '''
class LSTMCell(Cell):
    """Forget f, input i, candidate C~, output o (rows stacked i, f, C~, o as in nn.LSTM); state (h, C)."""
    chunks = 4

    def __init__(self, input_size, hidden_size):
        super().__init__(input_size, hidden_size)
        with torch.no_grad():   # b_f = FORGET_BIAS > 0: the cell starts out remembering
            self.bias_ih[hidden_size:2 * hidden_size] += FORGET_BIAS

    def initial_state(self, batch, like):
        zeros = like.new_zeros(batch, self.hidden_size)
        return (zeros, zeros)

    def step(self, xp, state):
        h, c = state
        a_i, a_f, a_g, a_o = (xp + h @ self.weight_hh.T + self.bias_hh).chunk(4, dim=-1)   # each (B, H)
        f = torch.sigmoid(a_f)
        i = torch.sigmoid(a_i)
        c_tilde = torch.tanh(a_g)
        o = torch.sigmoid(a_o)
        c = f * c + i * c_tilde
        h = o * torch.tanh(c)
        return (h, c)
''',
    "gru": '''
class GRUCell(Cell):
    """The notes' GRU: h~ = tanh(W·[r ⊙ h, x] + b), h = (1 − z) ⊙ h + z ⊙ h~ (rows stacked r, z, h~).

    nn.GRU differs: its z is this 1 − z, and it applies r after the product with W_hn."""
    chunks = 3

    def step(self, xp, state):
        (h,) = state
        H = self.hidden_size
        w = self.weight_hh
        x_r, x_z, x_n = xp.chunk(3, dim=-1)
        b_r, b_z, b_n = self.bias_hh.chunk(3)
        h_rz = h @ w[:2 * H].T   # (B, 2H)
        r = torch.sigmoid(x_r + h_rz[:, :H] + b_r)
        z = torch.sigmoid(x_z + h_rz[:, H:] + b_z)
        h_tilde = torch.tanh(x_n + (r * h) @ w[2 * H:].T + b_n)
        h = (1 - z) * h + z * h_tilde
        return (h,)
''',
}
_MODEL = '''
CELL_CLASSES = {cell_classes}


class Recurrent(nn.Module):
    """LAYERS stacked cells ("l0", "l0_rev", "l1", …), each direction unrolled over the sequence."""

    def __init__(self, cell, input_size):
        super().__init__()
        cells = {{}}
        for layer in range(LAYERS):
            size = input_size if layer == 0 else HIDDEN * DIRECTIONS
            for reverse in range(DIRECTIONS):
                cells[f"l{{layer}}{{'_rev' if reverse else ''}}"] = CELL_CLASSES[cell](size, HIDDEN)
        self.cells = nn.ModuleDict(cells)

    def forward(self, x):
        """x (B, T, I) → (outputs (B, T, H·DIRECTIONS) of the top layer, its final h per direction)."""
        B, T, _ = x.shape
        layer_input = x
        for layer in range(LAYERS):
            outs, finals = [], []
            for reverse in range(DIRECTIONS):
                cell = self.cells[f"l{{layer}}{{'_rev' if reverse else ''}}"]
                state = cell.initial_state(B, x)
                xp = cell.project_input(layer_input)   # (B, T, k·H)
                order = range(T - 1, -1, -1) if reverse else range(T)
                hs = [None] * T
                for n, t in enumerate(order):
                    if TRUNCATE and n and n % TRUNCATE == 0:   # truncated BPTT: cut the graph here
                        state = tuple(part.detach() for part in state)
                    state = cell.step(xp[:, t], state)
                    hs[t] = state[0]
                outs.append(torch.stack(hs, dim=1))
                finals.append(state[0])
            layer_input = torch.cat(outs, dim=-1)
        return layer_input, torch.cat(finals, dim=-1)


class SequenceModel(nn.Module):
    """Recurrent layers + a linear read-out at every step (many-to-many) or after the last (many-to-one)."""

    def __init__(self, cell):
        super().__init__()
        self.rnn = Recurrent(cell, INPUT_SIZE)
        self.head = nn.Linear(HIDDEN * DIRECTIONS, OUTPUT_SIZE)

    def forward(self, x):
        """x (B, T, INPUT_SIZE) → logits (B, OUTPUT_SIZE) if MANY_TO_ONE else (B, T, OUTPUT_SIZE)."""
        outputs, final = self.rnn(x)
        return self.head(final if MANY_TO_ONE else outputs)
'''
_TRAIN = '''
def loss_fn(logits, y):
    if CLASSIFY:
        return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))
    return F.mse_loss(logits, y)


@torch.no_grad()
def evaluate(model, x, y):
    """Loss, and accuracy for a classification task, on one fixed set."""
    model.eval()
    logits = model(x)
    model.train()
    metrics = {{"loss": float(loss_fn(logits, y))}}
    if CLASSIFY:
        metrics["acc"] = float((logits.argmax(-1) == y).float().mean())
    return metrics


def main():
{read_steps}
    models, optimizers = {{}}, {{}}
    for cell in CELLS:
        torch.manual_seed(SEED)   # as the page: each network draws its initial weights from the seed
        models[cell] = SequenceModel(cell)
        optimizers[cell] = {optimizer}
    rng = np.random.default_rng(SEED)   # the training batches (every network sees the same ones)
    for step in range(1, steps + 1):
        x, y = (torch.as_tensor(a) for a in batch(rng, BATCH_SIZE))
        losses = {{}}
        for cell, model in models.items():
            model.train()
            optimizers[cell].zero_grad(set_to_none=True)
            loss = loss_fn(model(x), y)
            loss.backward()
{clip}            optimizers[cell].step()
            losses[cell] = loss.item()
        {report}
    x, y = (torch.as_tensor(a) for a in eval_sets(SEED)["test"])
    for cell, model in models.items():
        print(cell, " ".join(f"test_{{k}} {{v:.6f}}" for k, v in evaluate(model, x, y).items()))


if __name__ == "__main__":
    main()
'''
_CLIPS = {"none": "", "norm": "            nn.utils.clip_grad_norm_(model.parameters(), CLIP_THRESHOLD)\n",
          "value": "            nn.utils.clip_grad_value_(model.parameters(), CLIP_THRESHOLD)\n"}
_ONE = 'print(f"step {step} loss {losses[CELLS[0]]:.9g}")'
_COMPARE = ('# the page charts the mean of the three losses\n'
            '        print(f"step {step} loss {float(np.mean(list(losses.values()))):.9g}")\n'
            '        print("    " + " · ".join(f"{cell} {value:.6g}" for cell, value in losses.items()))')


def _task_constants(config: rx.RecurrentConfig, task: tasks.Task) -> dict:
    values = {"SEQ_LEN": config.seq_len, "INPUT_SIZE": task.input_size, "OUTPUT_SIZE": task.output_size,
              "MANY_TO_ONE": task.many_to_one, "CLASSIFY": task.classify, "EVAL_ROWS": tasks.EVAL_ROWS}
    if config.task == "language_model":
        values["TEXT"] = task.corpus.text
    elif config.task == "forecast":
        values["NOISE"] = config.noise
    elif config.task == "remember_first":
        values["DISTRACTORS"] = task.distractors
    elif config.task == "sentiment":
        values |= {"WORDS": task.train_set.words, "MAX_WORDS": task.train_set.x.shape[1],
                   "TRAIN_SENTENCES": text.SENTIMENT, "TEST_SENTENCES": text.TEST_SENTIMENT}
    return values


def write_script(config: rx.RecurrentConfig, seed: int) -> str:
    problem = rx.config_problem(config)
    if problem:
        raise rx.ConfigError(problem)
    task = rx.make_task(config)
    cells = tuple(CELLS) if config.compare else (config.cell,)
    title = (f"Recurrent nets (/recurrent){', compare mode' if config.compare else ''}, exported from the "
             "deep-learning playground as plain PyTorch.")
    notes = ["The page's weights file loads into SequenceModel: "
             + ("model.load_state_dict(safetensors.torch.load_file(path))." if not config.compare else
                "its tensors are named '<cell>.<parameter>' (e.g. 'lstm.head.weight'), a model per cell."),
             "Gates clamped on the page are what-ifs of its pictures and not part of this script."]
    task_code = _TASKS[config.task]
    for name in ("sine_batch", "remember_first_batch", "adding_batch"):   # the engine's generators, verbatim
        task_code = task_code.replace("{%s}" % name, embed.source(getattr(sequences, name)).strip())
    settings = {"SEED": seed, "CELLS": cells, "LR": config.lr, "BATCH_SIZE": config.batch_size,
                "HIDDEN": config.hidden_size, "LAYERS": config.num_layers,
                "DIRECTIONS": 2 if config.bidirectional else 1, "TRUNCATE": config.truncate or None}
    if "rnn" in cells:
        settings["NONLINEARITY"] = config.nonlinearity
    if "lstm" in cells:
        settings["FORGET_BIAS"] = rx.FORGET_BIAS
    if config.clip != "none":
        settings["CLIP_THRESHOLD"] = config.clip_threshold
    settings |= _task_constants(config, task)
    return "\n\n\n".join([
        embed.header(title, config, seed, tolerance_text(CHECKED_STEPS), tuple(notes)) + imports("math").rstrip(),
        constants(**settings).rstrip(),
        task_code.strip(),
        _CELL_BASE.strip(),
        *(_CELLS[cell].strip() for cell in cells),
        _MODEL.format(cell_classes="{" + ", ".join(f'"{c}": {c.upper()}Cell' for c in cells) + "}").strip(),
        _TRAIN.format(read_steps=read_steps(20 * rx.STEPS_PER_EPOCH).rstrip("\n"),
                      optimizer=optimizer(config.optimizer, "models[cell].parameters()"),
                      clip=_CLIPS[config.clip], report=_COMPARE if config.compare else _ONE).strip(),
    ]) + "\n"

