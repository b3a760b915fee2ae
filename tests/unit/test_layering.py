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


# The engine's packages from the bottom up: each imports only from packages before it (or itself).
# config, device and seeding are single modules every layer may use.
LAYERS = (("config", "device", "seeding"), ("data",), ("models",), ("training",), ("export",), ("presets",),
          ("viz",), ("ui",))
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}


def engine_imports(source: str, package: str) -> list[str]:
    """The dl_engine modules that `source`, a module of `package`, imports (absolute and relative)."""
    tree = ast.parse(source)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1] + ([base] if base else []))
            found += [f"{base}.{alias.name}" if base == "dl_engine" else base for alias in node.names]
    return [name for name in found if name.startswith("dl_engine.")]


def layer_of(module: str) -> str:
    return module.split(".")[1]


def test_every_engine_package_has_a_layer():
    packages = {p.name for p in (ROOT / "dl_engine").iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    modules = {p.stem for p in (ROOT / "dl_engine").glob("*.py") if p.stem != "__init__"}
    assert packages | modules <= set(RANK), f"add these to LAYERS: {(packages | modules) - set(RANK)}"


def test_packages_import_only_downwards():
    """data → models → training → export → presets → viz → ui → playgrounds: never the other way."""
    offenders = []
    for path in (ROOT / "dl_engine").rglob("*.py"):
        own = path.relative_to(ROOT / "dl_engine").parts[0].removesuffix(".py")
        if own == "__init__":
            continue
        package = ".".join(path.relative_to(ROOT).parts[:-1])
        for module in engine_imports(path.read_text(), package):
            if RANK[layer_of(module)] > RANK[own]:
                offenders.append(f"{path.relative_to(ROOT)} ({own}) imports {module}")
    assert offenders == [], "\n".join(offenders)


def test_the_layer_check_sees_upward_and_relative_imports():
    source = "from dl_engine.training.run import TrainingRun\nfrom ..viz import payload\nimport dl_engine.ui.live\n"
    found = engine_imports(source, "dl_engine.models")
    assert [layer_of(m) for m in found] == ["training", "viz", "ui"]
