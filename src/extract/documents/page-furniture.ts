/**
 * Page furniture: running headers, footers and page numbers that a PDF prints in
 * its margins, and that would otherwise land between the rows of a table crossing
 * a page break (`— 5 —`, `第 2 页 共 5 页`, `- 3 -`, a bare `3`, a repeated title).
 *
 * A line is furniture only with evidence beyond its position: a decorated page
 * number in the top/bottom band; or a line standing apart from the page's body
 * (a wider gap than the body's line pitch) whose text recurs at the same height on
 * other pages — the same words, or a number that counts the pages (or is the page's
 * own number). A cell on the last line of a page, close to the body, stays.
 */

import { toHalfWidth } from '../../model/half-width.js';
import { MARKUP, withoutMarkup } from '../text-markup.js';

export interface FurnitureLine { readonly y: number; readonly h: number; readonly text: string }
export interface FurniturePage<L extends FurnitureLine> { readonly height: number; readonly lines: readonly L[] }

const DASHED_PAGE_NUMBER = /^[-—–－_~·•\s]+(\d{1,4})[-—–－_~·•\s]+$/; // — 5 —, - 5 -
/** Furniture whatever its place: no table cell reads so. */
const WORDED_PAGE_NUMBER = [
  /^第\s*\d{1,4}\s*页(\s*[,，/]?\s*共\s*\d{1,4}\s*页)?$/, // 第 2 页, 第2页 共5页
  /^共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页$/,
  /^(page|p\.)\s*\d{1,4}(\s*(of|\/)\s*\d{1,4})?$/i,
  // A browser's print header and footer: the time of printing (and the title), the address and n/m.
  /^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4},?\s+(上午|下午)?\d{1,2}:\d{2}(\s*[AP]M)?(\s|$)/i,
  /^(\w+:\/\/\S*|about:blank)\s+\d{1,4}\s*\/\s*\d{1,4}$/,
];
const DECORATED_PAGE_NUMBER = [
  DASHED_PAGE_NUMBER,
  ...WORDED_PAGE_NUMBER,
  /^\d{1,4}\s*\/\s*\d{1,4}$/, // 2/5
];
const BARE_NUMBER = /^\d{1,4}$/;
/** Share of the page height at the top and at the bottom where furniture may sit. */
const BAND = 0.12;

const squeeze = (s: string): string => s.replace(/\s+/g, ' ').trim();
const digitsMasked = (s: string): string => squeeze(s).replace(/\d+/g, '#');

interface Candidate<L> { line: L; page: number; edge: 'top' | 'bottom'; isolated: boolean }

/** The lines of each page with its furniture removed. Lines are in reading order, y grows upwards. */
export function withoutFurniture<L extends FurnitureLine>(pages: readonly FurniturePage<L>[]): L[][] {
  const pitch = bodyPitch(pages);
  const cands: Candidate<L>[] = [];
  pages.forEach((p, page) => {
    const ls = [...p.lines].sort((a, b) => b.y - a.y);
    // Up to two lines at each edge: a footer may be `第 2 页` above a rule above a date.
    for (const [edge, order] of [['top', ls], ['bottom', [...ls].reverse()]] as const) {
      for (let i = 0; i < Math.min(2, order.length - 1); i++) {
        const l = order[i]!;
        const inBand = edge === 'top' ? l.y > (1 - BAND) * p.height : l.y < BAND * p.height;
        if (!inBand) break;
        const inner = order[i + 1]!;
        cands.push({ line: l, page, edge, isolated: Math.abs(inner.y - l.y) > 1.4 * pitch });
        if (!cands[cands.length - 1]!.isolated && !isDecorated(l.text)) break;
      }
    }
  });
  const drop = new Set<L>();
  for (const c of cands) {
    if (isDecorated(c.line.text)) { drop.add(c.line); continue; }
    if (!c.isolated) continue;
    const peers = cands.filter((o) => o.page !== c.page && o.edge === c.edge && o.isolated && Math.abs(o.line.y - c.line.y) <= Math.max(3, c.line.h));
    if (BARE_NUMBER.test(squeeze(c.line.text))) {
      // Page numbers count with the pages: n − page is the same on a peer, or n is this page's number.
      const offset = Number(squeeze(c.line.text)) - c.page;
      if (offset === 1 || peers.some((o) => BARE_NUMBER.test(squeeze(o.line.text)) && Number(squeeze(o.line.text)) - o.page === offset)) drop.add(c.line);
    } else if (peers.some((o) => digitsMasked(o.line.text) === digitsMasked(c.line.text))) drop.add(c.line);
  }
  return pages.map((p) => p.lines.filter((l) => !drop.has(l)));
}

// Full-width digits and dashes (a page marks `— ２ —`, `第２页` as it prints its values).
const FULL_WIDTH = /[\uff0d\uff10-\uff19]/;
const isDecorated = (text: string): boolean => DECORATED_PAGE_NUMBER.some((re) => re.test(squeeze(text)));

/** Median distance between consecutive lines over all pages: the body's line pitch. */
function bodyPitch(pages: readonly FurniturePage<FurnitureLine>[]): number {
  const gaps: number[] = [];
  for (const p of pages) {
    const ys = p.lines.map((l) => l.y).sort((a, b) => b - a);
    for (let i = 1; i < ys.length; i++) if (ys[i - 1]! - ys[i]! > 0.5) gaps.push(ys[i - 1]! - ys[i]!);
  }
  gaps.sort((a, b) => a - b);
  return gaps.length ? gaps[Math.floor(gaps.length / 2)]! : 14;
}

// What furniture can start with (a cheap test first: most lines are cells).
const FURNITURE_START = /^\s*(?:[-—–－_~·•第共]|[a-z]|\d+[/.-]\d)/i;
/** Words that name a report: a line holding them is a title (or a running header), never a row's name. */
export const REPORT_TITLE = /年度报告|年报/;

// The same starts, anywhere in a text (one scan, where most texts have none).
const ANY_FURNITURE_START = new RegExp(FURNITURE_START.source, 'im');
const REPORT_TITLES = new RegExp(REPORT_TITLE.source, 'g');

/** Whether a text may hold page furniture at all: a line starting as furniture does, or a report named twice. */
const mayHoldFurniture = (text: string): boolean =>
  ANY_FURNITURE_START.test(text) || (text.match(REPORT_TITLES)?.length ?? 0) >= 2;

/** Whether line `at` comes after the first 15 non-empty lines: past where a report prints its title. */
function pastHead(lines: readonly string[], at: number): boolean {
  let seen = 0;
  for (let i = 0; i < at; i++) if (lines[i]!.trim() && ++seen >= 15) return true;
  return false;
}

/** The nearest non-empty line before (`step` −1) or after (+1) line `at`: its number, or −1 / lines.length past the text. */
function nearestPrinted(lines: readonly string[], at: number, step: -1 | 1): number {
  let i = at + step;
  while (i >= 0 && i < lines.length && !lines[i]!.trim()) i += step;
  return i;
}

/** Whether the nearest non-empty line before or after line `at` is a page mark. */
const besideMark = (lines: readonly string[], at: number, marks: ReadonlySet<number>): boolean =>
  marks.has(nearestPrinted(lines, at, -1)) || marks.has(nearestPrinted(lines, at, 1));

/**
 * Page furniture in text copied out of a paginated document (no positions left to
 * tell margin from body): the line numbers that are furniture. `第 2 页`, a browser's
 * print header (`2024/1/5 10:23 title`) and footer (`http://… 2/5`) never are cells; nor
 * is the report's title printed again as a running header (a line naming a report that
 * the text has already printed, word for word). `2/5` alone may be a cell and stays.
 * `— 5 —` may be one too: a row of three cells (blank, 5, blank) printed without its
 * label. So dashed numbers are furniture as a run that counts the pages (two or more,
 * each one more than the last), or alone where no other line of the text is a row of
 * values without a label (`isBareValueRow`): a text that never prints rows so does not
 * print this one so either; or beside a running title printed again (a page break prints
 * the foot of one page and the head of the next together). `text` is `lines` joined (the
 * caller has it: joining again would cost a copy of the page).
 */
export function textPageMarks(text: string, printed: readonly string[], isBareValueRow: (line: string) => boolean): Set<number> {
  const marks = new Set<number>();
  // Each line as its cells read (`**— ２ —**`, `— 2 —&nbsp;` are `— 2 —`): a page that prints its
  // values so prints its feet so, and a foot not seen as one reads as a row of three cells.
  const lines = MARKUP.test(text) || FULL_WIDTH.test(text) ? printed.map((l) => toHalfWidth(withoutMarkup(l))) : printed;
  if (lines !== printed ? !lines.some((l) => FURNITURE_START.test(l) || REPORT_TITLE.test(l)) : !mayHoldFurniture(text)) return marks;
  const dashed: { at: number; n: number }[] = [];
  const titles = new Map<string, number>(); // a report's title → where it is first printed
  lines.forEach((l, at) => {
    if (REPORT_TITLE.test(l)) {
      const t = squeeze(l);
      if (titles.has(t)) marks.add(at);
      else if (t.length >= 4) titles.set(t, at);
    }
    if (!FURNITURE_START.test(l)) return;
    const t = squeeze(l);
    if (WORDED_PAGE_NUMBER.some((re) => re.test(t))) marks.add(at);
    const m = t.length <= 24 ? DASHED_PAGE_NUMBER.exec(t) : null;
    if (m) dashed.push({ at, n: Number(m[1]) });
  });
  if (dashed.length) {
    const countsPages = dashed.length >= 2 && dashed.every((d, i) => i === 0 || d.n === dashed[i - 1]!.n + 1);
    // Dashed numbers that do not count pages are rows of bare values to each other.
    const alone = dashed.length === 1 && !lines.some((l, at) => at !== dashed[0]!.at && isBareValueRow(l));
    if (countsPages || alone) for (const d of dashed) marks.add(d.at);
  }
  // A running title's first print is furniture too when it stands beside a page mark, as its
  // repeats do, or past the page's head (a report's own title comes before its text). And a page
  // break prints its foot and the next page's head together: a dashed number beside a running
  // title (or a worded page mark) is a page's foot, whatever the other dashed numbers count.
  // Each finds more of the other: repeated until neither does.
  let before: number;
  do {
    before = marks.size;
    for (const at of titles.values()) {
      const repeated = [...marks].some((m) => m > at && squeeze(lines[m]!) === squeeze(lines[at]!));
      if (repeated && (besideMark(lines, at, marks) || pastHead(lines, at))) marks.add(at);
    }
    const heads = new Set([...marks].filter((m) => !dashed.some((d) => d.at === m)));
    for (const d of dashed) if (besideMark(lines, d.at, heads)) marks.add(d.at);
  } while (marks.size > before);
  return marks;
}

/**
 * Bare page numbers in pipe text: lines holding a number alone, no pipe, between two pipe rows
 * of cells, that count the pages (two or more, each more than the last: a page whose foot falls
 * outside a table is not seen) — what pdftotext leaves of a page's foot inside a table. A lone one
 * may be a value printed apart from its row, and stays.
 */
export function barePipePageNumbers(lines: readonly string[]): Set<number> {
  const found: { at: number; n: number }[] = [];
  // Between rows of cells (`| a | b |`): a line of one cell and a pipe (`0|`, a cell a line) has a
  // bare number beside it that is a cell whose pipe was lost (OCR), not the page's foot.
  const piped = (at: number, step: -1 | 1) => (lines[nearestPrinted(lines, at, step)]?.match(/\|/g)?.length ?? 0) >= 3;
  lines.forEach((l, at) => { if (BARE_PAGE_NUMBER.test(l) && piped(at, -1) && piped(at, 1)) found.push({ at, n: Number(l.trim()) }); });
  // No page is numbered 0.
  const runs = found.length >= 2 && found[0]!.n > 0 && found.every((d, i) => i === 0 || d.n > found[i - 1]!.n);
  return new Set(runs ? found.map((d) => d.at) : []);
}
const BARE_PAGE_NUMBER = /^\s*\d{1,3}\s*$/;
