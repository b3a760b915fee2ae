"""Every example in assets/ is accepted by the parser of the uploader it sits beside, and is small."""
import io
import zipfile

from dl_engine.data import image_uploads, perceptron_data, text
from dl_engine.data.csv_points import parse_labelled_points
from dl_engine.ui.upload_examples import ASSETS, EXAMPLES, example_bytes


def test_the_points_example_suits_the_mlp_and_the_perceptron():
    pts = parse_labelled_points(example_bytes("points"))
    assert len(pts.y) == 60 and pts.class_names == ["0", "1"] and pts.feature_names == ("x1", "x2")
    points, names = perceptron_data.points_from_csv(example_bytes("points"))
    assert len(points) == 3 * 60 and names == ["0", "1"]


def test_the_zip_example_is_three_class_folders():
    data = image_uploads.read_zip_folder(example_bytes("zip"))
    assert data.class_names == ("circle", "square", "triangle") and data.X.shape == (15, 1, 28, 28)
    assert all(name.startswith("shapes/") for name in zipfile.ZipFile(io.BytesIO(example_bytes("zip"))).namelist())


def test_the_text_and_image_examples_parse():
    raw = example_bytes("text").decode("utf-8")
    assert text.clean_text(raw) == " ".join(raw.split())
    img = image_uploads.read_image(example_bytes("image"), max_side=64)
    assert img.shape == (1, 64, 64) and img.min() < 0.2 and img.max() > 0.9   # dark ink on white


def test_examples_are_tiny_and_every_kind_has_one():
    assert set(EXAMPLES) == {"points", "zip", "text", "image"}
    sizes = {kind: len(example_bytes(kind)) for kind in EXAMPLES}
    assert sum(sizes.values()) < 50_000, sizes
    assert (ASSETS / "make_examples.py").exists(), "the script that writes them is committed beside them"
