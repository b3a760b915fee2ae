"""Browser: a lecturer's journeys on every training page, read from the charts themselves.

Each chart says which run and step it shows (data-run, data-step, set by live_chart.js when it
draws), so these tests check what the *charts* show, not only the text around them.
"""
import re
import time
from urllib.parse import parse_qs, urlparse

import pytest

from tests.e2e.conftest import wait_for_app

pytestmark = pytest.mark.browser

# One setting per page, off its default, given in the link: (query key, value, sidebar title).
PAGES = {
    "perceptron": ("lr", "0.35", "Perceptron"),
    "mlp": ("lr", "0.3", "MLP playground"),
    "cnn": ("batch_size", "48", "Train a CNN"),
    "recurrent": ("hidden_size", "9", "Recurrent nets"),
    "gradients": ("depth", "7", "Gradient lab"),
    "seq2seq": ("hidden", "32", "Seq2seq"),
    "transformer": ("n_layers", "1", "Tiny transformer"),
    "optimiser_race": ("steps", "400", "Optimiser race"),
    "network_race": ("steps", "400", "Optimiser race on a network"),
    "autoencoder": ("hidden", "64", "Autoencoder and VAE"),
    "loss_activation_bench": ("hidden", "48", "Loss and activation bench"),
    "gan": ("d_steps", "3", "GAN: generator vs discriminator"),
    "overfitting_lab": ("depth", "3", "Overfitting lab"),
}
CHARTS = """() => [...document.querySelectorAll('.dl-live-chart')].map((g) => (
    {title: g.dataset.title, run: g.dataset.run, step: +g.dataset.step, updates: +g.dataset.updates}))"""
# Scrolls chart i into view (a chart out of view skips updates) and tells what it shows, and
# whether it has drawn every figure it received.
SHOW = """(i) => { const g = document.querySelectorAll('.dl-live-chart')[i];
    g.scrollIntoView({block: 'center'});
    return {run: g.dataset.run, step: +g.dataset.step, idle: !g.chart.pending}; }"""


def settled_charts(page, until=lambda chart: True, timeout: float = 60) -> list[dict]:
    """What every live chart shows ({run, step}), each scrolled into view until it has drawn all
    it received and `until(chart)` holds; fails naming the chart that never got there."""
    page.wait_for_function("() => document.querySelectorAll('.dl-live-chart').length > 0")
    n = page.evaluate("() => document.querySelectorAll('.dl-live-chart').length")
    shown = []
    for i in range(n):
        deadline = time.monotonic() + timeout
        while True:
            seen = page.evaluate(SHOW, i)
            if seen.pop("idle") and seen["run"] and until(seen):
                break
            assert time.monotonic() < deadline, f"chart {i} of {n} shows {seen}"
            time.sleep(0.2)
        shown.append(seen)
    return shown


def no_exception(page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0, page.inner_text("[data-testid='stMain']")[:2000]
    assert "Traceback" not in page.inner_text("[data-testid='stMain']")


def query(url: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}


def address_becomes(page, address: dict, timeout: float = 60) -> dict:
    """The address's settings once they are `address`, or as they are after `timeout` seconds.
    Streamlit opens a page from the sidebar at its bare path; the page's script writes its settings
    back a moment later (sync_url, after its sidebar), longer on a busy machine."""
    from playwright.sync_api import TimeoutError as Timeout
    try:
        page.wait_for_url(lambda url: query(url) == address, timeout=timeout * 1000)
    except Timeout:   # the caller's assertion names what the address holds instead
        pass
    return query(page.url)


def nav(page, title: str, url_path: str) -> None:
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=re.compile(title)).first.click()
    page.wait_for_url(re.compile(rf"/{url_path}(\?|$)"))
    wait_for_app(page)


def choose_preset(page, name: str):
    """Pick a preset in the Preset box (choosing loads it); returns the box."""
    box = page.locator("[data-testid='stSelectbox']").filter(has_text="Preset").first
    field = box.locator("input")
    field.click()
    for _ in range(5):   # a box still focused from the last choice does not open on a click
        if page.get_by_role("listbox").count():
            break
        field.press("ArrowDown")
        time.sleep(0.5)
    page.get_by_role("option", name=re.compile(name)).first.click()
    deadline = time.monotonic() + 60
    while not re.search(name, field.input_value()):   # the box shows it (its rerun may not have begun)
        assert time.monotonic() < deadline, f"the Preset box still shows {field.input_value()!r}"
        time.sleep(0.2)
    wait_for_app(page)
    return box


def train_for_a_while(page) -> None:
    """Train, watch for two seconds, pause."""
    page.get_by_role("button", name="Train", exact=True).click()
    pause = page.get_by_role("button", name="Pause", exact=True)
    try:
        pause.wait_for()
    except Exception as err:  # say what the page showed instead
        raise AssertionError(page.inner_text("[data-testid='stMain']")[:1500]) from err
    time.sleep(2)
    pause.click()
    wait_for_app(page)


def step_once(page) -> None:
    page.get_by_role("button", name="Step", exact=True).first.click()
    wait_for_app(page)


@pytest.mark.parametrize("url_path", list(PAGES))
def test_leave_return_reset_reload_and_share_keep_the_settings_and_the_charts(url_path, page, app_url,
                                                                               browser_context, artifacts):
    key, value, title = PAGES[url_path]
    page.goto(f"{app_url}/{url_path}?{key}={value}")
    wait_for_app(page)
    step_once(page)
    first = settled_charts(page, lambda chart: chart["step"] >= 1)
    run = first[0]["run"]
    assert {c["run"] for c in first} == {run}, first
    address = query(page.url)
    assert address[key] == value, "the address names the page's settings"

    nav(page, "Home", "")               # away through the sidebar …
    nav(page, title, url_path)          # … and back
    no_exception(page)
    assert address_becomes(page, address) == address, "the address after returning"
    back = settled_charts(page, lambda chart: chart["run"] == run)   # the run that waited
    assert back == first

    page.get_by_role("button", name="Reset", exact=True).first.click()
    wait_for_app(page)
    reset = settled_charts(page, lambda chart: chart["run"] != run and chart["step"] == 0)
    assert {c["run"] for c in reset} == {reset[0]["run"]}, reset

    page.reload()
    wait_for_app(page)
    no_exception(page)
    assert query(page.url) == address, "a reload keeps the settings"

    shared = browser_context.new_page()   # a copied link, opened in a new session
    shared.set_default_timeout(60_000)
    try:
        shared.goto(page.url)
        wait_for_app(shared)
        no_exception(shared)
        assert query(shared.url) == address
        settled_charts(shared)
        shared.screenshot(path=str(artifacts / f"journey_{url_path}_shared.png"), full_page=True)
    finally:
        shared.close()


@pytest.mark.parametrize("url_path, first, second", [
    ("mlp", "XOR needs a hidden layer", "Spiral"),
    ("gradients", "Vanishing", "Healthy: 20-layer ReLU"),
])
def test_train_then_another_preset_then_train_draws_only_the_new_run(url_path, first, second, open_page):
    page = open_page(url_path)
    choose_preset(page, first)
    train_for_a_while(page)
    old = settled_charts(page)[0]["run"]

    box = choose_preset(page, second)
    assert re.search(second, box.locator("input").input_value()), "the Preset box names the loaded preset"
    train_for_a_while(page)
    shown = settled_charts(page, lambda chart: chart["run"] != old and chart["step"] > 0)
    assert {c["run"] for c in shown} == {shown[0]["run"]}, shown
    no_exception(page)


def test_home_is_a_route_and_the_browser_back_button_returns_with_the_settings(page, app_url):
    page.goto(f"{app_url}/home")
    wait_for_app(page)
    page.locator("h1", has_text="Deep-learning playground").wait_for()
    assert "not found" not in page.inner_text("[data-testid='stApp']").lower()
    nav(page, "MLP playground", "mlp")
    choose_preset(page, "XOR needs a hidden layer")
    page.wait_for_url(re.compile(r"dataset=xor"))
    address = query(page.url)
    assert address["dataset"] == "xor"
    nav(page, "Gradient lab", "gradients")
    page.go_back()
    page.wait_for_url(re.compile(r"/mlp(\?|$)"))
    wait_for_app(page)
    no_exception(page)
    box = page.locator("[data-testid='stSelectbox']").filter(has_text="Preset").first
    assert box.locator("input").input_value() == "XOR needs a hidden layer"
    assert query(page.url)["dataset"] == "xor"
