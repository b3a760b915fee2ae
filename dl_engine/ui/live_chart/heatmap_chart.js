// The live chart's heatmap renderer: draws a HeatmapGrid spec (dl_engine/viz/spec/heatmaps.py),
// one or more heatmap panels placed by their axes' domains, each grid one drawImage of its cells
// (plotly.js spent 30–55 ms on an attention grid or a gradient heatmap). It reads, in the wire's
// plotly key names: z (rows; NaN is a gap), x / y as cell centres (numbers,
// names, or 0, 1, … when absent), colour-scale stops, zmin / zmax (else the data's range), numbers
// written in the cells (texttemplate), square cells, gaps between cells, rectangles over them, one
// colour bar per trace that shows its scale (right of the plot, or at its colorbar.x), axis
// titles, named ticks or dtick steps, reversed y axes, paper-placed text (panel titles, upright
// or turned) and hovertemplate's %{x}, %{y}, %{z} and %{customdata}.

function cellEdges(centres, n) {
  // n cells' centres -> their n + 1 boundaries: midpoints, the outer ones half a gap out.
  const c = centres ? Array.from(centres, Number) : Array.from({ length: n }, (_, i) => i);
  const edges = new Float64Array(n + 1);
  if (n === 1) { edges[0] = c[0] - 0.5; edges[1] = c[0] + 0.5; return edges; }
  for (let i = 1; i < n; i++) edges[i] = (c[i - 1] + c[i]) / 2;
  edges[0] = c[0] - (c[1] - c[0]) / 2;
  edges[n] = c[n - 1] + (c[n - 1] - c[n - 2]) / 2;
  return edges;
}

function uniform(edges) {
  const step = (edges[edges.length - 1] - edges[0]) / (edges.length - 1);
  return edges.every((e, i) => Math.abs(e - (edges[0] + i * step)) <= Math.abs(step) * 1e-3);
}

function indexOfEdge(edges, v) {
  // The cell whose [edges[i], edges[i + 1]) holds v, or -1.
  const up = edges[edges.length - 1] >= edges[0];
  for (let i = 0; i < edges.length - 1; i++) {
    const [a, b] = up ? [edges[i], edges[i + 1]] : [edges[i + 1], edges[i]];
    if (v >= a && v <= b) return i;
  }
  return -1;
}

function turnedBox(b, x, y, angle) {
  // A box drawn in a frame turned by `angle` degrees (0, 90 clockwise, −90) about (x, y), on the page.
  if (angle === 90) return { x: x - b.y - b.h, y: y + b.x, w: b.h, h: b.w };
  if (angle === -90) return { x: x + b.y, y: y - b.x - b.w, w: b.h, h: b.w };
  return { x: x + b.x, y: y + b.y, w: b.w, h: b.h };
}

class HeatmapChart extends CanvasBase {
  constructor(gd, theme) {
    super(gd, theme);
    this.cells = new Map();   // trace index -> {key, image}: a grid's cells, redrawn when they change
  }

  draw(figure, width, height) {
    this.figure = figure;
    this.width = width;
    this.height = height;
    this.render();
    return Promise.resolve();
  }

  render() {
    const { figure, width } = this;
    if (!figure || !width) return;
    const ctx = this.context();
    const layout = figure.layout || {};
    this.traces = (figure.data || []).filter((t) => t.visible !== false);
    this.titleBox = this.titleLayout(ctx, layout);
    this.paper = this.paperArea(ctx, layout);
    this.panels = this.traces.map((trace, i) => this.panel(trace, i, layout));
    this.area = this.panels.length ? this.panels[0].area : this.paper;
    let drawn = 0;
    for (const p of this.panels) {
      drawn += this.drawCells(ctx, p);
      this.drawAxes(ctx, p);
    }
    this.drawOutlines(ctx, layout);
    this.drawColourBars(ctx);
    this.drawPaperText(ctx, layout);
    this.drawTitle(ctx, this.titleBox);
    this.drawnCells = drawn;
    this.showTools();
  }

  marks() {
    return this.drawnCells || 0;
  }

  // ---- layout --------------------------------------------------------------------------------

  scaleTraces() {
    return this.traces.filter((t) => t.showscale !== false);
  }

  range(trace) {
    // [zmin, zmax]: the trace's own, else its finite values' range.
    if (trace.zmin != null && trace.zmax != null) return [+trace.zmin, +trace.zmax];
    let lo = Infinity, hi = -Infinity;
    for (const row of trace.z || []) for (const v of row) if (isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    return isFinite(lo) ? [trace.zmin ?? lo, trace.zmax ?? hi] : [0, 1];
  }

  paperArea(ctx, layout) {
    // Plotly's "paper": the area inside the margins, less the colour bar's room on the right;
    // the left margin grows to fit the widest y tick labels, as the theme's automargin does.
    // A title wrapped onto more lines pushes the paper down; a colour bar right of the paper
    // (no colorbar.x, or x ≥ 1) widens the right margin. Margins scale with the present mode.
    const s = this.scale;
    const margin = Object.fromEntries(Object.entries({ l: 80, r: 80, t: 100, b: 80, ...(layout.margin || {}) })
      .map(([k, v]) => [k, v * s]));
    const titled = this.titleBox.lines.length > 1 ? this.titleBox.bottom + 34 * s : 0;
    let right = margin.r;
    for (const trace of this.scaleTraces()) {
      const bar = trace.colorbar || {};
      if (bar.x == null || bar.x >= 1) right = Math.max(right, this.colourBarWidth(ctx, this.range(trace), bar));
    }
    let left = margin.l;
    for (const trace of this.traces) {
      const [, ya] = this.axes(trace, layout);
      const rows = (trace.z || []).length;
      const edges = cellEdges(trace.y && typeof trace.y[0] !== "string" ? trace.y : null, rows);
      const ticks = rows ? this.ticks(ya, trace.y, rows, ascending([edges[0], edges[rows]]), 6) : [];
      if (ya.visible === false || ya.showticklabels === false || !ticks.length) continue;
      ctx.font = this.font((ya.tickfont || {}).size || 14);
      const widest = Math.min(this.width / 3, Math.max(...ticks.map((t) => ctx.measureText(t.label).width)));
      left = Math.max(left, (10 + ((ya.title || {}).text ? 26 : 0) + 8) * s + widest);
    }
    const top = Math.max(margin.t, titled);
    const w = Math.max(10, this.width - left - right), h = Math.max(10, this.height - top - margin.b);
    return { l: left, t: top, w, h };
  }

  axes(trace, layout) {
    const suffix = (id, letter) => (id && id !== letter ? id.slice(1) : "");
    return [layout[`xaxis${suffix(trace.xaxis, "x")}`] || {}, layout[`yaxis${suffix(trace.yaxis, "y")}`] || {}];
  }

  panel(trace, index, layout) {
    // A heatmap's place: its area (css px), cell edges and the range on screen of each axis
    // (y's [bottom, top]; a reversed y axis puts row 0 at the top).
    const [xa, ya] = this.axes(trace, layout);
    const rows = (trace.z || []).length, cols = rows ? trace.z[0].length : 0;
    const names = (v) => (v && typeof v[0] === "string" ? Array.from(v, String) : null);
    const xNames = names(trace.x), yNames = names(trace.y);
    const xEdges = cellEdges(xNames ? null : trace.x, cols), yEdges = cellEdges(yNames ? null : trace.y, rows);
    let area = domainArea(this.paper, xa.domain || [0, 1], ya.domain || [0, 1]);
    const yAuto = [yEdges[0], yEdges[rows]];
    const id = trace.xaxis && trace.xaxis !== "x" ? trace.xaxis.slice(1) : "";
    const fitted = { x: [xEdges[0], xEdges[cols]], y: ya.autorange === "reversed" ? [yAuto[1], yAuto[0]] : yAuto };
    if (ya.scaleanchor) {   // square cells: the panel shrinks about its centre (constrain "domain")
      area = squareArea(area, fitted.x[1] - fitted.x[0], fitted.y[1] - fitted.y[0]);
    }
    const ranges = this.views.get(id) || fitted;
    const toPx = (x, y) => toPixels(area, ranges, x, y);
    const fromPx = (px, py) => fromPixels(area, ranges, px, py);
    return { id, index, trace, xa, ya, rows, cols, xNames, yNames, xEdges, yEdges, area, ranges, toPx, fromPx };
  }

  ticks(axis, values, n, range, count) {
    // {at, label}: named ticks, a name per cell, or numbers over the range (dtick steps on an
    // index axis), about `count` of them.
    const named = explicitTicks(axis);
    if (named) return named;
    if (values && typeof values[0] === "string") return Array.from(values, (label, at) => ({ at, label: String(label) }));
    return axisTicks(axis, range, Math.max(2, Math.floor(count))).filter(() => n > 0);
  }

  // ---- drawing -------------------------------------------------------------------------------

  cellImage(p) {
    // The grid as an image, one pixel per cell, row 0 on top when the y axis runs downwards.
    const { trace, rows, cols } = p;
    const [lo, hi] = this.range(trace);
    const down = p.ranges.y[0] > p.ranges.y[1];
    const key = [lo, hi, down, JSON.stringify(trace.colorscale)];
    const cached = this.cells.get(p.index);
    if (cached && cached.z === trace.z && cached.key.every((v, i) => v === key[i])) return cached.image;
    const image = document.createElement("canvas");
    image.width = cols;
    image.height = rows;
    const pixels = new ImageData(cols, rows);
    const table = colourTable(trace.colorscale);
    for (let r = 0; r < rows; r++) {
      const row = trace.z[down ? r : rows - 1 - r];
      for (let c = 0; c < cols; c++) {
        const v = row[c], o = (r * cols + c) * 4;
        if (v == null || !isFinite(v)) continue;   // a gap: transparent
        const k = colourIndex(v, [lo, hi]) * 3;
        pixels.data[o] = table[k];
        pixels.data[o + 1] = table[k + 1];
        pixels.data[o + 2] = table[k + 2];
        pixels.data[o + 3] = 255;
      }
    }
    image.getContext("2d").putImageData(pixels, 0, 0);
    this.cells.set(p.index, { z: trace.z, key, image });
    return image;
  }

  drawCells(ctx, p) {
    // The cells stretched over their data box; columns (or rows) one by one where the centres are
    // unevenly spaced. Numbers written in where the template asks for them and they fit.
    if (!p.rows || !p.cols) return 0;
    const image = this.cellImage(p);
    const { l, t, w, h } = p.area;
    ctx.save();
    ctx.beginPath();
    ctx.rect(l, t, w, h);
    ctx.clip();
    ctx.imageSmoothingEnabled = false;
    const down = p.ranges.y[0] > p.ranges.y[1];
    const row = (r) => (down ? r : p.rows - 1 - r);   // image row of grid row r
    const box = (c0, c1, r0, r1) => {
      const [ax, ay] = p.toPx(p.xEdges[c0], p.yEdges[r0]), [bx, by] = p.toPx(p.xEdges[c1], p.yEdges[r1]);
      return [Math.min(ax, bx), Math.min(ay, by), Math.abs(bx - ax), Math.abs(by - ay)];
    };
    const evenX = uniform(p.xEdges), evenY = uniform(p.yEdges);
    if (evenX && evenY) ctx.drawImage(image, 0, 0, p.cols, p.rows, ...box(0, p.cols, 0, p.rows));
    else if (evenY) for (let c = 0; c < p.cols; c++) ctx.drawImage(image, c, 0, 1, p.rows, ...box(c, c + 1, 0, p.rows));
    else {
      for (let r = 0; r < p.rows; r++) {
        for (let c = 0; c < p.cols; c++) ctx.drawImage(image, c, row(r), 1, 1, ...box(c, c + 1, r, r + 1));
      }
    }
    ctx.fillStyle = this.theme.paper_bgcolor;   // xgap / ygap: the paper between cells
    for (const [gap, edges, across] of [[p.trace.xgap, p.xEdges, true], [p.trace.ygap, p.yEdges, false]]) {
      if (!gap) continue;
      for (let i = 1; i < edges.length - 1; i++) {
        const [ex, ey] = p.toPx(edges[i], edges[i]);
        if (across) ctx.fillRect(ex - gap / 2, t, gap, h);
        else ctx.fillRect(l, ey - gap / 2, w, gap);
      }
    }
    if (p.trace.texttemplate) this.drawCellText(ctx, p);
    ctx.restore();
    return p.rows * p.cols;
  }

  drawCellText(ctx, p) {
    // Each cell's number in black or white, whichever reads better on its colour.
    const size = ((p.trace.textfont || {}).size || 12) * this.scale;
    ctx.font = `${size}px ${this.theme.font.family}`;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    const [lo, hi] = this.range(p.trace);
    const table = colourTable(p.trace.colorscale);
    for (let r = 0; r < p.rows; r++) {
      for (let c = 0; c < p.cols; c++) {
        const v = p.trace.z[r][c];
        if (v == null || !isFinite(v)) continue;
        const [ax, ay] = p.toPx(p.xEdges[c], p.yEdges[r]), [bx, by] = p.toPx(p.xEdges[c + 1], p.yEdges[r + 1]);
        const text = fillTemplate(p.trace.texttemplate, { z: v });
        if (ctx.measureText(text).width > Math.abs(bx - ax) - 4 || size > Math.abs(by - ay) - 2) continue;
        const k = colourIndex(v, [lo, hi]) * 3;
        const light = 0.299 * table[k] + 0.587 * table[k + 1] + 0.114 * table[k + 2] > 150;
        ctx.fillStyle = light ? "#262730" : "#ffffff";
        this.text(ctx, "cell", text, (ax + bx) / 2, (ay + by) / 2);
      }
    }
  }

  drawAxes(ctx, p) {
    // Tick labels under and left of the panel (a label that would touch the one before it is
    // skipped; a name wider than its cell is wrapped onto two lines, else shortened), axis titles.
    const { l, t, w, h } = p.area, s = this.scale, family = this.theme.font.family;
    ctx.fillStyle = this.theme.font.color;
    const shown = (a) => a.visible !== false && a.showticklabels !== false;
    const xRange = ascending(p.ranges.x), yRange = ascending(p.ranges.y);
    let below = t + h + 6 * s;
    if (shown(p.xa)) {
      const size = ((p.xa.tickfont || {}).size || 14) * s;
      ctx.font = `${size}px ${family}`;
      ctx.textAlign = "center";
      ctx.textBaseline = "top";
      const ticks = this.visibleTicks(this.ticks(p.xa, p.trace.x, p.cols, xRange, w / (90 * s)), xRange);
      const room = (w / Math.max(1, ticks.length)) - 6 * s;
      let lines = 1, last = null;
      for (const k of ticks) {
        const text = ctx.measureText(k.label).width <= room || room < 30 * s ? [k.label] : wrapped(ctx, k.label, room, 2);
        const px = p.toPx(k.at, 0)[0];
        const widest = Math.max(...text.map((line) => ctx.measureText(line).width));
        const box = { x: px - widest / 2 - 3 * s, y: 0, w: widest + 6 * s, h: 1 };
        if ((last && overlaps(box, last)) || box.x < 0 || box.x + box.w > this.width + 3 * s) continue;
        last = box;
        lines = Math.max(lines, text.length);
        text.forEach((line, i) => this.text(ctx, "tick", line, px, below + i * size * 1.2, { axis: "x", panel: p.id }));
      }
      below += lines * size * 1.2 + 4 * s;
    }
    let left = l - 6 * s;
    if (shown(p.ya)) {
      const size = ((p.ya.tickfont || {}).size || 14) * s;
      ctx.font = `${size}px ${family}`;
      ctx.textAlign = "right";
      ctx.textBaseline = "middle";
      const ticks = this.visibleTicks(this.ticks(p.ya, p.trace.y, p.rows, yRange, h / (40 * s)), yRange);
      let last = null, widest = 0;
      for (const k of ticks) {
        const py = p.toPx(0, k.at)[1];
        const box = { x: 0, y: py - size / 2 - 1, w: 1, h: size + 2 };
        if (last && overlaps(box, last)) continue;
        last = box;
        const label = shortened(ctx, k.label, this.paper.l - 40 * s);
        this.text(ctx, "tick", label, l - 6 * s, py, { axis: "y", panel: p.id });
        widest = Math.max(widest, ctx.measureText(label).width);
      }
      left -= widest;
    }
    const xTitle = plainText((p.xa.title || {}).text || ""), yTitle = plainText((p.ya.title || {}).text || "");
    if (xTitle && p.xa.visible !== false) {
      fittedFont(ctx, xTitle, 15 * s, w, family);
      ctx.textAlign = "center";
      ctx.textBaseline = "top";
      this.text(ctx, "axis-title", shortened(ctx, xTitle, w + 40 * s), l + w / 2, below + 2 * s);
    }
    if (yTitle && p.ya.visible !== false) {
      fittedFont(ctx, yTitle, 15 * s, h, family);
      this.turnedText(ctx, "axis-title", shortened(ctx, yTitle, h + 20 * s), Math.max(12 * s, left - 14 * s), t + h / 2,
                      -Math.PI / 2);
    }
  }

  visibleTicks(ticks, [lo, hi]) {
    return ticks.filter((k) => k.at >= lo - 1e-9 && k.at <= hi + 1e-9);
  }

  drawOutlines(ctx, layout) {
    // Rectangles in a panel's data coordinates (shapes of type "rect"), over its cells.
    for (const s of layout.shapes || []) {
      const id = (s.xref || "x").slice(1);
      const p = this.panels.find((q) => q.id === id);
      if (!p) continue;
      const { l, t, w, h } = p.area;
      ctx.save();
      ctx.beginPath();
      ctx.rect(l - 2, t - 2, w + 4, h + 4);
      ctx.clip();
      this.paintRect(ctx, s, p.toPx(s.x0, s.y0), p.toPx(s.x1, s.y1));
      ctx.restore();
    }
  }

  drawColourBars(ctx) {
    // The colour bar of each trace that shows its scale, right of the paper or at its colorbar.x.
    for (const trace of this.scaleTraces()) this.colourBar(ctx, trace.colorscale, this.range(trace), trace.colorbar || {}, this.paper);
  }

  drawPaperText(ctx, layout) {
    // Annotations placed on the paper (panel titles, row titles turned 90°, a footer).
    const { l, t, w, h } = this.paper;
    for (const a of layout.annotations || []) {
      const font = a.font || {};
      ctx.save();
      ctx.font = this.font(font.size || 14);
      ctx.fillStyle = font.color || this.theme.font.color;
      ctx.translate(l + (a.x ?? 0.5) * w, t + (1 - (a.y ?? 0.5)) * h);
      const angle = a.textangle || 0;   // 90: turned clockwise, read top to bottom
      ctx.rotate((angle * Math.PI) / 180);
      // xanchor / yanchor name the sides of the text's box on the page: turned 90°, the page's
      // left is the text's bottom and the page's top its start (−90°: the other way round)
      const side = { left: "bottom", right: "top" }, start = { top: "left", bottom: "right" };
      const flip = (m) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, { bottom: "top", top: "bottom", left: "right", right: "left" }[v]]));
      if (angle === 90 || angle === -90) {
        ctx.textBaseline = (angle === 90 ? side : flip(side))[a.xanchor] || "middle";
        ctx.textAlign = (angle === 90 ? start : flip(start))[a.yanchor] || "center";
      } else {
        ctx.textAlign = { left: "left", right: "right" }[a.xanchor] || "center";
        ctx.textBaseline = { top: "top", bottom: "bottom" }[a.yanchor] || "middle";
      }
      const text = plainText(a.text), y = !angle && a.yanchor === "bottom" ? -4 * this.scale : 0;
      ctx.fillText(text, 0, y);
      const box = textBox(ctx, text, 0, y);
      ctx.restore();
      this.drawn.push({ kind: "note", text, ...turnedBox(box, l + (a.x ?? 0.5) * w, t + (1 - (a.y ?? 0.5)) * h, angle) });
    }
  }

  // ---- hover ---------------------------------------------------------------------------------

  panelAt(px, py) {
    return (this.panels || []).find(({ area: { l, t, w, h } }) => px >= l && px <= l + w && py >= t && py <= t + h) || null;
  }

  hover(px, py) {
    // The cell under the pointer: its x, y and value, through the trace's hovertemplate.
    const p = this.panelAt(px, py);
    const [x, y] = p.fromPx(px, py);
    const c = indexOfEdge(p.xEdges, x), r = indexOfEdge(p.yEdges, y);
    if (c < 0 || r < 0) return this.clearOverlay();
    const at = (names, values, i) => (names ? names[i] : values ? Number(values[i]) : i);
    const values = { x: at(p.xNames, p.trace.x, c), y: at(p.yNames, p.trace.y, r), z: p.trace.z[r][c],
                     customdata: p.trace.customdata ? p.trace.customdata[r][c] : "" };
    const text = fillTemplate(p.trace.hovertemplate || "x %{x}, y %{y}: %{z}", values);
    this.paintOverlay((ctx) => this.readout(ctx, [text], px, py - 14));
  }
}
