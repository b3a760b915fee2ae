"""A served page in Debian's Chromium for the browser benchmarks."""
from __future__ import annotations

import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, _free_port, start_streamlit


@contextmanager
def served_page(script: Path, width: int = 1600, height: int = 1600) -> Iterator[tuple[object, str]]:
    """(Playwright page, base URL) of `streamlit run script` on a free port, in a width × height window.

    1600 × 1600 shows all five charts of the MLP page, so none skips its updates for being out of view.
    """
    from playwright.sync_api import sync_playwright
    port = _free_port()
    server = start_streamlit(script, port)
    try:
        with sync_playwright() as p:
            context = p.chromium.launch_persistent_context(tempfile.mkdtemp(), executable_path=CHROMIUM,
                                                           args=CHROMIUM_ARGS, headless=True,
                                                           viewport={"width": width, "height": height})
            page = context.new_page()
            page.set_default_timeout(90_000)
            yield page, f"http://127.0.0.1:{port}"
            context.close()
    finally:
        server.terminate()
