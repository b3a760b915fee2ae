// A recording 2D context for the SVG download: the canvas renderers draw into it with the same
// code as on screen, and svg() gives back what they drew as an SVG document. It implements only
// the CanvasRenderingContext2D subset the renderers use; any other call or property throws, so a
// renderer that starts using one yields an error, never a silently wrong file.

const SVG_STATE = ["fillStyle", "strokeStyle", "lineWidth", "lineJoin", "font", "textAlign", "textBaseline",
                   "globalAlpha", "imageSmoothingEnabled"];

function xmlEscape(s) {
  return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function multiply([a, b, c, d, e, f], [A, B, C, D, E, F]) {
  // The 2D affine matrix m × n ([a, b, c, d, e, f] as in setTransform).
  return [a * A + c * B, b * A + d * B, a * C + c * D, b * C + d * D, a * E + c * F + e, b * E + d * F + f];
}

class SvgContext {
  constructor(width, height) {
    this.width = width;
    this.height = height;
    this.parts = [];   // SVG elements drawn, in order
    this.defs = [];    // gradients and clip paths they use
    this.path = "";
    this.measurer = document.createElement("canvas").getContext("2d");   // text widths as on screen
    this.state = { fillStyle: "#000", strokeStyle: "#000", lineWidth: 1, lineJoin: "miter", font: "10px sans-serif",
                   textAlign: "start", textBaseline: "alphabetic", globalAlpha: 1, imageSmoothingEnabled: true,
                   dash: [], matrix: [1, 0, 0, 1, 0, 0], clip: null };
    this.stack = [];
    // Anything not defined here is a canvas feature this context lacks: say so.
    return new Proxy(this, {
      get(target, key) {
        if (typeof key === "symbol" || key in target) return target[key];
        throw new Error(`SvgContext: ctx.${key} is not implemented`);
      },
      set(target, key, value) {
        if (!(key in target)) throw new Error(`SvgContext: ctx.${key} is not implemented`);
        target[key] = value;
        return true;
      },
    });
  }

  save() { this.stack.push({ ...this.state }); }
  restore() { if (this.stack.length) this.state = this.stack.pop(); }
  setTransform(a, b, c, d, e, f) { this.state.matrix = [a, b, c, d, e, f]; }
  translate(x, y) { this.state.matrix = multiply(this.state.matrix, [1, 0, 0, 1, x, y]); }
  rotate(r) { this.state.matrix = multiply(this.state.matrix, [Math.cos(r), Math.sin(r), -Math.sin(r), Math.cos(r), 0, 0]); }
  setLineDash(dash) { this.state.dash = [...dash]; }

  beginPath() { this.path = ""; }
  moveTo(x, y) { this.path += `M${x} ${y}`; }
  lineTo(x, y) { this.path += `L${x} ${y}`; }
  closePath() { this.path += "Z"; }
  rect(x, y, w, h) { this.path += `M${x} ${y}h${w}v${h}h${-w}Z`; }

  arc(x, y, r, a0, a1, ccw = false) {
    // SVG arcs need end points: a full turn as two halves, else one arc of the swept angle.
    const at = (a) => `${x + r * Math.cos(a)} ${y + r * Math.sin(a)}`;
    let sweep = ccw ? a0 - a1 : a1 - a0;
    if (sweep >= 2 * Math.PI - 1e-9) {
      const mid = a0 + (ccw ? -Math.PI : Math.PI), flag = ccw ? 0 : 1;
      this.path += `${this.path ? "L" : "M"}${at(a0)}A${r} ${r} 0 1 ${flag} ${at(mid)}A${r} ${r} 0 1 ${flag} ${at(a0)}`;
      return;
    }
    sweep = ((sweep % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
    this.path += `${this.path ? "L" : "M"}${at(a0)}A${r} ${r} 0 ${sweep > Math.PI ? 1 : 0} ${ccw ? 0 : 1} ${at(a1)}`;
  }

  createLinearGradient(x0, y0, x1, y1) {
    const stops = [];
    return { linear: [x0, y0, x1, y1], stops, addColorStop: (at, colour) => stops.push([at, colour]) };
  }

  paint(style) {
    // A fill or stroke style as an SVG paint: a colour, or a gradient added to the defs.
    if (typeof style === "string") return xmlEscape(style);
    if (!style || !style.linear) throw new Error("SvgContext: only colours and linear gradients are implemented");
    const id = `g${this.defs.length}`, [x1, y1, x2, y2] = style.linear;
    const stops = style.stops.map(([at, c]) => `<stop offset="${at}" stop-color="${xmlEscape(c)}"/>`).join("");
    this.defs.push(`<linearGradient id="${id}" gradientUnits="userSpaceOnUse" x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}">${stops}</linearGradient>`);
    return `url(#${id})`;
  }

  common() {
    // The attributes every element takes from the state: transform, opacity, clip.
    const s = this.state;
    return ` transform="matrix(${s.matrix.join(" ")})"${s.globalAlpha !== 1 ? ` opacity="${s.globalAlpha}"` : ""}`
      + (s.clip ? ` clip-path="url(#${s.clip})"` : "");
  }

  strokeAttrs() {
    const s = this.state;
    return ` fill="none" stroke="${this.paint(s.strokeStyle)}" stroke-width="${s.lineWidth}" stroke-linejoin="${s.lineJoin}"`
      + (s.dash.length ? ` stroke-dasharray="${s.dash.join(" ")}"` : "");
  }

  fill() { this.parts.push(`<path d="${this.path}" fill="${this.paint(this.state.fillStyle)}"${this.common()}/>`); }
  stroke() { this.parts.push(`<path d="${this.path}"${this.strokeAttrs()}${this.common()}/>`); }

  fillRect(x, y, w, h) {
    this.parts.push(`<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="${this.paint(this.state.fillStyle)}"${this.common()}/>`);
  }

  strokeRect(x, y, w, h) {
    this.parts.push(`<rect x="${x}" y="${y}" width="${w}" height="${h}"${this.strokeAttrs()}${this.common()}/>`);
  }

  clip() {
    // Within an earlier clip, the new clip path is itself clipped by it: their intersection.
    const id = `c${this.defs.length}`, s = this.state;
    this.defs.push(`<clipPath id="${id}"${s.clip ? ` clip-path="url(#${s.clip})"` : ""}>`
      + `<path d="${this.path}" transform="matrix(${s.matrix.join(" ")})"/></clipPath>`);
    s.clip = id;
  }

  measureText(text) {
    const m = this.measurer;
    Object.assign(m, { font: this.state.font, textAlign: this.state.textAlign, textBaseline: this.state.textBaseline });
    return m.measureText(text);
  }

  fillText(text, x, y) {
    // SVG's baselines are not canvas's: place the text by its alphabetic baseline, found from
    // how far the glyphs rise above each baseline on a real canvas.
    const s = this.state;
    const anchor = { left: "start", start: "start", center: "middle", right: "end", end: "end" }[s.textAlign];
    const rise = this.measureText(text).actualBoundingBoxAscent;
    this.measurer.textBaseline = "alphabetic";
    const down = this.measurer.measureText(text).actualBoundingBoxAscent - rise;
    this.parts.push(`<text x="${x}" y="${y + down}" text-anchor="${anchor}" `
      + `style="font: ${xmlEscape(s.font)}; white-space: pre" fill="${this.paint(s.fillStyle)}"${this.common()}>${xmlEscape(text)}</text>`);
  }

  drawImage(image, ...args) {
    // A canvas picture, embedded as a PNG; with a source rectangle, that part of it only.
    let [sx, sy, sw, sh] = [0, 0, image.width, image.height], dest = args;
    if (args.length === 8) { [sx, sy, sw, sh] = args; dest = args.slice(4); }
    const [dx, dy, dw = sw, dh = sh] = dest;
    const part = Object.assign(document.createElement("canvas"), { width: sw, height: sh });
    part.getContext("2d").drawImage(image, sx, sy, sw, sh, 0, 0, sw, sh);
    const pixelated = this.state.imageSmoothingEnabled ? "" : ' style="image-rendering: pixelated"';
    this.parts.push(`<image x="${dx}" y="${dy}" width="${dw}" height="${dh}" preserveAspectRatio="none"${pixelated} `
      + `href="${part.toDataURL("image/png")}"${this.common()}/>`);
  }

  svg() {
    // The drawing as a standalone SVG document of width × height css px.
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${this.width}" height="${this.height}" `
      + `viewBox="0 0 ${this.width} ${this.height}"><defs>${this.defs.join("")}</defs>${this.parts.join("")}</svg>`;
  }
}

// The state a renderer reads and writes as plain properties (ctx.fillStyle = …).
for (const key of SVG_STATE) {
  Object.defineProperty(SvgContext.prototype, key, {
    get() { return this.state[key]; },
    set(v) { this.state[key] = v; },
  });
}
