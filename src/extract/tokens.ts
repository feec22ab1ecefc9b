/**
 * Pages → one token stream: each token is one table cell (or one prose line).
 * Every input format (HTML tables, pipe rows, one cell per line, PDF text) ends
 * up here so that a single aligner reads them all.
 */
import { normalizeText } from './normalize.js';
import { isTable, readHtmlPage, sourceRange, type HtmlPageLimits, type PageBlock, type ProseBlock } from './html-page.js';
import { toHalfWidth } from './values.js';

export interface Token {
  readonly text: string;
  /** Source line (0-based) for text input. */
  readonly line?: number;
  readonly htmlTable?: number;
  readonly row?: number;
  readonly col?: number;
  /** A blank that spans a line break between pipes: the gap between two rows, or a cell — cannot tell. */
  readonly soft?: boolean;
  /** A table starts or ends here: rows never continue across it. */
  readonly boundary?: boolean;
  /** Offsets [start, end) in the document text the token was read from (the HTML reader sets them; source-map.ts for text). */
  readonly start?: number;
  readonly end?: number;
}

// Units as values.ts reads them: rows print `3件` as well as `3`.
const ITEM = String.raw`(?:[+-]?\d[\d,]*(?:\.\d+)?(?:万元|元|件|条|个|项)?|/|—+|-)`;
// A row printed on one line, values separated by spaces: `四、结转下年度继续办理 0 0 0 0 0 0 0`.
const SPACED_ROW = new RegExp(String.raw`^(.*?[^\d\s.,+-])?\s*(${ITEM}(?:\s+${ITEM})*)$`);

/** Splits a space-separated row into its label and values; other tokens pass unchanged. */
export function splitSpacedRow(tok: Token): Token[] {
  const t = toHalfWidth(tok.text).replace(/\u00a0/g, ' ').trim();
  const m = SPACED_ROW.exec(t);
  if (!m) return [tok];
  const label = m[1]?.trim();
  const items = m[2]!.split(/\s+/);
  // One value after a label (`行政许可 97`); a lone number is already one cell.
  if (items.length === 1 && (!label || !/^[\u4e00-\u9fff]/.test(label) || /\d/.test(label))) return [tok];
  // Prose ("2020 年 3 月") is not a row: a row label carries no sentence punctuation.
  if (label && /[。，,；;：:]$|[。；]/.test(label)) return [tok];
  const parts = m[2]!.split(/\s+/).map((text) => ({ ...tok, text }));
  return label ? [{ ...tok, text: label }, ...parts] : parts;
}

function lineOf(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return (offset) => {
    let lo = 0, hi = starts.length - 1;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (starts[mid]! <= offset) lo = mid; else hi = mid - 1; }
    return lo;
  };
}

/** Pipe-separated text (markdown rows, `cell |` lines, PDF pipe lines): every segment between pipes is a cell. */
function pipeTokens(text: string): Token[] {
  const line = lineOf(text);
  const out: Token[] = [];
  let offset = 0;
  for (const seg of text.split('|')) {
    const lines = seg.split('\n');
    let o = offset;
    const texts: Token[] = [];
    for (const l of lines) {
      if (l.trim()) texts.push({ text: l.trim(), line: line(o) });
      o += l.length + 1;
    }
    if (texts.length) out.push(...texts);
    else out.push(seg.includes('\n') ? { text: '', line: line(offset), soft: true } : { text: '', line: line(offset) });
    offset += seg.length + 1;
  }
  return out;
}

/**
 * One cell per line: a line holding only spaces is a blank cell; an empty line is layout.
 * A line with two or more tabs is a table row copied out of a browser or a sheet:
 * each tab-separated field is a cell, and an empty field a blank one (splitting on
 * runs of white space, as for a spaced row, would lose those blanks).
 */
function lineTokens(text: string): Token[] {
  const out: Token[] = [];
  text.split('\n').forEach((l, i) => {
    const t = l.replace(/\r$/, '');
    if (t === '') return;
    if ((t.match(/\t/g) ?? []).length >= 2) {
      for (const f of t.replace(/[ \r]+$/, '').split('\t')) out.push({ text: f.trim(), line: i });
      return;
    }
    out.push({ text: t.trim(), line: i });
  });
  return out;
}

// Markdown header rules `|---|:---:|` are layout, not cells (they would read as `-` placeholders).
const RULE_LINE = /^\s*\|?(\s*:?-{3,}:?\s*\|)+\s*(:?-{3,}:?\s*)?$/;

export function textTokens(text: string): Token[] {
  text = text.split('\n').map((l) => (RULE_LINE.test(l) ? '' : l)).join('\n');
  const lines = text.split('\n');
  const piped = lines.filter((l) => l.includes('|')).length;
  const raw = piped >= 5 ? pipeTokens(text) : lineTokens(text);
  return raw.flatMap(splitSpacedRow);
}

export interface HtmlPage {
  readonly tokens: Token[];
  readonly title: string | null;
  readonly text: string;
  readonly tables: number;
  /** What the reader had to bend (clamped spans). */
  readonly warnings: readonly string[];
}

// Entities (&#8203;) are decoded only here, so the clean-up runs again on cell text.
const cellText = (s: string): string => normalizeText(s).replace(/[\u00a0\s]+/g, ' ').trim();

const VISIBLE = /[^\s\u00a0]/;
const lastVisible = (s: string): number => { let i = s.length - 1; while (i >= 0 && /[\s\u00a0]/.test(s[i]!)) i--; return i; };

/** A prose block's lines as tokens, each with its place in the page (a value split off a spaced row: its own place). */
function proseTokens(block: ProseBlock, firstLine: number, push: (t: Token) => void): number {
  let line = firstLine;
  let from = 0;
  const text = block.text;
  while (from <= text.length) {
    const nl = text.indexOf('\n', from);
    const to = nl < 0 ? text.length : nl;
    const raw = text.slice(from, to);
    const t = cellText(raw);
    if (t) {
      const a = from + raw.search(VISIBLE), b = from + lastVisible(raw) + 1;
      const place = sourceRange(block, a, b);
      const parts = splitSpacedRow({ text: t, line, ...(place ?? {}) });
      let cursor = a;
      for (const part of parts) {
        const at = parts.length > 1 && part.text ? text.indexOf(part.text, cursor) : -1;
        const own = at >= 0 && at + part.text.length <= b ? sourceRange(block, at, at + part.text.length) : null;
        if (at >= 0 && own) cursor = at + part.text.length;
        push(own ? { ...part, ...own } : part);
      }
      line++;
    }
    if (nl < 0) break;
    from = nl + 1;
  }
  return line;
}

/** HTML: the cells of every innermost <table> in order, the prose around them as lines, each token placed in the page. */
export function htmlTokens(html: string, limits: HtmlPageLimits = {}): HtmlPage {
  const page = readHtmlPage(html, limits);
  const tokens: Token[] = [];
  const push = (t: Token) => { tokens.push(t); };
  let line = 0;
  for (const block of page.blocks) {
    if (!isTable(block)) { line = proseTokens(block, line, push); continue; }
    tokens.push({ text: '', boundary: true });
    // Headers split over <p>s (商业/企业) read as one word: the page reader joins block children without a gap.
    for (const c of block.cells) {
      for (const t of splitSpacedRow({ text: cellText(c.text), htmlTable: block.index, row: c.row, col: c.col, start: c.start, end: c.end })) push(t);
    }
    tokens.push({ text: '', boundary: true });
  }
  const title = page.title === null ? null : cellText(page.title) || null;
  return { tokens, title, text: proseLines(page.blocks), tables: page.tables, warnings: page.warnings };
}

/** The page's prose, one trimmed line per line of text. */
function proseLines(blocks: readonly PageBlock[]): string {
  const out: string[] = [];
  for (const b of blocks) if (!isTable(b)) for (const l of b.text.split('\n')) { const t = cellText(l); if (t) out.push(t); }
  return out.join('\n');
}
