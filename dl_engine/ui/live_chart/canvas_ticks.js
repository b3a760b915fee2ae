// Axis ticks and tick labels of the canvas renderers: round 1-2-5 steps, plotly's dtick / tick0
// (index axes: only whole numbers), log decades, named ticks. Pure functions (tested in a blank page).
const MINUS = "\u2212";
const SUPERSCRIPT = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };

function niceStep(span, count) {
  // The 1-2-5 × 10^k step that cuts `span` into about `count` parts.
  const raw = span / Math.max(1, count);
  const base = 10 ** Math.floor(Math.log10(raw));
  const m = raw / base;
  return base * (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10);
}

function niceMultiple(k) {
  // The smallest of 1, 2, 5, 10, 20, 50, … that is at least k.
  for (let base = 1; ; base *= 10) for (const m of [1, 2, 5]) if (m * base >= k) return m * base;
}

function smallerMultiple(m) {
  // The 1-2-5 value just below m (m one of 2, 5, 10, 20, …).
  const base = 10 ** Math.floor(Math.log10(m) + 1e-9), lead = Math.round(m / base);
  return lead === 5 ? 2 * base : lead === 2 ? base : base / 2;
}

function formatTick(v, step) {
  if (Math.abs(v) < step * 1e-6) v = 0;
  let text;
  if (step >= 1000 && Math.abs(v) >= 10000) text = `${+(v / 1000).toFixed(Math.max(0, 3 - Math.round(Math.log10(step))))}k`;
  else text = v.toFixed(Math.max(0, -Math.floor(Math.log10(step) + 1e-9)));
  return text.replace("-", MINUS);
}

function power(k) {
  // 10^k as text: 1, 10, else 10 with a superscript exponent (10⁻³).
  if (k === 0) return "1";
  if (k === 1) return "10";
  return `10${String(k).split("").map((c) => SUPERSCRIPT[c]).join("")}`;
}

function ascending([a, b]) {
  return a <= b ? [a, b] : [b, a];
}

function steppedTicks(range, step, start) {
  // Ticks start + k·step inside range.
  const [lo, hi] = ascending(range);
  const ticks = [];
  for (let k = Math.ceil((lo - start) / step - 1e-9); start + k * step <= hi + step * 1e-9; k++) {
    const v = start + k * step;
    ticks.push({ at: v, label: formatTick(v, step) });
  }
  return ticks;
}

function linearTicks(range, count) {
  const [lo, hi] = ascending(range);
  return steppedTicks(range, niceStep(hi - lo, count), 0);
}

function logTicks(range, count) {
  // range: log10 of the axis range. Decades when two or more fit; round values when the range is
  // under a decade; else 1–9 × 10^k, thinned to 1, 2, 5 × 10^k when there are more than `count`.
  const [lo, hi] = ascending(range);
  const decades = [];
  for (let k = Math.ceil(lo - 1e-9); k <= Math.floor(hi + 1e-9); k++) decades.push(k);
  if (decades.length >= 2) {
    const every = Math.max(1, Math.ceil(decades.length / count));
    return decades.filter((k) => k % every === 0).map((k) => ({ at: k, label: power(k) }));
  }
  const within = (mantissas) => {
    const ticks = [];
    for (let k = Math.floor(lo); k <= Math.ceil(hi); k++) {
      for (const m of mantissas) {
        const at = k + Math.log10(m);
        if (at >= lo - 1e-9 && at <= hi + 1e-9) ticks.push({ at, label: String(+(m * 10 ** k).toPrecision(2)) });
      }
    }
    return ticks;
  };
  if (hi - lo < 1) {   // under a decade (0.9 to 2.5): round values, placed on the log scale
    return linearTicks([10 ** lo, 10 ** hi], Math.ceil(count / 2)).filter((t) => t.at > 0)
      .map((t) => ({ at: Math.log10(t.at), label: t.label }));
  }
  const all = within([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  return all.length > count ? within([1, 2, 5]) : all;
}

function explicitTicks(axis) {
  // tickvals / ticktext: named positions (e.g. layers), as plotly.js draws them.
  if (!axis || !axis.tickvals) return null;
  return Array.from(axis.tickvals, (at, i) => ({ at, label: String(axis.ticktext[i]) }));
}

function axisTicks(axis, range, count) {
  // An axis' ticks for at most about `count` labels: named ticks; plotly's dtick from tick0 (an
  // index axis gives dtick 1, 2, 5, …), widened by 2, 5, 10, … when more would not fit, so its
  // ticks stay whole multiples of dtick; else round 1-2-5 steps.
  const named = explicitTicks(axis);
  if (named) return named;
  const dtick = +((axis || {}).dtick);
  if (dtick > 0 && ["linear", undefined, null].includes(axis.tickmode)) {
    const [lo, hi] = ascending(range), start = +(axis.tick0 ?? 0);
    let m = niceMultiple(Math.ceil((hi - lo) / dtick / Math.max(1, count) - 1e-9));
    let ticks = steppedTicks(range, dtick * m, start);
    // a wide step can leave one label (0 on a 0–230 axis): narrower, until the axis reads as a scale
    while (ticks.length < 2 && m > 1) ticks = steppedTicks(range, dtick * (m = smallerMultiple(m)), start);
    return ticks;
  }
  return linearTicks(range, count);
}
