// Keyboard shortcuts of a training page: space Train/Pause, → one step, r Reset, p present mode.
// They press the page's own buttons (found by their Streamlit key classes), so a key does exactly
// what a click does. Keys typed into a field, or with a modifier, are left alone.
window.__dlShortcutPage = "__PAGE__";
if (!window.__dlShortcutsInstalled) {
  window.__dlShortcutsInstalled = true;
  const typing = (el) => el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName))
    && !(el.tagName === "INPUT" && /^(checkbox|radio|button|range)$/.test(el.type));
  const press = (selector) => {
    const target = document.querySelector(selector);
    if (!target || target.disabled) return false;
    target.click();
    return true;
  };
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.repeat || typing(event.target)) return;
    const page = window.__dlShortcutPage;
    const selector = {
      " ": `.st-key-${page}-train button`,
      "ArrowRight": `.st-key-${page}-step-Step button`,
      "r": `.st-key-${page}-reset button`,
      "p": ".st-key-common-present input",
    }[event.key];
    if (selector && press(selector)) event.preventDefault();
  }, true);
}
