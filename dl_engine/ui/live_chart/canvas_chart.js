// The live chart's fast renderer (dl_engine/viz/canvas_figures.py says which figures it draws):
// one <canvas> repainted in about a millisecond, where Plotly.react spends 20–60 ms redrawing a
// line chart's or the network diagram's SVG. It reads the same figure dict plotly.js would:
// title, axis titles (or hidden or reversed axes), linear or log y, fixed ranges, equal scales, lines
// (width, dash, "hv" steps, NaN gaps, opacity), markers (one colour, or by value with a colour
// bar), text at points, one bar trace, a legend,
// horizontal line shapes, text in the plot or at data values, and pictures (viz.raster) under it
// all. Hover reads values or a point's label; zoom, tools and downloads: canvas_base.js.
const PLOTLY_COLOURS = ["#636efa", "#EF553B", "#00cc96", "#ab63fa", "#FFA15A", "#19d3f3", "#FF6692",
                        "#B6E880", "#FF97FF", "#FECB52"];
const DASHES = { dash: [9, 5], dot: [2, 4], dashdot: [9, 4, 2, 4], longdash: [14, 6], solid: [] };
const SUPERSCRIPT = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };
const MINUS = "\u2212";
const SUBSCRIPT = { 0: "₀", 1: "₁", 2: "₂", 3: "₃", 4: "₄", 5: "₅", 6: "₆", 7: "₇", 8: "₈", 9: "₉", "+": "₊", "-": "₋",
                    t: "ₜ", i: "ᵢ", j: "ⱼ", k: "ₖ", n: "ₙ", T: "ₜ" };

function plainText(html) {
  // A label's markup as canvas text: <sub>digits</sub> as subscript characters, other tags dropped.
  return String(html).replace(/<sub>(.*?)<\/sub>/gi, (_, inner) => [...inner].map((c) => SUBSCRIPT[c] || c).join(""))
    .replace(/<[^>]+>/g, "");
}

function niceStep(span, count) {
  // The 1-2-5 × 10^k step that cuts `span` into about `count` parts.
  const raw = span / Math.max(1, count);
  const base = 10 ** Math.floor(Math.log10(raw));
  const m = raw / base;
  return base * (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10);
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

function linearTicks(range, count) {
  const [lo, hi] = ascending(range);
  const step = niceStep(hi - lo, count);
  const ticks = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) {
    ticks.push({ at: v, label: formatTick(v, step) });
  }
  return ticks;
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

function plotlyRange(axis) {
  // layout.<axis>.range, fixed by the figure; already in the renderer's units (log10 on a log axis).
  const r = axis && axis.range;
  if (!r || axis.autorange === true || r.length !== 2 || r.some((v) => v === null || !isFinite(v))) return null;
  return [+r[0], +r[1]];
}

class CanvasChart extends CanvasBase {
  constructor(gd, theme, withPlotly) {
    super(gd, theme, withPlotly);
    this.pictures = new Map();   // layout image source (data URL) -> decoded <img>
    this.ticket = 0;
  }

  // ---- drawing -------------------------------------------------------------------------------

  draw(figure, width, height) {
    // Resolves once painted: a figure's pictures are decoded first, so no frame lacks them.
    const ticket = ++this.ticket;
    const sources = ((figure.layout || {}).images || []).map((image) => image.source);
    return Promise.all(sources.map((source) => this.picture(source))).then(() => {
      if (ticket !== this.ticket) return;   // a newer figure is on its way
      this.figure = figure;
      this.width = width;
      this.height = height;
      this.render();
      for (const source of this.pictures.keys()) if (!sources.includes(source)) this.pictures.delete(source);
    });
  }

  picture(source) {
    let img = this.pictures.get(source);
    if (!img) {
      img = new Image();
      img.src = source;
      img.ready = img.decode().catch(() => {});   // a broken picture is left out
      this.pictures.set(source, img);
    }
    return img.ready;
  }

  render() {
    const { figure, width } = this;
    if (!figure || !width) return;
    const ctx = this.context();
    const layout = figure.layout || {};
    this.traces = this.series(figure.data || []);
    this.logY = (layout.yaxis || {}).type === "log";
    const auto = this.autoRanges(layout);
    this.ranges = this.views.get("") || auto;
    this.area = this.layOut(ctx, layout);
    if ((layout.yaxis || {}).scaleanchor === "x") this.equalScales((layout.yaxis || {}).constrain === "domain");
    if (layout.plot_bgcolor) {
      ctx.fillStyle = layout.plot_bgcolor;
      ctx.fillRect(this.area.l, this.area.t, this.area.w, this.area.h);
    }
    const xTicks = explicitTicks(layout.xaxis) || this.categoryTicks() || linearTicks(this.ranges.x, Math.max(2, Math.floor(this.area.w / 90)));
    const yTicks = (this.logY ? logTicks : linearTicks)(this.ranges.y, Math.max(2, Math.floor(this.area.h / 45)));
    this.drawGrid(ctx, layout, xTicks, yTicks);
    this.drawPictures(ctx, layout);
    this.drawTraces(ctx, layout);
    this.drawBoxes(ctx, layout);
    this.drawNotes(ctx, layout);
    const scaled = this.traces.find((t) => t.scale && t.scale.bar);
    if (scaled) this.colourBar(ctx, scaled.scale.stops, scaled.scale.range, scaled.scale.bar, this.area);
    this.drawLegend(ctx);
    this.drawTitles(ctx, layout);
    this.showTools();
  }

  series(data) {
    // Traces with their arrays and resolved style. Names on x (a bar per layer) are categories:
    // the traces' x become positions 0, 1, … and this.categories their labels.
    const colours = this.theme.colorway || PLOTLY_COLOURS;
    const shown = data.filter((t) => t.visible !== false && t.visible !== "legendonly");
    const named = shown.find((t) => Array.isArray(t.x) && typeof t.x[0] === "string");
    this.categories = named ? Array.from(named.x, String) : null;
    return shown.map((t, i) => {
      const mode = t.mode || "lines";
      const line = t.line || {};
      const marker = t.marker || {};
      const perPoint = Array.isArray(marker.color) || ArrayBuffer.isView(marker.color);
      const colour = line.color || (perPoint ? null : marker.color) || colours[i % colours.length];
      const x = this.categories && t.x ? Array.from(t.x, (v) => this.categories.indexOf(String(v))) : t.x || [];
      if (t.type === "bar") {
        return { bar: true, name: t.name ?? `trace ${i}`, showlegend: t.showlegend !== false && t.name !== undefined,
                 x, y: t.y || [], colour, colours: Array.isArray(marker.color) ? marker.color : null,
                 labels: t.text, extra: t.customdata, hover: t.hoverinfo !== "skip", opacity: 1, dash: [], width: 0 };
      }
      return {
        name: t.name ?? `trace ${i}`, showlegend: t.showlegend !== false && t.name !== undefined,
        opacity: t.opacity ?? 1, markerOpacity: marker.opacity ?? 1, text: t.text, hover: t.hoverinfo !== "skip",
        x, y: t.y || [], colour, width: line.width ?? 2, dash: DASHES[line.dash] || [],
        lines: mode.includes("lines"), markers: mode.includes("markers"), step: line.shape === "hv",
        labels: mode.includes("text") ? t.text : null, textposition: t.textposition || "middle center",
        textfont: t.textfont || {}, scale: perPoint ? this.pointScale(marker) : null,
        radius: (marker.size ?? 6) / 2, connect: !!t.connectgaps, fill: t.fill === "toself" ? t.fillcolor : null,
        symbol: marker.symbol || "circle", outline: (marker.line || {}).width ? marker.line : null,
        template: t.hovertemplate,
      };
    });
  }

  marks() {
    // Points of lines and bars, shapes and pictures drawn (the tests' read-out).
    const layout = (this.figure || {}).layout || {};
    return this.pointsDrawn + (layout.shapes || []).length + (layout.images || []).length;
  }

  pointScale(marker) {
    // Markers coloured by value through marker.colorscale: {colours per point, range, bar}.
    const values = Array.from(marker.color, Number);
    const finite = values.filter(isFinite);
    const lo = marker.cmin ?? Math.min(...finite), hi = marker.cmax ?? Math.max(...finite);
    const table = colourTable(marker.colorscale);
    const colours = values.map((v) => {
      const k = Math.round(Math.min(1, Math.max(0, (v - lo) / (hi - lo || 1))) * 255) * 3;
      return `rgb(${table[k]}, ${table[k + 1]}, ${table[k + 2]})`;
    });
    return { values, colours, range: [lo, hi], stops: marker.colorscale, bar: marker.showscale ? marker.colorbar || {} : null };
  }

  categoryTicks() {
    return this.categories && this.categories.map((label, at) => ({ at, label }));
  }

  yUnit(v) {
    return this.logY ? (v > 0 ? Math.log10(v) : NaN) : v;
  }

  autoRanges(layout) {
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity, markers = false;
    for (const t of this.traces) {
      markers ||= t.markers;
      for (let i = 0; i < t.x.length; i++) {
        const x = t.x[i], y = this.yUnit(t.y[i]);
        if (!isFinite(x) || !isFinite(y)) continue;
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
    for (const s of this.hlines(layout)) {
      const y = this.yUnit(s.y0);
      if (isFinite(y)) { y0 = Math.min(y0, y); y1 = Math.max(y1, y); }
    }
    const yAxis = layout.yaxis || {};
    const bars = this.traces.some((t) => t.bar);
    if (!this.logY && (yAxis.rangemode === "tozero" || bars)) { y0 = Math.min(y0, 0); y1 = Math.max(y1, 0); }
    if (bars && isFinite(x0)) {   // whole bars at the ends: half the narrowest spacing beyond them
      const xs = this.traces.filter((t) => t.bar).flatMap((t) => Array.from(t.x)).sort((a, b) => a - b);
      const gaps = xs.slice(1).map((v, i) => v - xs[i]).filter((d) => d > 0);
      const half = (gaps.length ? Math.min(...gaps) : 1) / 2;
      x0 -= half;
      x1 += half;
    }
    if ((layout.xaxis || {}).rangemode === "tozero") { x0 = Math.min(x0, 0); x1 = Math.max(x1, 0); }
    if (this.categories) { x0 = -0.5; x1 = this.categories.length - 0.5; }
    const x = isFinite(x0) ? this.padded(x0, x1, markers && !this.categories ? 0.03 : 0) : [0, 1];
    const y = isFinite(y0) ? this.padded(y0, y1, 0.06) : [0, 1];
    const reversed = (axis, r) => ((axis || {}).autorange === "reversed" ? [r[1], r[0]] : r);
    return { x: plotlyRange(layout.xaxis) || reversed(layout.xaxis, x), y: plotlyRange(yAxis) || reversed(yAxis, y) };
  }

  padded(lo, hi, share) {
    if (hi - lo < 1e-12) return [lo - (Math.abs(lo) * 0.1 || 0.5), hi + (Math.abs(hi) * 0.1 || 0.5)];
    const pad = (hi - lo) * share;
    return [lo - pad, hi + pad];
  }

  hlines(layout) {
    return (layout.shapes || []).filter((s) => s.type === "line" && s.y0 === s.y1);
  }

  layOut(ctx, layout) {
    // The plot area {l, t, w, h} (css px) inside the title, legend, tick labels and axis titles.
    const font = this.theme.font.family;
    ctx.font = `14px ${font}`;
    const xShown = (layout.xaxis || {}).visible !== false, yShown = (layout.yaxis || {}).visible !== false;
    const yTicks = (this.logY ? logTicks : linearTicks)(this.ranges.y, 6);
    const labelWidth = Math.max(24, ...yTicks.map((t) => ctx.measureText(t.label).width));
    const hasTitle = (layout.title || {}).text;
    const yTitle = yShown && ((layout.yaxis || {}).title || {}).text;
    const xTitle = xShown && ((layout.xaxis || {}).title || {}).text;
    const top = hasTitle ? 40 : 12;
    this.legendRows = this.legendLayout(ctx, layout);
    const legendHeight = this.legendRows.length * 22;
    const l = yShown ? 10 + (yTitle ? 24 : 0) + labelWidth + 8 : 10;
    const b = xShown ? 26 + (xTitle ? 26 : 0) : 10;
    const scaled = this.traces.find((t) => t.scale && t.scale.bar);
    const r = scaled ? this.colourBarWidth(ctx, scaled.scale.range, scaled.scale.bar) : 20;
    return { l, t: top + legendHeight + 8, w: Math.max(10, this.width - l - r),
             h: Math.max(10, this.height - top - legendHeight - 8 - b) };
  }

  legendLayout(ctx, layout) {
    // Rows of legend entries {trace, x, width}, left to right; none for a single trace.
    const shown = this.traces.filter((t) => t.showlegend);
    if (!(layout.showlegend ?? shown.length > 1)) return [];
    const rows = [[]];
    const title = (((layout.legend || {}).title || {}).text);
    let x = 0;
    if (title) { rows[0].push({ text: title, x: 0 }); x = ctx.measureText(title).width + 12; }
    for (const t of shown) {
      const width = 30 + ctx.measureText(t.name).width + 18;
      if (x > 0 && x + width > this.width - 70) { rows.push([]); x = 0; }
      rows[rows.length - 1].push({ trace: t, x });
      x += width;
    }
    return rows;
  }

  equalScales(shrinkArea) {
    // One data unit is as long on y as on x (yaxis.scaleanchor "x"): widen the axis that has
    // more pixels per unit, about its centre, as plotly.js's constrain "range" does; or, with
    // constrain "domain" (shrinkArea), narrow the plot area about its centre instead.
    const { l, t, w, h } = this.area, { x: [x0, x1], y: [y0, y1] } = this.ranges;
    const perX = (x1 - x0) / w, perY = Math.abs(y1 - y0) / h;
    if (shrinkArea) {
      const pxPerUnit = 1 / Math.max(perX, perY), sw = (x1 - x0) * pxPerUnit, sh = Math.abs(y1 - y0) * pxPerUnit;
      this.area = { l: l + (w - sw) / 2, t: t + (h - sh) / 2, w: sw, h: sh };
      return;
    }
    const widen = ([a, b], span) => [(a + b) / 2 - span / 2, (a + b) / 2 + span / 2];
    this.ranges = perX > perY ? { x: [x0, x1], y: widen([y0, y1], perX * h) }
                              : { x: widen([x0, x1], perY * w), y: [y0, y1] };
  }

  toPx(x, y) {
    const { l, t, w, h } = this.area, { x: [x0, x1], y: [y0, y1] } = this.ranges;
    return [l + ((x - x0) / (x1 - x0)) * w, t + h - ((y - y0) / (y1 - y0)) * h];
  }

  fromPx(px, py) {
    const { l, t, w, h } = this.area, { x: [x0, x1], y: [y0, y1] } = this.ranges;
    return [x0 + ((px - l) / w) * (x1 - x0), y0 + ((t + h - py) / h) * (y1 - y0)];
  }

  drawGrid(ctx, layout, xTicks, yTicks) {
    const { l, t, w, h } = this.area;
    if ((layout.xaxis || {}).visible === false) xTicks = [];
    if ((layout.yaxis || {}).visible === false) yTicks = [];
    const axisColour = this.theme.xaxis.gridcolor;
    ctx.strokeStyle = axisColour;
    ctx.lineWidth = 1;
    ctx.setLineDash([]);
    ctx.fillStyle = this.theme.font.color;
    ctx.font = `14px ${this.theme.font.family}`;
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    for (const tick of xTicks) {
      const [px] = this.toPx(tick.at, this.ranges.y[0]);
      if (px < l - 0.5 || px > l + w + 0.5) continue;
      ctx.beginPath(); ctx.moveTo(Math.round(px) + 0.5, t); ctx.lineTo(Math.round(px) + 0.5, t + h); ctx.stroke();
      ctx.fillText(tick.label, px, t + h + 6);
    }
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    for (const tick of yTicks) {
      const [, py] = this.toPx(this.ranges.x[0], tick.at);
      if (py < t - 0.5 || py > t + h + 0.5) continue;
      ctx.beginPath(); ctx.moveTo(l, Math.round(py) + 0.5); ctx.lineTo(l + w, Math.round(py) + 0.5); ctx.stroke();
      ctx.fillText(tick.label, l - 6, py);
    }
  }

  clipToArea(ctx) {
    // Until ctx.restore(), draw only inside the plot area.
    const { l, t, w, h } = this.area;
    ctx.save();
    ctx.beginPath();
    ctx.rect(l, t, w, h);
    ctx.clip();
  }

  drawPictures(ctx, layout) {
    // Layout images in data coordinates (viz.raster.image_layer): top-left anchored, stretched.
    this.clipToArea(ctx);
    ctx.imageSmoothingEnabled = true;
    for (const image of layout.images || []) {
      const img = this.pictures.get(image.source);
      if (!img || !img.complete || !img.naturalWidth) continue;
      const [x0, y0] = this.toPx(image.x, image.y);
      const [x1, y1] = this.toPx(image.x + image.sizex, image.y - image.sizey);
      ctx.drawImage(img, x0, y0, x1 - x0, y1 - y0);
    }
    ctx.restore();
  }

  drawTraces(ctx, layout) {
    const { l, w } = this.area;
    this.clipToArea(ctx);
    for (const s of this.hlines(layout)) {
      const [, py] = this.toPx(0, this.yUnit(s.y0));
      const style = s.line || {};
      ctx.strokeStyle = style.color || "#555";
      ctx.lineWidth = style.width ?? 2;
      ctx.setLineDash(DASHES[style.dash] || []);
      ctx.beginPath(); ctx.moveTo(l, py); ctx.lineTo(l + w, py); ctx.stroke();
    }
    let points = 0;
    for (const tr of this.traces.filter((t) => t.bar)) points += this.drawBars(ctx, tr, layout);
    for (const tr of this.traces.filter((t) => !t.bar)) {
      ctx.globalAlpha = tr.opacity;
      ctx.strokeStyle = ctx.fillStyle = tr.colour;
      ctx.lineWidth = tr.width;
      ctx.lineJoin = "round";
      ctx.setLineDash(tr.dash);
      ctx.beginPath();
      let pen = false, lastY = 0;
      for (let i = 0; i < tr.x.length; i++) {
        const y = this.yUnit(tr.y[i]);
        if (!isFinite(tr.x[i]) || !isFinite(y)) { if (!tr.connect) pen = false; continue; }
        const [px, py] = this.toPx(tr.x[i], y);
        points++;
        if (!pen) ctx.moveTo(px, py);
        else if (tr.step) { ctx.lineTo(px, lastY); ctx.lineTo(px, py); }
        else ctx.lineTo(px, py);
        pen = true;
        lastY = py;
      }
      if (tr.fill) { ctx.fillStyle = tr.fill; ctx.fill(); ctx.fillStyle = tr.colour; }
      if (tr.lines) ctx.stroke();
      if (tr.labels) this.drawLabels(ctx, tr);
      if (tr.markers && tr.markerOpacity > 0) {
        ctx.globalAlpha = tr.opacity * tr.markerOpacity;
        ctx.setLineDash([]);
        if (!tr.scale) ctx.beginPath();   // one colour: every marker in one path, filled once
        for (let i = 0; i < tr.x.length; i++) {
          const y = this.yUnit(tr.y[i]);
          if (!isFinite(tr.x[i]) || !isFinite(y)) continue;
          const [px, py] = this.toPx(tr.x[i], y);
          if (tr.scale) {
            ctx.fillStyle = tr.scale.colours[i];
            ctx.beginPath();
            this.markerPath(ctx, tr, px, py);
            this.paintMarkers(ctx, tr);
          } else this.markerPath(ctx, tr, px, py);
        }
        if (!tr.scale) this.paintMarkers(ctx, tr);
      }
    }
    ctx.restore();   // and globalAlpha
    this.pointsDrawn = points;
  }

  markerPath(ctx, tr, px, py) {
    // Add a marker at (px, py) to the current path: a circle, diamond or square (plotly's size
    // is the diameter; a diamond's is its diagonal).
    const r = tr.radius;
    if (tr.symbol === "diamond") {
      ctx.moveTo(px, py - r * 1.3); ctx.lineTo(px + r * 1.3, py); ctx.lineTo(px, py + r * 1.3); ctx.lineTo(px - r * 1.3, py);
      ctx.closePath();
    } else if (tr.symbol === "square") ctx.rect(px - r, py - r, 2 * r, 2 * r);
    else { ctx.moveTo(px + r, py); ctx.arc(px, py, r, 0, 2 * Math.PI); }
  }

  paintMarkers(ctx, tr) {
    // Fill the markers' path in the current fill, outlined when marker.line says so.
    ctx.fill();
    if (tr.outline) {
      ctx.save();
      ctx.strokeStyle = tr.outline.color || "#444";
      ctx.lineWidth = tr.outline.width ?? 1;
      ctx.stroke();
      ctx.restore();
    }
  }

  drawLabels(ctx, tr) {
    // A text trace: each label at its point, on the side textposition names ("middle left": the
    // text ends left of the point).
    const [vertical, side] = tr.textposition.split(" ");
    ctx.font = `${tr.textfont.size || 14}px ${this.theme.font.family}`;
    ctx.fillStyle = tr.textfont.color || this.theme.font.color;
    ctx.textAlign = { left: "right", right: "left" }[side] || "center";
    ctx.textBaseline = { top: "bottom", bottom: "top" }[vertical] || "middle";
    const away = (tr.markers ? tr.radius : 0) + 3;   // clear of the point's marker
    for (let i = 0; i < tr.x.length; i++) {
      const y = this.yUnit(tr.y[i]);
      if (!isFinite(tr.x[i]) || !isFinite(y) || tr.labels[i] == null) continue;
      const [px, py] = this.toPx(tr.x[i], y);
      ctx.fillText(String(tr.labels[i]), px + ({ left: -away, right: away }[side] || 0),
                   py + ({ top: -away, bottom: away }[vertical] || 0));
    }
    ctx.fillStyle = tr.colour;
  }

  drawBars(ctx, tr, layout) {
    // One bar per finite y, from the axis floor (0, or the bottom of a log axis); text over it.
    const width = 1 - (layout.bargap ?? 0.2);
    const base = this.logY ? this.ranges.y[0] : 0;
    let drawn = 0;
    ctx.font = `14px ${this.theme.font.family}`;
    ctx.textAlign = "center";
    ctx.textBaseline = "bottom";
    for (let i = 0; i < tr.x.length; i++) {
      const y = this.yUnit(tr.y[i]);
      if (!isFinite(tr.x[i]) || !isFinite(y)) continue;
      const [left, top] = this.toPx(tr.x[i] - width / 2, y);
      const [right, bottom] = this.toPx(tr.x[i] + width / 2, base);
      ctx.fillStyle = (tr.colours && tr.colours[i]) || tr.colour;
      ctx.fillRect(left, Math.min(top, bottom), right - left, Math.abs(bottom - top));
      if (tr.labels && tr.labels[i]) {
        ctx.fillStyle = this.theme.font.color;
        ctx.fillText(String(tr.labels[i]), (left + right) / 2, Math.min(top, bottom) - 2);
      }
      drawn++;
    }
    return drawn;
  }

  drawNotes(ctx, layout) {
    const { l, t, w, h } = this.area;
    for (const a of layout.annotations || []) {
      const font = a.font || {};
      ctx.font = `${font.size || 14}px ${this.theme.font.family}`;
      ctx.fillStyle = font.color || this.theme.font.color;
      ctx.textAlign = { left: "left", right: "right" }[a.xanchor] || "center";
      ctx.textBaseline = { top: "top", bottom: "bottom" }[a.yanchor] || "middle";
      // xref "x", yref "y": values in axis units (log10 on a log axis, as in plotly.js)
      const x = (a.xref ?? "x") === "x" ? this.toPx(a.x, 0)[0] : l + (a.x ?? 0.5) * w;
      const y = (a.yref ?? "y") === "y" ? this.toPx(0, a.y)[1] : t + (1 - (a.y ?? 0.5)) * h;
      if (a.showarrow) { this.drawArrow(ctx, a); continue; }
      const bold = /<b>/i.test(a.text) ? "bold " : "";
      ctx.font = `${bold}${font.size || 14}px ${this.theme.font.family}`;
      const lines = String(a.text).split(/<br\s*\/?>/i).map(plainText);
      const step = (font.size || 14) * 1.25;
      const first = y - (ctx.textBaseline === "bottom" ? (lines.length - 1) * step
                         : ctx.textBaseline === "middle" ? ((lines.length - 1) * step) / 2 : 0);
      lines.forEach((line, i) => ctx.fillText(line, x, first + i * step));
    }
  }

  drawArrow(ctx, a) {
    // An arrow from (ax, ay) to (x, y), both in data coordinates, its head at (x, y).
    const [x0, y0] = this.toPx(a.ax, a.ay), [x1, y1] = this.toPx(a.x, a.y);
    const width = a.arrowwidth ?? 1, head = 3 + 2.5 * width, angle = Math.atan2(y1 - y0, x1 - x0);
    ctx.strokeStyle = ctx.fillStyle = a.arrowcolor || "#444";
    ctx.lineWidth = width;
    ctx.setLineDash([]);
    ctx.beginPath();
    ctx.moveTo(x0, y0);
    ctx.lineTo(x1 - Math.cos(angle) * head * 0.8, y1 - Math.sin(angle) * head * 0.8);
    ctx.stroke();
    ctx.beginPath();
    ctx.moveTo(x1, y1);
    ctx.lineTo(x1 - head * Math.cos(angle - 0.45), y1 - head * Math.sin(angle - 0.45));
    ctx.lineTo(x1 - head * Math.cos(angle + 0.45), y1 - head * Math.sin(angle + 0.45));
    ctx.closePath();
    ctx.fill();
  }

  drawBoxes(ctx, layout) {
    // Rectangles in data coordinates (shapes of type "rect"), filled and outlined, over the traces.
    for (const b of (layout.shapes || []).filter((shape) => shape.type === "rect")) {
      this.paintRect(ctx, b, this.toPx(b.x0, this.yUnit(b.y0)), this.toPx(b.x1, this.yUnit(b.y1)));
    }
  }

  drawLegend(ctx) {
    const y0 = this.area.t - this.legendRows.length * 22 - 4;
    ctx.font = `14px ${this.theme.font.family}`;
    ctx.textBaseline = "middle";
    ctx.textAlign = "left";
    this.legendRows.forEach((row, r) => {
      const y = y0 + r * 22 + 11;
      for (const entry of row) {
        const x = this.area.l + entry.x;
        ctx.fillStyle = this.theme.font.color;
        if (!entry.trace) { ctx.fillText(entry.text, x, y); continue; }
        const tr = entry.trace;
        ctx.strokeStyle = ctx.fillStyle = tr.colour;
        ctx.lineWidth = Math.min(tr.width, 4);
        ctx.setLineDash(tr.dash);
        if (tr.lines) { ctx.beginPath(); ctx.moveTo(x, y); ctx.lineTo(x + 24, y); ctx.stroke(); }
        if (tr.markers) {
          ctx.beginPath();
          this.markerPath(ctx, { ...tr, radius: Math.max(tr.radius, 4) }, x + 12, y);
          this.paintMarkers(ctx, tr);
        }
        ctx.fillStyle = this.theme.font.color;
        ctx.fillText(tr.name, x + 30, y);
      }
    });
    ctx.setLineDash([]);
  }

  drawTitles(ctx, layout) {
    const { l, t, w, h } = this.area;
    const family = this.theme.font.family;
    ctx.fillStyle = this.theme.font.color;
    const title = (layout.title || {}).text;
    if (title) {
      ctx.font = `${((layout.title || {}).font || {}).size || 18}px ${family}`;
      ctx.textAlign = "left";
      ctx.textBaseline = "top";
      ctx.fillText(plainText(title), 10, 10);
    }
    ctx.font = `15px ${family}`;
    const xTitle = ((layout.xaxis || {}).title || {}).text;
    if (xTitle) {
      ctx.textAlign = "center";
      ctx.textBaseline = "bottom";   // under the tick labels, where a square plot area ends too
      ctx.fillText(xTitle, l + w / 2, Math.min(this.height - 4, t + h + 48));
    }
    const yTitle = ((layout.yaxis || {}).title || {}).text;
    if (yTitle) {
      ctx.save();
      ctx.translate(16, t + h / 2);
      ctx.rotate(-Math.PI / 2);
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      ctx.fillText(yTitle, 0, 0);
      ctx.restore();
    }
  }

  // ---- hover ---------------------------------------------------------------------------------

  panelAt(px, py) {
    const { l, t, w, h } = this.area || {};
    if (!this.area || px < l || px > l + w || py < t || py > t + h) return null;
    return { id: "", area: this.area, fromPx: (qx, qy) => this.fromPx(qx, qy) };
  }

  pointLabel(tr, i) {
    // What hovering point i of a trace shows: its text, else its hovertemplate (x and y filled in).
    if (tr.text) return String(tr.text[i]).replace(/<[^>]+>/g, "");
    const values = { x: tr.x[i], y: tr.y[i], "marker.color": tr.scale ? tr.scale.values[i] : "" };
    return fillTemplate(tr.template || `${tr.name}: (%{x:.3g}, %{y:.3g})`, values);
  }

  pointed(tr) {
    // Traces hovered point by point: labelled points, and markers without lines (a point cloud).
    return tr.hover && (tr.text || (tr.markers && !tr.lines));
  }

  hoverText(px, py) {
    // The label of the point nearest the pointer (within 24 px), if any.
    let best = null;
    for (const tr of this.traces) {
      if (!this.pointed(tr)) continue;
      for (let i = 0; i < tr.x.length; i++) {
        const [qx, qy] = this.toPx(tr.x[i], this.yUnit(tr.y[i]));
        const d = Math.hypot(qx - px, qy - py);
        if (d < 24 && (!best || d < best.d)) best = { d, qx, qy, tr, i };
      }
    }
    if (best) best.text = this.pointLabel(best.tr, best.i);
    if (!best) return this.clearOverlay();
    this.paintOverlay((ctx) => this.readout(ctx, [best.text], best.qx, best.qy - 14));
  }

  hover(px, py) {
    // Labelled points and point clouds show a point's label; lines show a vertical rule and each
    // trace's value there.
    if (this.traces.some((tr) => this.pointed(tr))) return this.hoverText(px, py);
    const [x] = this.fromPx(px, 0);
    let best = null;
    for (const tr of this.traces) {
      if (!tr.hover) continue;
      for (let i = 0; i < tr.x.length; i++) {
        if (!isFinite(tr.x[i]) || !isFinite(this.yUnit(tr.y[i]))) continue;
        const d = Math.abs(tr.x[i] - x);
        if (!best || d < best.d) best = { d, x: tr.x[i] };
      }
    }
    if (!best) return this.clearOverlay();
    const rows = [];
    for (const tr of this.traces.filter((t) => t.hover)) {
      let near = -1;
      for (let i = 0; i < tr.x.length; i++) if (tr.x[i] === best.x && isFinite(this.yUnit(tr.y[i]))) near = i;
      if (near >= 0) rows.push({ tr, y: tr.y[near], i: near });
    }
    const [bx] = this.toPx(best.x, this.ranges.y[0]);
    this.paintOverlay((ctx) => {
      const { t, h } = this.area;
      ctx.strokeStyle = "#999";
      ctx.setLineDash([4, 3]);
      ctx.beginPath(); ctx.moveTo(bx, t); ctx.lineTo(bx, t + h); ctx.stroke();
      ctx.setLineDash([]);
      const xTitle = (((this.figure.layout || {}).xaxis || {}).title || {}).text || "x";
      const at = this.categories ? this.categories[best.x] : +best.x.toPrecision(6);
      const extra = (r) => (r.tr.extra && r.tr.extra[r.i] ? ` (${r.tr.extra[r.i]})` : "");
      const lines = [`${xTitle} ${at}`,
                     ...rows.map((r) => `${r.tr.bar ? "" : `${r.tr.name}: `}${+Number(r.y).toPrecision(4)}${extra(r)}`)];
      this.readout(ctx, lines, bx - 2, t + 4, [null, ...rows.map((r) => r.tr.colour)]);
    });
  }
}
