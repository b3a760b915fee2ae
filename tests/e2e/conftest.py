"""Browser-test fixtures: a real `streamlit run app.py` on a free port, and Debian's Chromium.

Browser tests skip, saying how to enable them, where Chromium or Playwright is missing.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _missing_browser() -> str | None:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return (f"browser tests need Debian's Chromium at {CHROMIUM}: run `sudo apt-get install -y chromium` "
                "(or set CHROMIUM=/path/to/chromium) to enable them")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "browser tests need the playwright package: pip install -r requirements-dev.txt"
    return None


def pytest_collection_modifyitems(config, items):
    reason = _missing_browser()
    if reason:
        for item in items:
            if "browser" in item.keywords:
                item.add_marker(pytest.mark.skip(reason=reason))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_streamlit(script: Path, port: int) -> subprocess.Popen:
    """Start `streamlit run script` headless on 127.0.0.1:port and wait until it answers."""
    cmd = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
           "--server.address", "127.0.0.1", "--server.headless", "true",
           "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    log = tempfile.NamedTemporaryFile(prefix="streamlit-", suffix=".log", delete=False)
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
            return proc
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError(f"streamlit did not start; see {log.name}:\n{Path(log.name).read_text()[-2000:]}")


@pytest.fixture(scope="session")
def app_url():
    """Base URL of the app (pages at f"{app_url}/<url_path>")."""
    if _missing_browser():
        pytest.skip(_missing_browser())
    port = _free_port()
    proc = start_streamlit(ROOT / "app.py", port)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="module")
def demo_url():
    """The small live demo page (tiny MLP on XOR: loss curve + 60×60 heatmap), served alone."""
    if _missing_browser():
        pytest.skip(_missing_browser())
    port = _free_port()
    proc = start_streamlit(Path(__file__).with_name("live_demo_app.py"), port)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="session")
def browser_context():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            tempfile.mkdtemp(prefix="chromium-"), executable_path=CHROMIUM, args=CHROMIUM_ARGS,
            headless=True, viewport={"width": 1400, "height": 1000})
        yield context
        context.close()


@pytest.fixture
def page(browser_context):
    """A fresh Chromium tab; closed after the test."""
    tab = browser_context.new_page()
    tab.set_default_timeout(60_000)
    yield tab
    tab.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Folder for screenshots the browser tests save."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def wait_for_app(tab) -> None:
    """Wait until Streamlit has finished running the page script: the app's script state (the
    attribute Streamlit's own browser tests read; its status widget shows no text while running).
    A rerun the browser has asked for but not yet begun is not waited for: wait for what it does."""
    tab.wait_for_selector("[data-testid='stApp']")
    tab.wait_for_function(
        "() => ['notRunning', 'compilationError'].includes("
        "document.querySelector('[data-testid=\"stApp\"]').dataset.testScriptState)",
        timeout=90_000)


@pytest.fixture
def open_page(page, app_url):
    """open_page("mlp") → the tab, on that page, once Streamlit has drawn it."""
    def go(url_path: str):
        page.goto(f"{app_url}/{url_path}")
        wait_for_app(page)
        return page
    return go
