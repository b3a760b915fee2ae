// Present mode folds the sidebar away on entering and opens it again on leaving: the lecturer
// gets the controls back, and still reaches every setting meanwhile through the sidebar's arrow.
(() => {
  const on = __PRESENT__;
  const folded = () => {
    const bar = document.querySelector('[data-testid="stSidebar"]');
    return bar ? bar.dataset.collapsed === "true" : null;
  };
  const button = (folding) => document.querySelector(folding
    ? '[data-testid="stSidebarCollapseButton"] button' : '[data-testid="stExpandSidebarButton"]');
  const settle = (tries) => {
    const state = folded();
    const wanted = on !== !!window.__dlPresenting;     // entering or leaving present mode
    if (!wanted) return;
    if (state === on) {                                // already as it should be
      window.__dlPresenting = on;
      return;
    }
    const b = state === null ? null : button(on);
    if (b) {
      b.click();
      window.__dlPresenting = on;
    } else if (tries > 0) {                            // the sidebar or its button is not drawn yet
      setTimeout(() => settle(tries - 1), 100);
    }
  };
  document.body.classList.toggle("dl-present", on);
  settle(30);
})();
