"""The Train-a-CNN page as a plain PyTorch script: the images, the conv net written out, the same
split, initial weights (torch.manual_seed as the run seeds it), batch order and optimiser."""
from __future__ import annotations

from dl_engine.data import images
from dl_engine.export.errors import ExportError
from dl_engine.export.scripts import embed
from dl_engine.export.scripts.torch_parts import constants, imports, optimizer, read_steps, tolerance_text
from dl_engine.training.cnn_experiment import TEST_FRACTION, load_dataset
from dl_engine.models.cnn_arch import CNNConfig, check_config, layer_table

MAX_EMBEDDED_CHARS = 1_500_000   # an uploaded set travels inside the script only up to this size
_ACTIVATIONS = {"relu": "nn.ReLU()", "leaky_relu": "nn.LeakyReLU(0.01)", "elu": "nn.ELU()",
                "tanh": "nn.Tanh()", "sigmoid": "nn.Sigmoid()", "linear": "nn.Identity()"}

CHECKED_STEPS = 10   # the steps tests/unit/test_export_script_cnn.py compares
_DIGITS = '''
def load_images():
    """scikit-learn's 8x8 digits as the page reads them: X (N, 1, 8, 8) float32 in [0, 1], y (N,)."""
    return (DIGIT_PIXELS / 16.0).astype(np.float32), DIGIT_LABELS
'''
_SHAPES = '''
def load_images(n_per_class=150, size=28, noise=0.15, seed=0):
    """The page's generated shapes (always from seed 0): X (N, 1, 28, 28) float32 in [0, 1], y (N,)."""
    rng = np.random.default_rng(seed)
    rr, cc = _grid(size)
    X = np.empty((n_per_class * len(SHAPE_CLASSES), 1, size, size), dtype=np.float32)
    y = np.repeat(np.arange(len(SHAPE_CLASSES)), n_per_class)
    for n, k in enumerate(y):
        shift = rng.uniform(-size / 8, size / 8, 2)
        r = rng.uniform(size * 0.2, size * 0.32)
        t = rng.uniform(0.8, 1.6) * size / 28
        img = _draw(SHAPE_CLASSES[k], rr, cc, size / 2 + shift[0], size / 2 + shift[1], r, t)
        X[n, 0] = img + rng.normal(0, noise, (size, size))
    return np.clip(X, 0, 1), y.astype(np.int64)
'''
_UPLOAD = '''
def load_images():
    """The page's uploaded images: X (N, C, H, W) float32 in [0, 1], y (N,)."""
    return IMAGES, LABELS
'''
_TRAIN = '''
@torch.no_grad()
def evaluate(model, x, y):
    """Loss and accuracy on (x, y) with the model in eval mode (dropout off, batch-norm statistics fixed)."""
    model.eval()
    logits = model(x)
    model.train()
    return float(F.cross_entropy(logits, y)), float((logits.argmax(1) == y).float().mean())


def main():
{read_steps}
    torch.manual_seed(SEED)   # the page seeds torch first: the layers draw their initial weights from it
    X, y = load_images()
    train, test = stratified_split(y, TEST_FRACTION, SEED)
    x_train, y_train = torch.from_numpy(X[train]), torch.from_numpy(y[train])
    x_test, y_test = torch.from_numpy(X[test]), torch.from_numpy(y[test])
    model = CNN()
    optimizer = {optimizer}
    batches = torch.Generator().manual_seed(SEED)   # its own generator: a fresh shuffle every epoch
    order, cursor = torch.empty(0, dtype=torch.long), 0
    model.train()
    for step in range(1, steps + 1):
        if cursor >= len(order):
            order, cursor = torch.randperm(len(y_train), generator=batches), 0
        idx = order[cursor:cursor + BATCH_SIZE]
        cursor += BATCH_SIZE
        optimizer.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x_train[idx]), y_train[idx])
        loss.backward()
        optimizer.step()
        print(f"step {{step}} loss {{loss.item():.9g}}")
    test_loss, test_acc = evaluate(model, x_test, y_test)
    print(f"test_loss {{test_loss:.6f}} test_acc {{test_acc:.4f}}")


if __name__ == "__main__":
    main()
'''


def _data_code(config: CNNConfig) -> str:
    """The constants and `load_images()` that give the page's whole image set."""
    if config.dataset == "digits":
        data = images.digits()
        pixels = (data.X * 16).round().astype("uint8")   # the digits are whole counts 0…16 of 16
        return (f"DIGIT_PIXELS = {embed.array_code(pixels)}\nDIGIT_LABELS = {embed.array_code(data.y)}\n"
                + _DIGITS)
    if config.dataset == "shapes":
        return (f"SHAPE_CLASSES = {images.SHAPE_CLASSES!r}\n\n\n"
                + embed.source(images._grid, images._draw) + "\n" + _SHAPES)
    data = load_dataset(config.dataset)
    code = f"IMAGES = {embed.array_code(data.X, 'float32')}\nLABELS = {embed.array_code(data.y, 'int64')}\n"
    if len(code) > MAX_EMBEDDED_CHARS:
        raise ExportError(f"This upload is too large to travel inside a script ({data.X.nbytes / 1e6:.1f} MB "
                          "of pixels); export the digits or shapes, or upload fewer or smaller images.")
    return code + _UPLOAD


def _model_code(config: CNNConfig, in_shape: tuple[int, int, int], n_classes: int) -> str:
    """class CNN: the page's layers under the page's names (its weights files load into it)."""
    init, c = [], in_shape[0]
    for i, b in enumerate(config.blocks(), start=1):
        init.append(f"self.conv{i} = nn.Conv2d({c}, {b['filters']}, kernel_size={b['kernel']}, "
                    f"stride={b['stride']}, padding={b['padding']})")
        c = b["filters"]
        if b["batch_norm"]:
            init.append(f"self.bn{i} = nn.BatchNorm2d({c})")
        init.append(f"self.act{i} = {_ACTIVATIONS[b['activation']]}")
        if b["pool"] != "none":
            init.append(f"self.pool{i} = nn.{'MaxPool2d' if b['pool'] == 'max' else 'AvgPool2d'}({b['pool_size']})")
        if b["dropout"] > 0:
            init.append(f"self.drop{i} = nn.Dropout({b['dropout']!r})")
    forward, width = [], 0   # width: features into the next dense layer
    for row in layer_table(config, in_shape, n_classes)[1:]:
        shape = "  # (B, " + ", ".join(map(str, row.shape)) + ")"
        if row.name == "flatten":
            forward.append("x = x.flatten(1)" + shape)
        elif row.name.startswith("fc"):
            init.append(f"self.{row.name} = nn.Linear({width}, {row.shape[0]})")
            forward.append(f"x = torch.relu(self.{row.name}(x))" + shape)
        elif row.name == "out":
            init.append(f"self.out = nn.Linear({width}, {row.shape[0]})")
            forward.append("return self.out(x)" + shape + " logits")
        else:
            forward.append(f"x = self.{row.name}(x)" + shape)
        width = row.shape[0]
    c, h, w = in_shape
    return ("class CNN(nn.Module):\n"
            '    """Conv blocks (conv, [batch norm], activation, [pool], [dropout]), then dense ReLU layers."""\n\n'
            "    def __init__(self):\n        super().__init__()\n"
            + "".join(f"        {line}\n" for line in init)
            + f"\n    def forward(self, x):\n        \"\"\"x (B, {c}, {h}, {w}) → logits (B, {n_classes}).\"\"\"\n"
            + "".join(f"        {line}\n" for line in forward))


def write_script(config: CNNConfig, seed: int) -> str:
    check_config(config)
    data = load_dataset(config.dataset)
    train, _ = images.stratified_split(data.y, TEST_FRACTION, seed)
    epoch = -(-len(train) // config.batch_size)   # steps per epoch, as the page counts them
    embedding = () if config.dataset == "shapes" else ("base64", "zlib")   # shapes are regenerated, not embedded
    title = "Train a CNN (/cnn), exported from the deep-learning playground as plain PyTorch."
    notes = (tolerance_text(CHECKED_STEPS),
             "The page's weights file loads into CNN: model.load_state_dict(safetensors.torch.load_file(path)).",
             "Filters frozen or overwritten on the page during training are not part of this script.")
    return "\n\n\n".join([
        embed.header(title, config, seed, notes[0], notes[1:]) + imports(*embedding).rstrip(),
        constants(SEED=seed, LR=config.lr, BATCH_SIZE=config.batch_size, TEST_FRACTION=TEST_FRACTION).rstrip(),
        _data_code(config).strip(),
        embed.source(images.stratified_split).strip(),
        _model_code(config, data.shape, len(data.class_names)).rstrip(),
        _TRAIN.format(read_steps=read_steps(config.epochs * epoch).rstrip("\n"),
                      optimizer=optimizer(config.optimizer)).strip(),
    ]) + "\n"
