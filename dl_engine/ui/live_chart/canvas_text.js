// Text that fits: the canvas renderers' titles, axis titles and tick labels wrap, shrink or are
// shortened to the room they have, so nothing is clipped or drawn over other text.

const SUBSCRIPT = { 0: "₀", 1: "₁", 2: "₂", 3: "₃", 4: "₄", 5: "₅", 6: "₆", 7: "₇", 8: "₈", 9: "₉", "+": "₊", "-": "₋",
                    t: "ₜ", i: "ᵢ", j: "ⱼ", k: "ₖ", n: "ₙ", T: "ₜ" };

function plainText(html) {
  // A label's markup as canvas text: <sub>digits</sub> as subscript characters, other tags dropped.
  return String(html).replace(/<sub>(.*?)<\/sub>/gi, (_, inner) => [...inner].map((c) => SUBSCRIPT[c] || c).join(""))
    .replace(/<[^>]+>/g, "");
}

function shortened(ctx, text, room) {
  // `text`, cut with "…" to at most `room` px wide in the context's font.
  if (ctx.measureText(text).width <= room) return text;
  let n = text.length;
  while (n > 1 && ctx.measureText(`${text.slice(0, n)}…`).width > room) n--;
  return `${text.slice(0, n).trimEnd()}…`;
}

function wrapped(ctx, text, room, maxLines = 3) {
  // `text` broken at spaces into lines at most `room` px wide (the last one shortened if need be).
  const words = String(text).split(/\s+/).filter(Boolean);
  const lines = [];
  let current = "";
  for (const word of words) {
    const trial = current ? `${current} ${word}` : word;
    if (current && ctx.measureText(trial).width > room) { lines.push(current); current = word; }
    else current = trial;
  }
  if (current) lines.push(current);
  if (lines.length > maxLines) lines.splice(maxLines - 1, lines.length, lines.slice(maxLines - 1).join(" "));
  return lines.map((line) => shortened(ctx, line, room));
}

function fittedFont(ctx, text, size, room, family, least = 11) {
  // The largest font size ≤ size (down to `least`) at which `text` is at most `room` px wide.
  let s = size;
  ctx.font = `${s}px ${family}`;
  while (s > least && ctx.measureText(text).width > room) ctx.font = `${--s}px ${family}`;
  return s;
}

function overlaps(a, b, slack = 0) {
  // Two boxes {x, y, w, h} intersect (by more than `slack` px).
  return a.x + slack < b.x + b.w && b.x + slack < a.x + a.w && a.y + slack < b.y + b.h && b.y + slack < a.y + a.h;
}

function textBox(ctx, text, x, y) {
  // The box {x, y, w, h} that fillText(text, x, y) covers under the context's font, align and baseline.
  const w = ctx.measureText(text).width;
  const size = parseFloat(/(\d+(?:\.\d+)?)px/.exec(ctx.font)[1]);
  const left = ctx.textAlign === "center" ? x - w / 2 : ctx.textAlign === "right" ? x - w : x;
  const top = ctx.textBaseline === "top" ? y : ctx.textBaseline === "bottom" ? y - size : y - size / 2;
  return { x: left, y: top, w, h: size };
}
