// The live chart's line renderer: draws a Chart spec (dl_engine/viz/spec/chart.py) on one
// <canvas> in about a millisecond (plotly.js spent 20–60 ms redrawing a line chart's or the
// network diagram's SVG). It reads, in the wire's plotly key names: title, axis titles (or hidden
// or reversed axes), linear or log y, fixed ranges, equal scales, lines (width, dash, "hv" steps,
// NaN gaps, opacity, filled outlines), markers (one colour, or by value with a colour bar;
// outlined, dashed), text at points, one bar trace, a legend, horizontal lines, rectangles, notes
// in the plot or at data values (backed, shifted), arrows, and pictures (viz.raster) under it
// all. Hover reads values or a point's label; zoom, tools and downloads: canvas_base.js.
const PLOTLY_COLOURS = ["#636efa", "#EF553B", "#00cc96", "#ab63fa", "#FFA15A", "#19d3f3", "#FF6692",
                        "#B6E880", "#FF97FF", "#FECB52"];
const DASHES = { dash: [9, 5], dot: [2, 4], dashdot: [9, 4, 2, 4], longdash: [14, 6], solid: [] };

function axisUnit(v, log) {
  // A value in its axis' units: log10 on a log axis (where v ≤ 0 has no place: NaN), as plotly.js.
  return log ? (v > 0 ? Math.log10(v) : NaN) : v;
}

function plotlyRange(axis) {
  // layout.<axis>.range, fixed by the figure; already in the renderer's units (log10 on a log axis).
  const r = axis && axis.range;
  if (!r || axis.autorange === true || r.length !== 2 || r.some((v) => v === null || !isFinite(v))) return null;
  return [+r[0], +r[1]];
}

function base64Bytes(text) {
  // A base64 string -> its bytes (a loop: Uint8Array.from with a callback is several times slower).
  const raw = atob(text);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

function paintTiles(codes, palette, at, tile, rgba, width) {
  // Tiles of one byte a pixel -> RGBA rows `width` px wide, cleared first: pixel p of tile k
  // (tile = [h, w] px) takes palette entry codes[k·h·w + p] (4 bytes each), as whole words; tile k
  // has its top-left pixel at (at[2k], at[2k + 1]).
  const [h, w] = tile;
  const from = new Uint32Array(palette.buffer, palette.byteOffset, palette.length / 4);
  const to = new Uint32Array(rgba.buffer, rgba.byteOffset, rgba.length / 4);
  to.fill(0);
  for (let k = 0, i = 0; k < at.length / 2; k++) {
    for (let r = 0; r < h; r++) {
      const row = (at[2 * k + 1] + r) * width + at[2 * k];
      for (let c = 0; c < w; c++) to[row + c] = from[codes[i++]];
    }
  }
}

class CanvasChart extends CanvasBase {
  constructor(gd, theme) {
    super(gd, theme);
    this.pictures = [];   // layout image i -> {codes, canvas}: its pixels painted once, redrawn as is
    this.palettes = new Map();   // palette base64 -> its bytes (the colour map pictures share)
  }

  // ---- drawing -------------------------------------------------------------------------------

  draw(figure, width, height) {
    this.figure = figure;
    this.width = width;
    this.height = height;
    this.render();
    return Promise.resolve();
  }

  picture(image, i) {
    // Layout image i (viz.raster: tiles of codes into a palette, as typed-array specs) as an
    // offscreen canvas, repainted only when its codes change: putImageData, no image decoding.
    const { codes, palette, at, size: [cols, rows] } = image.dl_pixels;
    const cached = this.pictures[i];
    if (cached && cached.codes === codes.bdata && cached.palette === palette.bdata && cached.at === at.bdata) {
      return cached.canvas;
    }
    const canvas = cached && cached.canvas.width === cols && cached.canvas.height === rows
      ? cached.canvas : Object.assign(document.createElement("canvas"), { width: cols, height: rows });
    const pixels = cached && cached.canvas === canvas ? cached.pixels : new ImageData(cols, rows);
    if (!this.palettes.has(palette.bdata)) this.palettes.set(palette.bdata, base64Bytes(palette.bdata));
    const tile = codes.shape.split(",").map(Number).slice(1);
    paintTiles(base64Bytes(codes.bdata), this.palettes.get(palette.bdata), new Int32Array(base64Bytes(at.bdata).buffer),
               tile, pixels.data, cols);
    canvas.getContext("2d").putImageData(pixels, 0, 0);
    this.pictures[i] = { codes: codes.bdata, palette: palette.bdata, at: at.bdata, canvas, pixels };
    return canvas;
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
    this.drawGrid(ctx, layout, this.yTicks(layout, this.area.h));
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
        x, y: t.y || [], colour, width: (line.width ?? 2) * this.scale, dash: DASHES[line.dash] || [],
        lines: mode.includes("lines"), markers: mode.includes("markers"), step: line.shape === "hv",
        labels: mode.includes("text") ? t.text : null, textposition: t.textposition || "middle center",
        textfont: t.textfont || {}, scale: perPoint ? this.pointScale(marker) : null,
        radius: ((marker.size ?? 6) / 2) * this.scale, connect: !!t.connectgaps, fill: t.fill === "toself" ? t.fillcolor : null,
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
      if (!isFinite(v)) return "rgba(0, 0, 0, 0)";   // no value: a gap, as in a heatmap
      const k = colourIndex(v, [lo, hi]) * 3;
      return `rgb(${table[k]}, ${table[k + 1]}, ${table[k + 2]})`;
    });
    return { values, colours, range: [lo, hi], stops: marker.colorscale, bar: marker.showscale ? marker.colorbar || {} : null };
  }

  categoryTicks() {
    return this.categories && this.categories.map((label, at) => ({ at, label }));
  }

  yUnit(v) {
    return axisUnit(v, this.logY);
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
    // The plot area {l, t, w, h} (css px) inside the title, legend (above or below), tick labels
    // and axis titles; the x tick labels and the legend are laid out here, so the margins hold them.
    const s = this.scale;
    const xShown = (layout.xaxis || {}).visible !== false, yShown = (layout.yaxis || {}).visible !== false;
    const yTitle = yShown && ((layout.yaxis || {}).title || {}).text;
    const xTitle = xShown && ((layout.xaxis || {}).title || {}).text;
    this.titleBox = this.titleLayout(ctx, layout);
    const top = this.titleBox.lines.length ? this.titleBox.bottom + 6 * s : 12 * s;
    ctx.font = this.font(14);
    const guessH = Math.max(10, this.height - top - 60 * s);
    const yLabels = [...this.yTicks(layout, 6 * 45 * s), ...this.yTicks(layout, guessH)];
    const labelWidth = Math.max(24 * s, ...yLabels.map((t) => ctx.measureText(t.label).width));
    const l = yShown ? (10 + (yTitle ? 24 : 0)) * s + labelWidth + 8 * s : 10 * s;
    const scaled = this.traces.find((t) => t.scale && t.scale.bar);
    const r = scaled ? this.colourBarWidth(ctx, scaled.scale.range, scaled.scale.bar) : 20 * s;
    const w = Math.max(10, this.width - l - r);
    this.xLabels = xShown ? this.fitXTicks(ctx, layout, w) : { ticks: [], lines: 0 };
    this.legend = this.legendLayout(ctx, layout, this.width - l - 10 * s);
    const legendHeight = this.legend.rows.length * this.legend.rowHeight;
    const ticksHeight = xShown ? 8 * s + this.xLabels.lines * 17 * s : 0;
    const b = xShown ? ticksHeight + (xTitle ? 24 * s : 0) + 6 * s : 10 * s;
    const t = top + (this.legend.below ? 0 : legendHeight) + 8 * s;
    const h = Math.max(10, this.height - t - b - (this.legend.below ? legendHeight + 4 * s : 0));
    this.ticksHeight = ticksHeight;
    this.legendTop = this.legend.below ? t + h + b : t - legendHeight - 4 * s;
    this.fullLeft = l;   // the plot area's left before a square plot area narrows it (legend, y title)
    return { l, t, w, h };
  }

  yTicks(layout, h) {
    // The y axis' ticks for a plot area h px high: about one per 45 px.
    const count = Math.max(2, Math.floor(h / (45 * this.scale)));
    return this.logY ? logTicks(this.ranges.y, count) : axisTicks(layout.yaxis, this.ranges.y, count);
  }

  fitXTicks(ctx, layout, w) {
    // The x ticks for a plot area w px wide, each label as lines: a label wider than the room
    // between ticks (names such as "horizontal bar") is wrapped onto two lines and shortened with
    // "…" if need be; labels that still collide are skipped when drawn. {ticks, lines}.
    const s = this.scale;
    const axis = layout.xaxis || {};
    const [x0, x1] = this.ranges.x;
    const ticks = explicitTicks(axis) || this.categoryTicks()
      || axisTicks(axis, this.ranges.x, Math.max(2, Math.floor(w / (90 * s))));
    const at = ticks.map((k) => k.at).filter((v) => v >= Math.min(x0, x1) && v <= Math.max(x0, x1)).sort((a, b) => a - b);
    const gap = Math.min(w, ...at.slice(1).map((v, i) => ((v - at[i]) / Math.abs(x1 - x0 || 1)) * w));
    const room = gap - 8 * s;
    ctx.font = this.font(14);
    let lines = 1;
    const fitted = ticks.map((k) => {
      if (ctx.measureText(k.label).width <= room || room < 30 * s) return { ...k, lines: [k.label] };
      const two = wrapped(ctx, k.label, room, 2);
      lines = Math.max(lines, two.length);
      return { ...k, lines: two };
    });
    return { ticks: fitted, lines };
  }

  legendLayout(ctx, layout, room) {
    // Legend entries {trace, x} in rows at most `room` px wide, left to right; none for a single
    // trace. Placed below the plot when the figure puts it there (y under the plot), else above.
    const s = this.scale;
    const shown = this.traces.filter((t) => t.showlegend);
    const legend = layout.legend || {};
    const below = legendBelow(legend);
    const result = { rows: [], below, rowHeight: 22 * s };
    if (!(layout.showlegend ?? shown.length > 1)) return result;
    ctx.font = this.font(14);
    const rows = [[]];
    const title = ((legend.title || {}).text);
    let x = 0;
    if (title) { rows[0].push({ text: title, x: 0 }); x = ctx.measureText(title).width + 12 * s; }
    for (const t of shown) {
      const name = shortened(ctx, t.name, room - 30 * s);
      const width = 30 * s + ctx.measureText(name).width + 18 * s;
      if (x > 0 && x + width - 18 * s > room) { rows.push([]); x = 0; }
      rows[rows.length - 1].push({ trace: t, name, x });
      x += width;
    }
    result.rows = rows;
    return result;
  }

  equalScales(shrinkArea) {
    // One data unit is as long on y as on x (yaxis.scaleanchor "x"): widen the axis that has
    // more pixels per unit, about its centre, as plotly.js's constrain "range" does; or, with
    // constrain "domain" (shrinkArea), narrow the plot area about its centre instead.
    const { w, h } = this.area, { x: [x0, x1], y: [y0, y1] } = this.ranges;
    const perX = (x1 - x0) / w, perY = Math.abs(y1 - y0) / h;
    if (shrinkArea) {
      this.area = squareArea(this.area, x1 - x0, y1 - y0);
      return;
    }
    const widen = ([a, b], span) => [(a + b) / 2 - span / 2, (a + b) / 2 + span / 2];
    this.ranges = perX > perY ? { x: [x0, x1], y: widen([y0, y1], perX * h) }
                              : { x: widen([x0, x1], perY * w), y: [y0, y1] };
  }

  toPx(x, y) {
    return toPixels(this.area, this.ranges, x, y);
  }

  fromPx(px, py) {
    return fromPixels(this.area, this.ranges, px, py);
  }

  drawGrid(ctx, layout, yTicks) {
    // Grid lines and tick labels; a label that would touch the one before it is skipped.
    const { l, t, w, h } = this.area, s = this.scale;
    const xTicks = (layout.xaxis || {}).visible === false ? [] : this.xLabels.ticks;
    if ((layout.yaxis || {}).visible === false) yTicks = [];
    ctx.strokeStyle = this.theme.xaxis.gridcolor;
    ctx.lineWidth = 1;
    ctx.setLineDash([]);
    ctx.fillStyle = this.theme.font.color;
    ctx.font = this.font(14);
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    let last = null;
    for (const tick of xTicks) {
      const [px] = this.toPx(tick.at, this.ranges.y[0]);
      if (px < l - 0.5 || px > l + w + 0.5) continue;
      ctx.beginPath(); ctx.moveTo(Math.round(px) + 0.5, t); ctx.lineTo(Math.round(px) + 0.5, t + h); ctx.stroke();
      const widest = Math.max(...tick.lines.map((line) => ctx.measureText(line).width));
      const box = { x: px - widest / 2 - 3 * s, y: 0, w: widest + 6 * s, h: 1 };
      if ((last && overlaps(box, last)) || box.x < 0 || box.x + box.w > this.width + 3 * s) continue;
      last = box;
      tick.lines.forEach((line, i) => this.text(ctx, "tick", line, px, t + h + 6 * s + i * 17 * s, { axis: "x", panel: "" }));
    }
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    last = null;
    const xLabels = this.drawn.filter((b) => b.axis === "x");   // a square plot's corner: x's first label
    for (const tick of yTicks) {
      const [, py] = this.toPx(this.ranges.x[0], tick.at);
      if (py < t - 0.5 || py > t + h + 0.5) continue;
      ctx.beginPath(); ctx.moveTo(l, Math.round(py) + 0.5); ctx.lineTo(l + w, Math.round(py) + 0.5); ctx.stroke();
      const box = { x: 0, y: py - 9 * s, w: 1, h: 18 * s };
      if ((last && overlaps(box, last)) || xLabels.some((b) => overlaps(textBox(ctx, tick.label, l - 6 * s, py), b))) continue;
      last = box;
      this.text(ctx, "tick", tick.label, l - 6 * s, py, { axis: "y", panel: "" });
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
    const images = layout.images || [];
    images.forEach((image, i) => {
      const [x0, y0] = this.toPx(image.x, image.y);
      const [x1, y1] = this.toPx(image.x + image.sizex, image.y - image.sizey);
      ctx.drawImage(this.picture(image, i), x0, y0, x1 - x0, y1 - y0);
    });
    this.pictures.length = images.length;
    ctx.restore();
  }

  drawTraces(ctx, layout) {
    const { l, w } = this.area;
    this.clipToArea(ctx);
    for (const s of this.hlines(layout)) {
      const [, py] = this.toPx(0, this.yUnit(s.y0));
      const style = s.line || {};
      ctx.strokeStyle = style.color || "#555";
      ctx.lineWidth = (style.width ?? 2) * this.scale;
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
      ctx.lineWidth = (tr.outline.width ?? 1) * this.scale;
      ctx.setLineDash((DASHES[tr.outline.dash] || []).map((d) => d * this.scale));
      ctx.stroke();
      ctx.restore();
    }
  }

  drawLabels(ctx, tr) {
    // A text trace: each label at its point, on the side textposition names ("middle left": the
    // text ends left of the point).
    const [vertical, side] = tr.textposition.split(" ");
    ctx.font = this.font(tr.textfont.size || 14);
    ctx.fillStyle = tr.textfont.color || this.theme.font.color;
    ctx.textAlign = { left: "right", right: "left" }[side] || "center";
    ctx.textBaseline = { top: "bottom", bottom: "top" }[vertical] || "middle";
    const away = (tr.markers ? tr.radius : 0) + 3 * this.scale;   // clear of the point's marker
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
    ctx.font = this.font(14);
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
      ctx.font = this.font(font.size || 14);
      ctx.fillStyle = font.color || this.theme.font.color;
      ctx.textAlign = { left: "left", right: "right" }[a.xanchor] || "center";
      ctx.textBaseline = { top: "top", bottom: "bottom" }[a.yanchor] || "middle";
      // xref "x", yref "y": values in axis units (log10 on a log axis, as in plotly.js)
      const x = (a.xref ?? "x") === "x" ? this.toPx(a.x, 0)[0] : l + (a.x ?? 0.5) * w;
      // yshift: px up from the anchor (present mode scales it with the text)
      const y = ((a.yref ?? "y") === "y" ? this.toPx(0, a.y)[1] : t + (1 - (a.y ?? 0.5)) * h) - (a.yshift || 0) * this.scale;
      if (a.showarrow) { this.drawArrow(ctx, a); continue; }
      const bold = /<b>/i.test(a.text) ? "bold " : "";
      ctx.font = this.font(font.size || 14, bold);
      const lines = String(a.text).split(/<br\s*\/?>/i).map(plainText);
      const step = (font.size || 14) * 1.25 * this.scale;
      const first = y - (ctx.textBaseline === "bottom" ? (lines.length - 1) * step
                         : ctx.textBaseline === "middle" ? ((lines.length - 1) * step) / 2 : 0);
      if (a.bgcolor) this.noteBackground(ctx, a.bgcolor, lines, x, first, step);
      ctx.fillStyle = font.color || this.theme.font.color;
      lines.forEach((line, i) => ctx.fillText(line, x, first + i * step));
    }
  }

  noteBackground(ctx, colour, lines, x, first, step) {
    // A box behind a note's lines (plotly's bgcolor), 3 px round the text, placed as the text
    // is by the context's alignment and baseline (`first`: the first line's y; lines `step` apart).
    const size = step / 1.25, pad = 3 * this.scale;
    const width = Math.max(...lines.map((line) => ctx.measureText(line).width));
    const left = ctx.textAlign === "left" ? x : ctx.textAlign === "right" ? x - width : x - width / 2;
    const top = first - ({ top: 0, bottom: size }[ctx.textBaseline] ?? size / 2);
    ctx.fillStyle = colour;
    ctx.fillRect(left - pad, top - pad, width + 2 * pad, (lines.length - 1) * step + size + 2 * pad);
  }

  drawArrow(ctx, a) {
    // An arrow from (ax, ay) to (x, y), both in data coordinates, its head at (x, y).
    const [x0, y0] = this.toPx(a.ax, a.ay), [x1, y1] = this.toPx(a.x, a.y);
    const width = (a.arrowwidth ?? 1) * this.scale, head = 3 + 2.5 * width, angle = Math.atan2(y1 - y0, x1 - x0);
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
    const s = this.scale, { rows, rowHeight } = this.legend;
    ctx.font = this.font(14);
    ctx.textBaseline = "middle";
    ctx.textAlign = "left";
    rows.forEach((row, r) => {
      const y = this.legendTop + r * rowHeight + rowHeight / 2;
      for (const entry of row) {
        const x = this.fullLeft + entry.x;
        ctx.fillStyle = this.theme.font.color;
        if (!entry.trace) { this.text(ctx, "legend", entry.text, x, y); continue; }
        const tr = entry.trace;
        ctx.strokeStyle = ctx.fillStyle = tr.colour;
        ctx.lineWidth = Math.min(tr.width, 4 * s);
        ctx.setLineDash(tr.dash);
        if (tr.lines) { ctx.beginPath(); ctx.moveTo(x, y); ctx.lineTo(x + 24 * s, y); ctx.stroke(); }
        if (tr.markers) {
          ctx.beginPath();
          this.markerPath(ctx, { ...tr, radius: Math.min(Math.max(tr.radius, 4 * s), 7 * s) }, x + 12 * s, y);   // a ring 34 px across would cover its name
          this.paintMarkers(ctx, tr);
        }
        if (tr.bar) { ctx.fillStyle = tr.colour; ctx.fillRect(x + 4 * s, y - 6 * s, 16 * s, 12 * s); }
        ctx.fillStyle = this.theme.font.color;
        this.text(ctx, "legend", entry.name, x + 30 * s, y);
      }
    });
    ctx.setLineDash([]);
  }

  drawTitles(ctx, layout) {
    // The title (fitted in layOut) and the axis titles, shrunk, then shortened, to their axis' length.
    const { l, t, w, h } = this.area, s = this.scale, family = this.theme.font.family;
    this.drawTitle(ctx, this.titleBox);
    ctx.fillStyle = this.theme.font.color;
    const xTitle = plainText(((layout.xaxis || {}).title || {}).text || "");
    if (xTitle && (layout.xaxis || {}).visible !== false) {
      fittedFont(ctx, xTitle, 15 * s, w, family);
      ctx.textAlign = "center";
      ctx.textBaseline = "top";
      this.text(ctx, "axis-title", shortened(ctx, xTitle, this.width - 8 * s), l + w / 2, t + h + this.ticksHeight + 2 * s);
    }
    const yTitle = plainText(((layout.yaxis || {}).title || {}).text || "");
    if (yTitle && (layout.yaxis || {}).visible !== false) {
      fittedFont(ctx, yTitle, 15 * s, h, family);
      // beside its tick labels, also where a square plot area moved right
      this.turnedText(ctx, "axis-title", shortened(ctx, yTitle, h + 20 * s), 16 * s + l - this.fullLeft, t + h / 2,
                      -Math.PI / 2);
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
