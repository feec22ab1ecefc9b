/**
 * OFD (GB/T 33190, China's fixed-layout format) → positioned text and rules, then
 * the same layout as a PDF text layer. An OFD is a zip: OFD.xml names the
 * document (DocRoot), the document lists its pages (Pages/Page BaseLoc), and each
 * page's Content.xml holds TextObjects (a Boundary box, a font Size, TextCodes
 * with X/Y and per-glyph DeltaX) and PathObjects (the table rules). Units are
 * millimetres with y growing downwards; the layout wants points with y up.
 * Template pages (TemplatePage) are read under their page's own content.
 */
import { strFromU8 } from 'fflate';
import * as cheerio from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import type { DocumentRead } from './index.js';
import { unzipBounded, ZipTooLargeError } from './bounded-unzip.js';
import { layoutPages } from './layout.js';
import { decodeXmlText } from './xml-text.js';
import { advance, type PageItems, type Rule, type TextItem } from './layout-words.js';
import { isSlanted, slantedWarning } from './slant.mjs';

const PT_PER_MM = 72 / 25.4;
/** A path segment this thin across (mm) and at least this long is a table rule. */
const RULE_SLANT = 0.3, RULE_MIN = 2;

type Matrix = readonly [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** Whether a zip archive is an OFD package (it has OFD.xml at its root), without inflating anything. */
export function isOfdZip(names: readonly string[]): boolean {
  return names.some((n) => n.replace(/^\/+/, '').toLowerCase() === 'ofd.xml');
}

export function readOfd(bytes: Uint8Array, where: string): DocumentRead {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipBounded(bytes, (name) => name.toLowerCase().endsWith('.xml'));
  } catch (err) {
    const msg = (err as Error).message;
    return { ok: false, error: `${where}: ${err instanceof ZipTooLargeError ? 'OFD is too large' : 'OFD is corrupt or truncated'} (zip: ${msg})`, warnings: [] };
  }
  const byName = new Map(Object.entries(files).map(([k, v]) => [k.replace(/^\/+/, '').toLowerCase(), v]));
  const xml = (path: string): cheerio.CheerioAPI | null => {
    const b = byName.get(path.replace(/^\/+/, '').toLowerCase());
    return b ? cheerio.load(strFromU8(b), { xml: true }) : null;
  };
  const root = xml('OFD.xml');
  if (!root) return { ok: false, error: `${where}: not an OFD package (no OFD.xml)`, warnings: [] };
  const docRoot = text(root, 'DocRoot');
  const doc = docRoot ? xml(docRoot) : null;
  if (!docRoot || !doc) return { ok: false, error: `${where}: OFD names no readable document (DocRoot ${docRoot ?? 'missing'})`, warnings: [] };
  const docDir = dirOf(docRoot);
  const defaultBox = box(text(doc, 'PhysicalBox')) ?? [0, 0, 210, 297];
  const templates = new Map(elements(doc, 'TemplatePage').map((t) => [attr(t, 'ID'), attr(t, 'BaseLoc')]));
  const warnings: string[] = [];
  const pages: PageItems[] = [];
  for (const [i, p] of elements(doc, 'Page').entries()) {
    const loc = attr(p, 'BaseLoc');
    const page = loc ? xml(resolve(docDir, loc)) : null;
    if (!page) { warnings.push(`${where}: page ${i + 1}: content ${loc ?? '(no BaseLoc)'} missing, left out`); continue; }
    const [, , wMm, hMm] = box(text(page, 'PhysicalBox')) ?? defaultBox;
    const out: PageItems = { width: wMm * PT_PER_MM, height: hMm * PT_PER_MM, items: [], rules: [] };
    const layers = [page];
    for (const t of elements(page, 'Template')) {
      const tLoc = templates.get(attr(t, 'TemplateID'));
      const tpl = tLoc ? xml(resolve(docDir, tLoc)) : null;
      if (tpl) layers.unshift(tpl);
    }
    const slanted = { n: 0 };
    for (const $ of layers) {
      const content = elements($, 'Content')[0];
      if (content) walk(content, IDENTITY, hMm, out, slanted);
    }
    if (slanted.n) warnings.push(slantedWarning(where, i + 1, slanted.n));
    pages.push({ ...out, items: joinGlyphs(out.items) });
  }
  if (!pages.length) return { ok: false, error: `${where}: OFD has no readable pages`, warnings };
  const laid = layoutPages(pages);
  const title = text(root, 'Title')?.trim() || laid.title;
  return {
    ok: true, format: 'ofd', pages: pages.length, text: laid.lines.join('\n'), title, ocr: false, confidence: 1,
    warnings: [...warnings, ...laid.warnings.map((w) => `${where}: ${w}`)], places: laid.places,
  };
}

/**
 * Page blocks nest; each object may carry its own CTM on top of its Boundary's origin. An
 * object marked `Visible="false"` is not drawn, and text set at a slant (a watermark across
 * the page) is no cell's text: both are left out, the slanted runs counted in `slanted`.
 */
function walk(node: Element, ctm: Matrix, pageHeightMm: number, out: PageItems, slanted: { n: number }): void {
  for (const child of node.children) {
    if (child.type !== 'tag') continue;
    const el = child as Element;
    const name = localName(el);
    if (attr(el, 'Visible')?.trim().toLowerCase() === 'false') continue;
    if (name === 'Layer' || name === 'PageBlock') { walk(el, ctm, pageHeightMm, out, slanted); continue; }
    if (name !== 'TextObject' && name !== 'PathObject') continue;
    const [bx, by] = box(attr(el, 'Boundary')) ?? [0, 0, 0, 0];
    const own = matrix(attr(el, 'CTM'));
    // Object space → page: the object's CTM, then its Boundary's origin, then the enclosing transform.
    const toPage = (x: number, y: number): [number, number] => apply(ctm, ...add(apply(own, x, y), bx, by));
    if (name === 'TextObject') {
      const [x0, y0] = toPage(0, 0), [x1, y1] = toPage(1, 0);
      if (isSlanted(x1 - x0, y1 - y0)) { slanted.n++; continue; }
      textObject(el, own, toPage, pageHeightMm, out);
    } else pathObject(el, toPage, pageHeightMm, out);
  }
}

function textObject(el: Element, own: Matrix, toPage: (x: number, y: number) => [number, number], pageHeightMm: number, out: PageItems): void {
  // Positions are in the object's own units; a CTM that scales the object scales its type too.
  const unitSize = num(attr(el, 'Size'), 3.5);
  const size = unitSize * Math.hypot(own[0], own[1]);
  const codes = el.children.filter((c): c is Element => c.type === 'tag' && localName(c as Element) === 'TextCode');
  // One glyph to an object (as many converters write): its Boundary is the glyph's box, a better
  // right edge than a guessed advance — a guess too short opens a gap inside a number.
  const boundary = box(attr(el, 'Boundary'));
  const single = codes.length === 1 && [...textOf(codes[0]!).trim()].length === 1 && boundary && boundary[2] > 0.2 * size && boundary[2] < 1.5 * size
    ? boundary : null;
  let x = 0, y = 0;
  for (const c of codes) {
    const str = textOf(c);
    if (!str.trim()) continue;
    x = num(attr(c, 'X'), x); y = num(attr(c, 'Y'), y);
    const dx = deltas(attr(c, 'DeltaX'));
    const glyphs = [...str];
    // Each glyph's left edge along the line: DeltaX where given, else one em apart.
    const lefts: number[] = [];
    let at = x;
    glyphs.forEach((_, k) => { lefts.push(at); at += dx[k] ?? unitSize; });
    const [x0, base] = toPage(lefts[0]!, y);
    const [x1] = toPage(lefts[glyphs.length - 1]! + unitSize * advance(glyphs[glyphs.length - 1]!), y);
    const right = single && str.trim() === str ? single[0] + single[2] : x1;
    const h = size * PT_PER_MM;
    const chars = glyphs.map((g, k) => ({ x0: toPage(lefts[k]!, y)[0] * PT_PER_MM, x1: toPage(lefts[k]! + unitSize * advance(g), y)[0] * PT_PER_MM }));
    if (single) chars[0] = { x0: chars[0]!.x0, x1: right * PT_PER_MM };
    const item: TextItem = { str, x: x0 * PT_PER_MM, y: (pageHeightMm - base) * PT_PER_MM, w: Math.max(0, right - x0) * PT_PER_MM, h, chars };
    out.items.push(item);
  }
}

/** Straight horizontal and vertical segments of a path (M/L, and the edges of rectangles) become rules. */
function pathObject(el: Element, toPage: (x: number, y: number) => [number, number], pageHeightMm: number, out: PageItems): void {
  const data = el.children.find((c): c is Element => c.type === 'tag' && localName(c as Element) === 'AbstractData');
  const d = data ? textOf(data) : '';
  const tokens = d.trim().split(/\s+/).filter(Boolean);
  let cur: [number, number] | null = null, start: [number, number] | null = null;
  const segment = (a: [number, number], b: [number, number]): void => {
    const [ax, ay] = toPage(...a), [bx, by] = toPage(...b);
    const dx = Math.abs(ax - bx), dy = Math.abs(ay - by);
    if (Math.max(dx, dy) < RULE_MIN || Math.min(dx, dy) > RULE_SLANT) return;
    const rule: Rule = dx >= dy
      ? { x0: Math.min(ax, bx) * PT_PER_MM, x1: Math.max(ax, bx) * PT_PER_MM, y0: (pageHeightMm - ay) * PT_PER_MM, y1: (pageHeightMm - ay) * PT_PER_MM }
      : { x0: ax * PT_PER_MM, x1: ax * PT_PER_MM, y0: (pageHeightMm - Math.max(ay, by)) * PT_PER_MM, y1: (pageHeightMm - Math.min(ay, by)) * PT_PER_MM };
    out.rules!.push(rule);
  };
  for (let i = 0; i < tokens.length;) {
    const op = tokens[i++]!;
    const take = (n: number): number[] => { const v = tokens.slice(i, i + n).map(Number); i += n; return v; };
    if (op === 'S' || op === 'M') { const [x, y] = take(2); cur = start = [x!, y!]; }
    else if (op === 'L') { const [x, y] = take(2); const p: [number, number] = [x!, y!]; if (cur) segment(cur, p); cur = p; }
    else if (op === 'C' || op === 'Z') { if (cur && start) segment(cur, start); cur = start; }
    else if (op === 'B') { const v = take(6); cur = [v[4]!, v[5]!]; }
    else if (op === 'Q') { const v = take(4); cur = [v[2]!, v[3]!]; }
    else if (op === 'A') { const v = take(7); cur = [v[5]!, v[6]!]; }
    else if (!Number.isFinite(Number(op))) break; // an operator we do not know: the rest cannot be placed
  }
  // A path with no data may still be a filled thin box: its Boundary is the rule.
  if (!tokens.length) {
    const [, , bw, bh] = box(attr(el, 'Boundary')) ?? [0, 0, 0, 0];
    if (bw >= RULE_MIN && bh <= RULE_SLANT) segment([0, bh / 2], [bw, bh / 2]);
    else if (bh >= RULE_MIN && bw <= RULE_SLANT) segment([bw / 2, 0], [bw / 2, bh]);
  }
}

/**
 * Converters that write one glyph per TextObject leave a line as single glyphs; a PDF text
 * layer gives runs. Glyphs that follow one another on a baseline, in the same size, with no
 * visible gap between them (as the layout judges one: an eighth of an em) become one run, so
 * a number is never read as two.
 */
export function joinGlyphs(items: readonly TextItem[]): TextItem[] {
  const out: TextItem[] = [];
  for (const it of items) {
    const last = out[out.length - 1];
    const gap = last ? it.x - (last.x + last.w) : Infinity;
    if (last && !/\s$/.test(last.str) && !/^\s/.test(it.str) && Math.abs(last.y - it.y) <= 0.1 * it.h
      && Math.abs(last.h - it.h) <= 0.1 * it.h && gap >= -0.15 * it.h && gap <= 0.12 * it.h) {
      out[out.length - 1] = { ...last, str: last.str + it.str, w: it.x + it.w - last.x, chars: [...(last.chars ?? []), ...(it.chars ?? [])] };
    } else out.push(it);
  }
  return out;
}

/** DeltaX / DeltaY: numbers, with `g N v` for N gaps of v. */
export function deltas(s: string | null): number[] {
  const t = (s ?? '').trim().split(/\s+/).filter(Boolean);
  const out: number[] = [];
  for (let i = 0; i < t.length; i++) {
    if (t[i] === 'g') { const n = Number(t[i + 1]), v = Number(t[i + 2]); for (let k = 0; k < n && k < 100_000; k++) out.push(v); i += 2; }
    else out.push(Number(t[i]));
  }
  return out.filter(Number.isFinite);
}

/** Width of a glyph in ems: CJK and full-width forms take a whole em, digits and Latin about half. */

const localName = (el: Element): string => el.name.replace(/^.*:/, '');
const elements = ($: cheerio.CheerioAPI, name: string): Element[] =>
  $('*').toArray().filter((e): e is Element => e.type === 'tag' && localName(e) === name);
const text = ($: cheerio.CheerioAPI, name: string): string | null => { const e = elements($, name)[0]; return e ? textOf(e).trim() : null; };
const textOf = (node: AnyNode): string =>
  node.type === 'text' ? decodeXmlText((node as unknown as { data: string }).data) // cheerio in XML mode keeps entities as written
    : 'children' in node ? (node.children as AnyNode[]).map(textOf).join('') : '';
const attr = (el: Element, name: string): string | null => {
  const key = Object.keys(el.attribs).find((k) => k.replace(/^.*:/, '') === name);
  return key === undefined ? null : el.attribs[key]!;
};
const num = (s: string | null, dflt: number): number => { const v = Number(s); return s !== null && Number.isFinite(v) ? v : dflt; };
function box(s: string | null): [number, number, number, number] | null {
  const v = (s ?? '').trim().split(/[\s,]+/).map(Number);
  return v.length === 4 && v.every(Number.isFinite) ? [v[0]!, v[1]!, v[2]!, v[3]!] : null;
}
function matrix(s: string | null): Matrix {
  const v = (s ?? '').trim().split(/[\s,]+/).map(Number);
  return v.length === 6 && v.every(Number.isFinite) ? [v[0]!, v[1]!, v[2]!, v[3]!, v[4]!, v[5]!] : IDENTITY;
}
const apply = (m: Matrix, x: number, y: number): [number, number] => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
const add = ([x, y]: [number, number], dx: number, dy: number): [number, number] => [x + dx, y + dy];
const dirOf = (path: string): string => path.replace(/^\/+/, '').split('/').slice(0, -1).join('/');
/** BaseLoc: relative to the document's folder, or absolute within the package when it starts with `/`. */
function resolve(dir: string, loc: string): string {
  const parts = (loc.startsWith('/') ? loc.slice(1) : `${dir ? `${dir}/` : ''}${loc}`).split('/');
  const out: string[] = [];
  for (const p of parts) { if (p === '..') out.pop(); else if (p && p !== '.') out.push(p); }
  return out.join('/');
}
