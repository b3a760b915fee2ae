// The live chart: one chart div per mounted element, updated in place, painted by the canvas
// renderer its message names (a Chart spec: CanvasChart, canvas_chart.js; a HeatmapGrid:
// HeatmapChart, heatmap_chart.js; see dl_engine/viz/spec). Each chart has a fullscreen button
// (bottom right, on hover; always shown in present mode), and draws its canvases at the
// message's scale (1.5 in present mode).
// Streamlit re-runs this default export with new `data` on every refresh; the module is
// evaluated once per page (its blob URL is cached by content), so state lives here.
const charts = new WeakMap();          // container element -> Chart
const byKey = new Map();               // chart key -> Chart, while its plot is alive
const RELEASE_AFTER_MS = 15000;        // a chart off the page this long is torn down

const TYPED = { i1: Int8Array, u1: Uint8Array, i2: Int16Array, u2: Uint16Array, i4: Int32Array,
                u4: Uint32Array, f4: Float32Array, f8: Float64Array };

const CANVASES = { canvas: CanvasChart, heatmap: HeatmapChart };   // renderer name -> class

function decode(spec) {
  // A typed-array spec {dtype, bdata[, shape]} (dl_engine/viz/payload.py) -> a typed array, or
  // rows of them for a 2-D shape; a quantised u1 grid with [lo, hi] -> Float32 rows, NaN = 255.
  const bytes = Uint8Array.from(atob(spec.bdata), (c) => c.charCodeAt(0));
  let flat = new TYPED[spec.dtype](bytes.buffer);
  if (spec.dl_quantised) {
    const [lo, hi] = spec.dl_quantised;
    const step = (hi - lo) / 254;
    flat = Float32Array.from(flat, (code) => (code === 255 ? NaN : lo + code * step));
  }
  if (!spec.shape) return flat;
  const [rows, cols] = spec.shape.split(",").map(Number);
  return Array.from({ length: rows }, (_, r) => flat.subarray(r * cols, (r + 1) * cols));
}

// An array equal to the one of the previous update is given back as that same object, so the
// renderers' caches (a heatmap's cells, keyed by its z) know it is unchanged without comparing it.
class ArrayMemo {
  constructor() {
    this.last = new Map();   // "trace/path" -> {content, value}
  }

  decodeTraces(traces) {
    const next = new Map();
    const walk = (value, path) => {
      if (Array.isArray(value)) return this.keep(next, path, JSON.stringify(value), () => value);
      if (value && typeof value === "object") {
        if (typeof value.bdata === "string") {
          const content = `${value.dtype}|${value.shape}|${value.dl_quantised}|${value.bdata}`;
          return this.keep(next, path, content, () => decode(value));
        }
        for (const key of Object.keys(value)) value[key] = walk(value[key], `${path}.${key}`);
      }
      return value;
    };
    traces.forEach((trace, i) => walk(trace, String(i)));
    this.last = next;
    return traces;
  }

  keep(next, path, content, make) {
    const old = this.last.get(path);
    const entry = old && old.content === content ? old : { content, value: make() };
    next.set(path, entry);
    return entry.value;
  }
}

function theme(el) {
  // Follow the app's Streamlit theme (its --st-* CSS variables): what the renderers read.
  const css = getComputedStyle(el);
  const v = (name, fallback) => css.getPropertyValue(name).trim() || fallback;
  const colors = v("--st-chart-categorical-colors", "");
  return {
    layout: {
      font: { family: v("--st-font", "sans-serif"), color: v("--st-text-color", "#31333f") },
      paper_bgcolor: v("--st-background-color", "#ffffff"),
      colorway: colors ? colors.split(",") : undefined,
      xaxis: { gridcolor: v("--st-border-color-light", "#e6e9ef") },
    },
  };
}

// Charts scrolled out of view (or in a closed expander or tab) skip their updates and catch up
// with the newest figure when they come back: drawing is the browser's bottleneck.
const seen = new IntersectionObserver((entries) => {
  for (const e of entries) e.target.chart.setVisible(e.isIntersecting);
}, { rootMargin: "200px" });
// The width comes from the layout engine when it changes, so no draw has to measure it.
const sized = new ResizeObserver((entries) => {
  for (const e of entries) e.target.chart.setWidth(Math.round(e.contentRect.width));
});

class Chart {
  constructor(container) {
    this.gd = document.createElement("div");
    this.gd.className = "dl-live-chart";
    this.gd.dataset.updates = "0";   // figures drawn (read by the browser tests)
    this.gd.dataset.received = "0";  // figures received; newer ones replace undrawn older ones
    this.gd.dataset.drawMs = "0";    // browser time spent drawing, summed (the benchmarks)
    this.gd.chart = this;
    container.appendChild(this.gd);
    this.theme = theme(container);
    this.pending = null;
    this.scheduled = false;
    this.dragging = false;
    this.visible = true;
    this.width = 0;
    this.updates = 0;
    this.received = 0;
    this.arrays = new ArrayMemo();
    this.height = 0;       // the height the page gives the chart (px), out of fullscreen
    this.full = false;     // the chart fills the screen
    this.fullscreenButton = fullscreenButton(() => this.toggleFullscreen());
    this.gd.appendChild(this.fullscreenButton);
    this.onFullscreen = () => this.fullscreenChanged();
    document.addEventListener("fullscreenchange", this.onFullscreen);
    // A drag-zoom in progress must not be cut short by an update: hold updates until release.
    this.gd.addEventListener("pointerdown", () => { this.dragging = true; });
    this.onRelease = () => { if (this.dragging) { this.dragging = false; this.schedule(); } };
    window.addEventListener("pointerup", this.onRelease);
    seen.observe(this.gd);
    sized.observe(this.gd);
  }

  update(data, fromFeed = false) {
    if (!data.figure) {   // while the run trains: where the figures come from, not a figure
      follow(this, data.feed);
      return;
    }
    // A fragment rerun and the feed can deliver out of order: never draw an earlier build of the
    // run (ids only grow), nor an older step of the build on screen, unless that step was chosen
    // on purpose (time travel: the stamp's third entry).
    const [run, step, chosen] = data.stamp || [];
    if (this.stamp && !chosen && (run < this.stamp[0] || (run === this.stamp[0] && step < this.stamp[1]))) return;
    this.stamp = data.stamp;
    this.pending = data;        // only the newest figure matters; older ones are dropped
    this.gd.dataset.received = String(++this.received);
    if (fromFeed) this.gd.dataset.fed = String(+(this.gd.dataset.fed || 0) + 1);
    else follow(this, data.feed);
    this.schedule();
  }

  shouldDraw() {
    // Every chart draws once, so the page is complete; after that only the ones in view.
    return this.gd.isConnected && (this.visible || this.updates === 0);
  }

  setVisible(visible) {
    this.visible = visible;
    this.schedule();
  }

  setWidth(width) {
    if (!width || width === this.width) return;
    const drawn = this.width > 0;
    this.width = width;
    if (drawn) this.fit();
  }

  size() {
    // [width, height] to draw at: the element's, or the whole screen in fullscreen.
    return this.full ? [this.gd.clientWidth, this.gd.clientHeight] : [this.width, this.height];
  }

  fit() {
    // Redraw the figure on screen at size().
    const [width, height] = this.size();
    if (this.canvas) {
      this.canvas.width = width;
      this.canvas.height = height;
      if (this.canvas.figure) this.canvas.render();
    }
  }

  toggleFullscreen() {
    if (document.fullscreenElement === this.gd) document.exitFullscreen();
    else this.gd.requestFullscreen().catch((err) => console.error(`fullscreen: ${err}`));
  }

  fullscreenChanged() {
    // Entered or left fullscreen: redraw at the screen's size, or back at the page's.
    const full = document.fullscreenElement === this.gd;
    if (full === this.full) return;
    this.full = full;
    const label = full ? "Exit fullscreen" : "Fullscreen";
    this.fullscreenButton.setAttribute("aria-label", label);
    this.fullscreenButton.title = label;
    if (!full) this.width = this.gd.clientWidth || this.width;
    this.fit();
  }

  schedule() {
    if (this.scheduled || !this.pending || !this.shouldDraw()) return;
    this.scheduled = true;
    requestAnimationFrame(() => this.draw());
  }

  draw() {
    this.scheduled = false;
    if (this.dragging || !this.pending || !this.shouldDraw()) return;
    const { figure, key, renderer, stamp, scale } = this.pending;
    this.width = this.width || this.gd.clientWidth;
    this.height = this.pending.height;
    this.pending = null;
    this.gd.style.height = `${this.height}px`;
    this.gd.classList.toggle("dl-present", (scale || 1) > 1);
    const [width, height] = this.size();
    const t0 = performance.now();
    const data = this.arrays.decodeTraces(figure.data);
    const done = () => {
      this.gd.dataset.drawMs = String(+this.gd.dataset.drawMs + performance.now() - t0);
      this.gd.dataset.title = ((figure.layout || {}).title || {}).text || "";
      this.gd.dataset.updates = String(++this.updates);
      [this.gd.dataset.run, this.gd.dataset.step] = (stamp || ["", ""]).map(String);  // what is on screen
    };
    if (!(renderer in CANVASES)) {   // the spec's type names its renderer: anything else is a bug
      console.error(`live chart ${key}: no renderer "${renderer}"`);
      return;
    }
    this.use(renderer);
    this.canvas.scale = scale || 1;
    this.canvas.draw({ data, layout: figure.layout }, width, height).then(done);
  }

  use(renderer) {
    // The renderer's canvases for this chart; a chart may change renderer (a "no data yet"
    // note, then its heatmap), which starts it afresh.
    if (this.renderer !== renderer) {
      this.gd.replaceChildren(this.fullscreenButton);
      this.canvas = new CANVASES[renderer](this.gd, this.theme);
      this.renderer = renderer;
      this.gd.dataset.renderer = renderer;
    }
  }

  // Read-outs for the browser tests and benchmarks, the same for both renderers.
  marks() {
    // Things drawn in the plot: points of lines and bars, cells, shapes and pictures.
    return this.canvas ? this.canvas.marks() : 0;
  }

  plotArea() {
    // {l, t, w, h}: the plot area inside the chart, px; and the colours of an empty one.
    const { l, t, w, h } = this.canvas.area;
    return { l, t, w, h, blank: [this.theme.layout.paper_bgcolor, this.theme.layout.xaxis.gridcolor] };
  }

  traceY(i) {
    // The y values mark i shows (decoded).
    return Array.from(this.canvas.traces[i].y);
  }

  traceZ(i) {
    // The cells heatmap panel i shows (decoded), as rows of numbers.
    return Array.from(this.canvas.traces[i].z, (row) => Array.from(row));
  }

  zoomedX() {
    // The x range the user zoomed to, or null while the axis fits the data.
    return this.canvas && this.canvas.views.has("") ? this.canvas.views.get("").x : null;
  }

  releaseIfGone() {
    // Streamlit may call a mount's cleanup when a newer update overtakes it, or drop an element
    // and draw it again a few seconds later (a click that cuts a slow redraw short): only tear
    // down once the chart has stayed off the page for a while.
    setTimeout(() => {
      if (this.gd.isConnected) return;
      if (byKey.get(this.key) === this) byKey.delete(this.key);
      follow(this, null);
      window.removeEventListener("pointerup", this.onRelease);
      document.removeEventListener("fullscreenchange", this.onFullscreen);
      seen.unobserve(this.gd);
      sized.unobserve(this.gd);
    }, RELEASE_AFTER_MS);
  }
}

// While a run trains, a panel's figures are pushed over its live channel (live_channel.js): one
// socket per channel, shared by the panel's charts.
const channels = new Map();   // channel url -> LiveChannel

function follow(chart, feed) {
  // Listen to the channel `feed` ({url}) or, given null, to none.
  const url = feed ? feed.url : null;
  if (chart.feedUrl === url) return;
  const old = chart.feedUrl && channels.get(chart.feedUrl);
  if (old) {
    old.charts.delete(chart.key);
    if (!old.charts.size) {
      old.close();
      channels.delete(old.url);
    }
  }
  chart.feedUrl = url;
  if (!url) return;
  if (!channels.has(url)) channels.set(url, new LiveChannel(url));
  channels.get(url).charts.set(chart.key, chart);
}

function fullscreenButton(toggle) {
  // The corner button that puts the chart on the whole screen and back (Esc leaves too).
  const button = document.createElement("button");
  button.type = "button";
  button.className = "dl-fullscreen";
  // four corners drawn as SVG: a fullscreen glyph (⛶) is missing from many fonts
  button.innerHTML = '<svg width="14" height="14" viewBox="0 0 14 14" fill="none" stroke="currentColor" '
    + 'stroke-width="1.6"><path d="M1 5V1h4M9 1h4v4M13 9v4H9M5 13H1V9"/></svg>';
  button.title = "Fullscreen";
  button.setAttribute("aria-label", "Fullscreen");
  button.addEventListener("click", toggle);
  return button;
}

export default function (component) {
  const { data, parentElement } = component;
  let chart = charts.get(parentElement);
  if (!chart) {
    // Streamlit can re-create a chart's element (seen on a busy CNN page): the plot with this key
    // moves into the new element, so it is not drawn from scratch (no blank frame, zoom kept).
    chart = byKey.get(data.key);
    if (chart) parentElement.appendChild(chart.gd);
    else chart = new Chart(parentElement);
    charts.set(parentElement, chart);
    chart.key = data.key;
    chart.gd.dataset.key = data.key;
    byKey.set(data.key, chart);
  }
  chart.update(data);
  return () => chart.releaseIfGone();
}
