// What the live chart's canvas renderers share (canvas_chart.js: lines and bars; heatmap_chart.js:
// heatmap grids): a <canvas> for the figure and one over it for the hover read-out and the zoom
// box, drag-zoom per plot panel (kept across updates in this.views, double-click resets), and
// the reset / PNG / SVG buttons (the PNG is the canvas drawn again at 2×, the SVG the same drawing
// recorded by svg_context.js), colour scales with their colour bars, titles that fit, hover templates, the
// present-mode scale of text, lines and margins (this.scale), and the text boxes drawn, which
// the chart element exposes to the browser tests as __drawnLabels ({kind, x, y, w, h}, page px).
// A subclass implements render(), panelAt(px, py) -> {id, area, fromPx} or null, and hover(px, py).

function parseColour(text) {
  // "#rgb", "#rrggbb" or "rgb(a)(r, g, b[, a])" -> [r, g, b], 0…255.
  const s = String(text).trim();
  if (s[0] === "#") {
    const hex = s.length === 4 ? [...s.slice(1)].map((c) => c + c).join("") : s.slice(1, 7);
    return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
  }
  return s.replace(/^rgba?\(|\)$/g, "").split(",").slice(0, 3).map((v) => Math.round(+v));
}

const COLOUR_TABLES = new Map();   // JSON of a colour scale -> Uint8ClampedArray(256 × 3)

function colourTable(scale) {
  // Stops [[position, colour], …] -> 256 RGB triples, linearly interpolated, as plotly.js does.
  const key = JSON.stringify(scale);
  let table = COLOUR_TABLES.get(key);
  if (table) return table;
  const stops = scale.map(([at, colour]) => [+at, parseColour(colour)]);
  table = new Uint8ClampedArray(256 * 3);
  for (let i = 0, k = 0; i < 256; i++) {
    const t = i / 255;
    while (k < stops.length - 2 && t > stops[k + 1][0]) k++;
    const [a, ca] = stops[k], [b, cb] = stops[Math.min(k + 1, stops.length - 1)];
    const f = b > a ? Math.min(1, Math.max(0, (t - a) / (b - a))) : 0;
    for (let c = 0; c < 3; c++) table[i * 3 + c] = ca[c] + (cb[c] - ca[c]) * f;
  }
  COLOUR_TABLES.set(key, table);
  return table;
}

function colourIndex(v, [lo, hi]) {
  // The entry (0…255) of a 256-colour table that value v takes on [lo, hi], clamped at the ends.
  return Math.round(Math.min(1, Math.max(0, (v - lo) / (hi - lo || 1))) * 255);
}

function toPixels(area, { x: [x0, x1], y: [y0, y1] }, x, y) {
  // Data (x, y) -> css px in a plot area {l, t, w, h} showing ranges x: [left, right], y: [bottom, top].
  return [area.l + ((x - x0) / (x1 - x0)) * area.w, area.t + area.h - ((y - y0) / (y1 - y0)) * area.h];
}

function fromPixels(area, { x: [x0, x1], y: [y0, y1] }, px, py) {
  // The inverse of toPixels.
  return [x0 + ((px - area.l) / area.w) * (x1 - x0), y0 + ((area.t + area.h - py) / area.h) * (y1 - y0)];
}

function domainArea(paper, [xd0, xd1], [yd0, yd1]) {
  // A subplot's area on the paper {l, t, w, h} from its axes' domains (fractions, y from the bottom).
  return { l: paper.l + xd0 * paper.w, t: paper.t + (1 - yd1) * paper.h, w: (xd1 - xd0) * paper.w, h: (yd1 - yd0) * paper.h };
}

function squareArea(area, xSpan, ySpan) {
  // The largest area about the same centre in which a unit of x is as long as a unit of y
  // (plotly's scaleanchor with constrain "domain").
  const perUnit = Math.min(area.w / Math.abs(xSpan), area.h / Math.abs(ySpan));
  const w = Math.abs(xSpan) * perUnit, h = Math.abs(ySpan) * perUnit;
  return { l: area.l + (area.w - w) / 2, t: area.t + (area.h - h) / 2, w, h };
}

function colourBarBox(bar, { l, t, w, h }, s = 1) {
  // Where plotly puts a colour bar {left, top, length, thickness} (css px) beside a plot area:
  // 20 px right of it or at its fraction bar.x of the width; bar.len of its height, its middle
  // (or bar.yanchor's end) at fraction bar.y from the bottom.
  const length = (bar.len ?? 1) * h, thickness = (bar.thickness ?? 30) * s;
  const anchorY = t + (1 - (bar.y ?? 0.5)) * h;
  const top = bar.yanchor === "top" ? anchorY : bar.yanchor === "bottom" ? anchorY - length : anchorY - length / 2;
  return { left: bar.x != null ? l + bar.x * w : l + w + 20 * s, top, length, thickness };
}

function legendBelow(legend) {
  // Whether a legend sits below the plot: its y under the plot (paper; plotly's default y is 1,
  // or -0.1 for a horizontal legend), or in the lower half of the figure (yref "container", as
  // viz.spec.Legend places it).
  if (legend.yref === "container") return (legend.y ?? 1) < 0.5;
  return (legend.y ?? (legend.orientation === "h" ? -0.1 : 1)) < 0;
}

function formatValue(v, spec) {
  // d3-format's ".Nf", ".Ng", ".Ne", ".N%" (what the figures' templates use); else 4 digits.
  if (typeof v !== "number") return String(v);
  if (!isFinite(v)) return "–";
  const m = /^\.(\d+)([fge%])$/.exec(spec || "");
  const text = !m ? String(+v.toPrecision(4))
    : m[2] === "f" ? v.toFixed(+m[1])
    : m[2] === "g" ? v.toPrecision(Math.max(1, +m[1]))
    : m[2] === "e" ? v.toExponential(+m[1])
    : `${(v * 100).toFixed(+m[1])}%`;
  return text.replace("-", MINUS);
}

function fillTemplate(template, values) {
  // "%{name[:format]}" placeholders filled from values; <extra>…</extra> and tags dropped.
  return template.replace(/<extra>.*?<\/extra>/g, "")
    .replace(/%\{([\w.]+)(?::([^}]*))?\}/g, (_, name, spec) => formatValue(values[name], spec))
    .replace(/<br\s*\/?>/gi, " · ").replace(/<[^>]+>/g, "");
}

class CanvasBase {
  constructor(gd, theme) {
    this.gd = gd;
    this.theme = theme.layout;
    this.base = document.createElement("canvas");
    this.base.className = "dl-canvas";
    this.top = document.createElement("canvas");   // hover read-out and zoom box
    this.top.className = "dl-canvas-overlay";
    this.tools = document.createElement("div");
    this.tools.className = "dl-canvas-tools";
    gd.append(this.base, this.top, this.tools);
    this.views = new Map();   // panel id (axis suffix: "", "2", …) -> the user's zoom {x, y}
    this.figure = null;
    this.drag = null;
    this.scale = 1;
    this.drawn = [];   // text boxes of the last draw, css px in the chart
    Object.defineProperty(gd, "__drawnLabels", { configurable: true, get: () => this.drawnLabels() });
    this.top.addEventListener("pointerdown", (e) => this.startDrag(e));
    this.top.addEventListener("pointermove", (e) => this.pointerMoved(e));
    this.top.addEventListener("pointerleave", () => { if (!this.drag) this.clearOverlay(); });
    this.top.addEventListener("pointerup", (e) => this.endDrag(e));
    this.top.addEventListener("dblclick", () => this.resetView());
  }

  context() {
    // Both canvases sized to this.width × this.height css px; the base's context, cleared to
    // the paper colour, in css px.
    const { width, height } = this;
    const dpr = this.dpr || window.devicePixelRatio || 1;
    this.drawn = [];
    if (this.target) {   // the SVG download: the same drawing, recorded in css px
      this.target.fillStyle = this.theme.paper_bgcolor;
      this.target.fillRect(0, 0, width, height);
      return this.target;
    }
    for (const c of [this.base, this.top]) {
      if (c.width !== Math.round(width * dpr) || c.height !== Math.round(height * dpr)) {
        c.width = Math.round(width * dpr);
        c.height = Math.round(height * dpr);
        c.style.width = `${width}px`;
        c.style.height = `${height}px`;
      }
    }
    const ctx = this.base.getContext("2d");
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = this.theme.paper_bgcolor;
    ctx.fillRect(0, 0, width, height);
    return ctx;
  }

  font(size, weight = "") {
    // The theme's font at `size` css px times the present-mode scale.
    return `${weight}${+(size * this.scale).toFixed(1)}px ${this.theme.font.family}`;
  }

  text(ctx, kind, text, x, y, about = {}) {
    // fillText, its box recorded as a drawn label of `kind` ("title", "tick", "axis-title", …),
    // with its text and `about` it (a tick's axis: {axis: "x", panel: "2"}).
    ctx.fillText(text, x, y);
    const box = textBox(ctx, text, x, y);
    this.drawn.push({ kind, text, ...about, ...box });
    return box;
  }

  turnedText(ctx, kind, text, x, y, angle) {
    // Text turned ±90° about its centre (x, y), recorded by the box it covers on the page.
    ctx.save();
    ctx.translate(x, y);
    ctx.rotate(angle);
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.fillText(text, 0, 0);
    const { w, h } = textBox(ctx, text, 0, 0);
    ctx.restore();
    this.drawn.push({ kind, text, x: x - h / 2, y: y - w / 2, w: h, h: w });
  }

  drawnLabels() {
    // The last draw's text boxes in page css px (the browser tests' read-out).
    const r = this.gd.getBoundingClientRect();
    return this.drawn.map((b) => ({ ...b, x: b.x + r.left + window.scrollX, y: b.y + r.top + window.scrollY }));
  }

  titleLayout(ctx, layout) {
    // The figure title as lines that fit the chart's width: shrunk a little, else wrapped;
    // {lines, size, bottom} (bottom: css px under the last line).
    const title = plainText((layout.title || {}).text || "");
    if (!title) return { lines: [], size: 0, bottom: 0 };
    const family = this.theme.font.family, room = this.width - 20 * this.scale;
    const full = (((layout.title || {}).font || {}).size || 18) * this.scale;
    let size = fittedFont(ctx, title, full, room, family, Math.round(full * 0.8));
    let lines = [title];
    if (ctx.measureText(title).width > room) {
      size = Math.round(full * 0.85);
      ctx.font = `${size}px ${family}`;
      lines = wrapped(ctx, title, room);
    }
    return { lines, size, bottom: 10 * this.scale + lines.length * size * 1.25 };
  }

  drawTitle(ctx, title) {
    // The lines of titleLayout, top left.
    ctx.fillStyle = this.theme.font.color;
    ctx.font = `${title.size}px ${this.theme.font.family}`;
    ctx.textAlign = "left";
    ctx.textBaseline = "top";
    title.lines.forEach((line, i) => this.text(ctx, "title", line, 10 * this.scale, 10 * this.scale + i * title.size * 1.25));
  }

  local(e) {
    const r = this.top.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  }

  startDrag(e) {
    const [px, py] = this.local(e);
    const panel = e.button === 0 && this.panelAt(px, py);
    if (!panel) return;
    this.drag = { panel, px, py, qx: px, qy: py };
    this.top.setPointerCapture(e.pointerId);
  }

  pointerMoved(e) {
    const [px, py] = this.local(e);
    if (this.drag) {
      this.drag.qx = px;
      this.drag.qy = py;
      this.paintOverlay((ctx) => {
        const [x0, x1, y0, y1] = this.dragBox(this.drag);
        ctx.fillStyle = "rgba(120, 120, 120, 0.18)";
        ctx.strokeStyle = "#888";
        ctx.fillRect(x0, y0, x1 - x0, y1 - y0);
        ctx.strokeRect(x0 + 0.5, y0 + 0.5, x1 - x0, y1 - y0);
      });
    } else if (this.panelAt(px, py)) this.hover(px, py);
    else this.clearOverlay();
  }

  dragBox(d) {
    // A drag mostly along one axis zooms that axis only, as plotly.js does.
    const { l, t, w, h } = d.panel.area;
    const wide = Math.abs(d.qx - d.px) > 6, tall = Math.abs(d.qy - d.py) > 6;
    const [x0, x1] = wide ? [Math.min(d.px, d.qx), Math.max(d.px, d.qx)] : [l, l + w];
    const [y0, y1] = tall ? [Math.min(d.py, d.qy), Math.max(d.py, d.qy)] : [t, t + h];
    return [Math.max(l, x0), Math.min(l + w, x1), Math.max(t, y0), Math.min(t + h, y1)];
  }

  endDrag() {
    const d = this.drag;
    this.drag = null;
    this.clearOverlay();
    if (!d || (Math.abs(d.qx - d.px) <= 6 && Math.abs(d.qy - d.py) <= 6)) return;
    const [x0, x1, y0, y1] = this.dragBox(d);
    const [ax, ay] = d.panel.fromPx(x0, y1), [bx, by] = d.panel.fromPx(x1, y0);
    this.views.set(d.panel.id, { x: [ax, bx], y: [ay, by] });   // [left, right], [bottom, top]
    this.render();
  }

  resetView() {
    if (!this.views.size) return;
    this.views.clear();
    this.render();
  }

  readout(ctx, lines, x, y, colours = []) {
    // A hover box of text lines beside (x, y), flipped left at the right edge.
    ctx.font = this.font(14);
    const boxW = 16 + Math.max(...lines.map((s) => ctx.measureText(s).width));
    const boxH = 8 + lines.length * 20;
    const left = x + 14 + boxW > this.width ? x - 14 - boxW : x + 14;
    const top = Math.max(0, Math.min(y, this.height - boxH - 1));
    ctx.fillStyle = "rgba(255, 255, 255, 0.95)";
    ctx.strokeStyle = "#aaa";
    ctx.fillRect(left, top, boxW, boxH);
    ctx.strokeRect(left + 0.5, top + 0.5, boxW, boxH);
    ctx.textAlign = "left";
    ctx.textBaseline = "middle";
    lines.forEach((s, i) => {
      ctx.fillStyle = colours[i] || "#31333f";
      ctx.fillText(s, left + 8, top + 14 + i * 20);
    });
  }

  paintRect(ctx, shape, [ax, ay], [bx, by]) {
    // A rectangle shape between two corners (css px): filled if it says so, outlined unless its
    // line width is 0.
    const box = [Math.min(ax, bx), Math.min(ay, by), Math.abs(bx - ax), Math.abs(by - ay)];
    if (shape.fillcolor) { ctx.fillStyle = shape.fillcolor; ctx.fillRect(...box); }
    const line = shape.line || {};
    if ((line.width ?? 2) > 0) {
      ctx.strokeStyle = line.color || "#444";
      ctx.lineWidth = line.width ?? 2;
      ctx.setLineDash([]);
      ctx.strokeRect(...box);
    }
  }

  colourBarWidth(ctx, [lo, hi], bar) {
    // Room (px) a colour bar takes right of the plot: gap, bar, tick labels, a turned title.
    const s = this.scale;
    ctx.font = this.font(14);
    const labels = axisTicks(bar, [lo, hi], 6).map((t) => ctx.measureText(t.label).width);
    const ticked = (20 + (bar.thickness ?? 30) + 8) * s + Math.max(20 * s, ...labels);
    const title = plainText((bar.title || {}).text || "");
    if ((bar.title || {}).side === "right") return ticked + 34 * s;
    // a title above the bar starts at the bar's left edge: room for it, so it stays off the plot
    ctx.font = this.font(15);
    return Math.max(ticked + 10 * s, (20 + 4) * s + (title ? ctx.measureText(title).width : 0));
  }

  colourBar(ctx, scale, [lo, hi], bar, area) {
    // plotly's colour bar beside `area` ({l, t, w, h}; colourBarBox places it): scale stops from
    // lo (bottom) to hi, ticks, a title on top or turned on the right.
    const s = this.scale, { left, top, length, thickness } = colourBarBox(bar, area, s);
    const gradient = ctx.createLinearGradient(0, top + length, 0, top);
    for (const [at, colour] of scale) gradient.addColorStop(+at, `rgb(${parseColour(colour).join(", ")})`);
    ctx.fillStyle = gradient;
    ctx.fillRect(left, top, thickness, length);
    ctx.fillStyle = this.theme.font.color;
    ctx.font = this.font(14);
    ctx.textAlign = "left";
    ctx.textBaseline = "middle";
    let widest = 0;
    const ticks = axisTicks(bar, [lo, hi], Math.max(2, Math.floor(length / (32 * s))))
      .filter((k) => k.at >= Math.min(lo, hi) - 1e-9 && k.at <= Math.max(lo, hi) + 1e-9);
    for (const k of ticks) {
      this.text(ctx, "tick", k.label, left + thickness + 6 * s, top + length - ((k.at - lo) / (hi - lo || 1)) * length,
                { axis: "bar" });
      widest = Math.max(widest, ctx.measureText(k.label).width);
    }
    const title = plainText((bar.title || {}).text || "");
    if (!title) return;
    ctx.font = this.font(15);
    if ((bar.title || {}).side === "right") {
      this.turnedText(ctx, "axis-title", shortened(ctx, title, length), left + thickness + 6 * s + widest + 14 * s,
                      top + length / 2, Math.PI / 2);
    } else {   // above the bar, clear of its top tick label, inside the chart
      fittedFont(ctx, title, 15 * s, this.width - 8 * s, this.theme.font.family);
      const text = shortened(ctx, title, this.width - 8 * s);
      ctx.textBaseline = "bottom";
      this.text(ctx, "axis-title", text, Math.min(left, this.width - 4 * s - ctx.measureText(text).width), top - 10 * s);
    }
  }

  paintOverlay(paint) {
    const dpr = window.devicePixelRatio || 1;
    const ctx = this.top.getContext("2d");
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, this.width, this.height);
    paint(ctx);
  }

  clearOverlay() {
    this.paintOverlay(() => {});
  }

  showTools() {
    if (this.tools.childElementCount) return;
    const button = (label, title, action) => {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = label;
      b.title = title;
      b.dataset.title = title;
      b.addEventListener("click", action);
      this.tools.appendChild(b);
    };
    button("⟲", "Reset axes (or double-click the plot)", () => this.resetView());
    button("PNG", "Download plot as a PNG", () => this.download("png"));
    button("SVG", "Download plot as SVG", () => this.download("svg"));
  }

  download(format) {
    const filename = (this.gd.dataset.key || "chart").replace(/[^\w.-]+/g, "_");
    const link = document.createElement("a");
    link.href = format === "png" ? this.pngUrl() : URL.createObjectURL(new Blob([this.svgText()], { type: "image/svg+xml" }));
    link.download = `${filename}.${format}`;
    link.click();
    if (format === "svg") setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  }

  svgText() {
    // The chart as the screen shows it, recorded by an SvgContext as an SVG document.
    this.target = new SvgContext(this.width, this.height);
    try {
      this.render();
      return this.target.svg();
    } finally {
      this.target = null;
      this.render();
    }
  }

  pngUrl() {
    // The chart as the screen shows it, drawn again at 2× for the file: legend and all.
    this.dpr = 2;
    this.render();
    const url = this.base.toDataURL("image/png");
    this.dpr = null;
    this.render();
    return url;
  }
}
