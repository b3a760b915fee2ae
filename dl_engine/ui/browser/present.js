// Present mode folds the sidebar away on entering and opens it again on leaving (only if it
// folded it): the lecturer still reaches every setting through the sidebar's arrow.
(() => {
  const on = __PRESENT__;
  const sidebar = () => document.querySelector('[data-testid="stSidebar"]');
  const click = (selector) => { const b = document.querySelector(selector); if (b) b.click(); return !!b; };
  const settle = (tries) => {
    const bar = sidebar();
    const open = bar && bar.dataset.collapsed !== "true";
    if (on && open && !window.__dlPresentFolded) {
      if (click('[data-testid="stSidebarCollapseButton"] button')) window.__dlPresentFolded = true;
    } else if (!on && window.__dlPresentFolded) {
      if (!open) click('[data-testid="stExpandSidebarButton"]');
      window.__dlPresentFolded = false;
    }
    if (on && !window.__dlPresentFolded && tries > 0) setTimeout(() => settle(tries - 1), 100);
  };
  document.body.classList.toggle("dl-present", on);
  settle(20);
})();
