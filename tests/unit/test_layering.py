"""The architecture's import rules (DESIGN.md): the engine never imports Streamlit; pages hold no torch."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def engine_files():
    return [p for p in (ROOT / "dl_engine").rglob("*.py") if "ui" not in p.relative_to(ROOT / "dl_engine").parts[:1]]


def test_engine_never_imports_streamlit():
    offenders = [str(p.relative_to(ROOT)) for p in engine_files() if "streamlit" in imported_modules(p)]
    assert offenders == [], f"only dl_engine/ui, playgrounds/ and app.py may import streamlit: {offenders}"


def test_core_engine_never_imports_plotly():
    core = [p for p in engine_files() if p.relative_to(ROOT / "dl_engine").parts[0] != "viz"]
    offenders = [str(p.relative_to(ROOT)) for p in core if "plotly" in imported_modules(p)]
    assert offenders == [], f"figures belong in dl_engine/viz: {offenders}"


def test_pages_hold_no_torch_or_numpy_math():
    pages = list((ROOT / "playgrounds").glob("*.py")) + [ROOT / "app.py"]
    offenders = [str(p.relative_to(ROOT)) for p in pages if {"torch", "numpy"} & imported_modules(p)]
    assert offenders == [], f"pages are thin: math lives in dl_engine: {offenders}"


def test_every_page_file_is_registered_in_the_router():
    from dl_engine.ui.catalog import PLAYGROUNDS
    listed = {p.file for p in PLAYGROUNDS} | {"playgrounds/home.py"}
    on_disk = {f"playgrounds/{p.name}" for p in (ROOT / "playgrounds").glob("*.py")}
    assert on_disk == listed, "playgrounds/ and dl_engine/ui/catalog.py must list the same pages"
    assert len({p.url_path for p in PLAYGROUNDS}) == len(PLAYGROUNDS)


def test_export_sits_between_training_and_the_ui():
    export = list((ROOT / "dl_engine" / "export").rglob("*.py"))
    assert export
    offenders = []
    for path in export:
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(("dl_engine.ui", "dl_engine.viz",
                                                                                           "dl_engine.presets")):
                offenders.append(f"{path.relative_to(ROOT)}: {node.module}")
    assert offenders == [], f"dl_engine/export reads experiments and runs, never the UI or figures: {offenders}"
