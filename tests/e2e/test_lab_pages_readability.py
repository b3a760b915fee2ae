"""Browser: the convolution lab and attention mechanics read on a projector (1280×720) and a
1920×1080 screen: the kernel grid's columns all show, and no two texts of a plotly figure (titles,
tick labels, cell numbers, colour-bar labels) overlap."""
import re

import pytest

from dl_engine.ui.conv_widgets import CELL_PX
from tests.e2e.conftest import wait_for_app

pytestmark = pytest.mark.browser

# How many svg texts the plotly figures hold, and the pairs of them whose boxes intersect by > 1 px.
_OVERLAPS = """() => {
  const out = [];
  let texts = 0;
  for (const gd of document.querySelectorAll('.js-plotly-plot')) {
    const title = (gd.querySelector('.gtitle') || {}).textContent || '?';
    const boxes = [...gd.querySelectorAll('svg.main-svg text, svg.main-svg .annotation-text')]
      .filter((t) => t.textContent.trim() && !t.closest('.hoverlayer'))
      .map((t) => [t.textContent, t.getBoundingClientRect()])
      .filter(([, r]) => r.width > 0 && r.height > 0);
    texts += boxes.length;
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const [a, p] = boxes[i], [b, q] = boxes[j];
      const w = Math.min(p.right, q.right) - Math.max(p.left, q.left);
      const h = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
      if (w > 1 && h > 1) out.push(`${title}: "${a}" × "${b}"`);
    }
  }
  return {texts, out}; }"""


def _drawn(tab, n_figures: int) -> None:
    tab.wait_for_function(f"() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= {n_figures}",
                          timeout=90_000)
    tab.wait_for_timeout(800)


def _cell_editor(tab, grid, frame: dict, col: int) -> tuple[dict, str]:
    """Double-click the kernel grid's cell (row 1, col) and return its editor input's box (its left
    edge is the cell's; the editor may be wider than the cell) and the value it edits."""
    grid.dblclick(position={"x": (col + 0.5) * CELL_PX, "y": frame["height"] / 2})
    editor = tab.locator("[id^='gdg-overlay'] input").first
    editor.wait_for(timeout=10_000)
    box, value = editor.bounding_box(), editor.input_value()
    tab.keyboard.press("Escape")
    editor.wait_for(state="detached", timeout=10_000)
    return box, value


_HIDDEN_COLUMNS = """(g) => { const s = g.querySelector('.dvn-scroller'); return s.scrollWidth - s.clientWidth; }"""


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_lab_pages_read_at_projector_and_desk_sizes(page, app_url, size):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(f"{app_url}/convolution")
    wait_for_app(page)
    grid = page.locator("[data-testid='stDataFrame']").first
    grid.scroll_into_view_if_needed()
    grid.wait_for()
    page.wait_for_timeout(500)
    frame = grid.bounding_box()
    assert frame["x"] >= 0 and frame["x"] + frame["width"] <= size[0], frame   # the grid inside the screen
    assert grid.evaluate(_HIDDEN_COLUMNS) <= 1, "a kernel column is hidden behind the grid's scrollbar"
    cells = [_cell_editor(page, grid, frame, c) for c in range(3)]
    assert [float(v) for _, v in cells] == [1, 0, -1], cells                   # the vertical-edge row
    lefts = [b["x"] for b, _ in cells]
    assert all(b - a >= CELL_PX - 2 for a, b in zip(lefts, lefts[1:])), lefts   # side by side, whole cells
    assert lefts[-1] + CELL_PX - 10 <= frame["x"] + frame["width"], (lefts, frame)
    _drawn(page, 2)
    seen = [page.evaluate(_OVERLAPS)]
    page.get_by_role("tab", name=re.compile("Step through")).click()
    _drawn(page, 3)
    seen.append(page.evaluate(_OVERLAPS))
    page.goto(f"{app_url}/attention")
    wait_for_app(page)
    _drawn(page, 8)
    seen.append(page.evaluate(_OVERLAPS))
    assert all(s["texts"] > 40 for s in seen), [s["texts"] for s in seen]   # cell numbers and ticks were read
    problems = [p for s in seen for p in s["out"]]
    assert not problems, problems
