// One history entry per page, not per setting: Streamlit pushes a new entry whenever a page writes
// its settings into the address, so Back would step through settings (and, on arriving at a page,
// to the same page without them). An address change that keeps the path replaces the entry.
if (!window.__dlHistoryPatched) {
  window.__dlHistoryPatched = true;
  const push = window.history.pushState.bind(window.history);
  window.history.pushState = (state, title, url) => {
    const next = new URL(url, window.location.href);
    if (next.pathname === window.location.pathname) window.history.replaceState(state, title, url);
    else push(state, title, url);
  };
}
