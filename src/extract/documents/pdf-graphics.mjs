// What a PDF page draws besides text, as far as reading its tables needs: ruling
// lines (the strokes and thin filled rectangles of table borders), from which the
// layout reader builds a table's grid; and the visible area (the page's large clip
// rectangles), beyond which text is cut off. Page coordinates, y up.
// Plain JS: it runs inside the pdfjs worker thread.

const THIN = 2.5; // a filled rectangle thinner than this (pt) is a rule, not a shaded area
const MIN_LENGTH = 3;
const MAX_RULES = 20000; // a page drawn in millions of strokes is not a table

/**
 * `rules`: axis-aligned {x0,y0,x1,y1} (x0≤x1, y0≤y1; horizontal when y0==y1); `clip`: the
 * visible area, or null for the whole page. From an operator list, in display space
 * (`base`: the viewport transform) turned y-up for a page `width` × `height`.
 */
export function pageGraphics(opList, OPS, base, width, height) {
  const rules = [];
  let ctm = base;
  const stack = [];
  let clipNext = false;
  let visible = { x0: 0, y0: 0, x1: width, y1: height }; // display space, y down
  const { fnArray, argsArray } = opList;
  const painted = new Set([OPS.stroke, OPS.closeStroke, OPS.fill, OPS.eoFill, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  const stroked = new Set([OPS.stroke, OPS.closeStroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  for (let i = 0; i < fnArray.length && rules.length < MAX_RULES; i++) {
    const fn = fnArray[i], args = argsArray[i];
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform) ctm = multiply(ctm, args);
    else if (fn === OPS.paintFormXObjectBegin) { stack.push(ctm); if (Array.isArray(args?.[0]) || ArrayBuffer.isView(args?.[0])) ctm = multiply(ctm, args[0]); }
    else if (fn === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.clip || fn === OPS.eoClip) clipNext = true;
    else if (fn === OPS.constructPath) {
      if (clipNext) {
        clipNext = false;
        // A clip covering a good part of the page bounds what is visible (the print area);
        // small ones (a cell, a glyph run) do not tell.
        const box = bbox(args[1]?.[0], ctm);
        if (box && (box.x1 - box.x0) * (box.y1 - box.y0) >= 0.25 * width * height) {
          visible = { x0: Math.max(visible.x0, box.x0), y0: Math.max(visible.y0, box.y0), x1: Math.min(visible.x1, box.x1), y1: Math.min(visible.y1, box.y1) };
        }
      }
      if (painted.has(args[0])) addPath(rules, args[1]?.[0], ctm, stroked.has(args[0]));
    }
  }
  const whole = visible.x0 <= 0.5 && visible.y0 <= 0.5 && visible.x1 >= width - 0.5 && visible.y1 >= height - 0.5;
  return {
    rules: rules.map((r) => ({ x0: r.x0, x1: r.x1, y0: height - r.y1, y1: height - r.y0 })),
    clip: whole ? null : { x0: visible.x0, x1: visible.x1, y0: height - visible.y1, y1: height - visible.y0 },
  };
}

function bbox(data, ctm) {
  if (!data || typeof data.length !== 'number') return null;
  const xs = [], ys = [];
  for (let k = 0; k < data.length;) {
    const op = data[k];
    const n = op === 0 || op === 1 ? 1 : op === 2 ? 3 : op === 3 ? 2 : 0;
    if (op > 4) return null;
    for (let j = 0; j < n; j++) { const [x, y] = apply(ctm, data[k + 1 + 2 * j], data[k + 2 + 2 * j]); xs.push(x); ys.push(y); }
    k += 1 + 2 * n;
  }
  return xs.length ? { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) } : null;
}

function multiply(m, t) {
  const [a, b, c, d, e, f] = m;
  const [a2, b2, c2, d2, e2, f2] = t;
  return [a2 * a + b2 * c, a2 * b + b2 * d, c2 * a + d2 * c, c2 * b + d2 * d, e2 * a + f2 * c + e, e2 * b + f2 * d + f];
}

const apply = (m, x, y) => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];

/** Path data: DrawOPS codes (0 moveTo, 1 lineTo, 2 curveTo, 3 quadraticCurveTo, 4 closePath) with their points. */
function addPath(rules, data, ctm, isStroke) {
  if (!data || typeof data.length !== 'number') return;
  const subpaths = [];
  let cur = null;
  for (let k = 0; k < data.length;) {
    const op = data[k];
    if (op === 0) { cur = [apply(ctm, data[k + 1], data[k + 2])]; subpaths.push(cur); k += 3; }
    else if (op === 1) { cur?.push(apply(ctm, data[k + 1], data[k + 2])); k += 3; }
    else if (op === 2) { cur = null; k += 7; } // curves are not rules
    else if (op === 3) { cur = null; k += 5; }
    else if (op === 4) { if (cur && cur.length > 1) cur.push(cur[0]); k += 1; }
    else return; // unknown code: stop reading this path
  }
  for (const pts of subpaths) {
    if (pts.length < 2) continue;
    const xs = pts.map((p) => p[0]), ys = pts.map((p) => p[1]);
    const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
    const w = x1 - x0, h = y1 - y0;
    const axisAligned = pts.every((p, i) => i === 0 || Math.abs(p[0] - pts[i - 1][0]) < 0.5 || Math.abs(p[1] - pts[i - 1][1]) < 0.5);
    if (!axisAligned) continue;
    if (!isStroke) {
      // A filled thin rectangle: its centre line.
      if (h <= THIN && w >= MIN_LENGTH) rules.push({ x0, y0: (y0 + y1) / 2, x1, y1: (y0 + y1) / 2 });
      else if (w <= THIN && h >= MIN_LENGTH) rules.push({ x0: (x0 + x1) / 2, y0, x1: (x0 + x1) / 2, y1 });
      continue;
    }
    for (let i = 1; i < pts.length; i++) {
      const [ax, ay] = pts[i - 1], [bx, by] = pts[i];
      if (Math.abs(ay - by) < 0.5 && Math.abs(ax - bx) >= MIN_LENGTH) rules.push({ x0: Math.min(ax, bx), y0: ay, x1: Math.max(ax, bx), y1: ay });
      else if (Math.abs(ax - bx) < 0.5 && Math.abs(ay - by) >= MIN_LENGTH) rules.push({ x0: ax, y0: Math.min(ay, by), x1: ax, y1: Math.max(ay, by) });
    }
  }
}
