/**
 * The aligner: walks one token stream, anchors each template row on its printed
 * label, and reads the row's cells from the values that follow. When a row holds
 * more cells than the template has (stray blanks), the identities of the template
 * choose among the readings; a stated value is never changed.
 */
import type { ExtractedCell, TemplateId } from '../model/report.js';
import { identities, evaluate, tableA, TABLE_B_COLUMNS, TABLE_B_ROWS, TABLE_C_KEYS, tableBKey, type Identity } from '../template/index.js';
import { matchLabel, normLabel, type RowLabel } from './labels.js';
import type { Token } from './tokens.js';
import { readCell } from './values.js';
import { tokenPlace } from './source-map.js';

export interface Alignment { readonly details: ExtractedCell[]; readonly warnings: string[]; readonly otherAsOneRow: boolean }

interface Pending { readonly label: RowLabel; readonly at: Token }

const SECTION = /^[一二三四五六七八九十]、/;
// Readings tried before giving up on identities: keeps pathological rows cheap.
const MAX_READINGS = 4096;

function combinations(n: number, k: number, limit: number): number[][] {
  const out: number[][] = [];
  // Later positions first: trailing blanks are the usual padding.
  const rec = (start: number, acc: number[]) => {
    if (out.length >= limit) return;
    if (acc.length === k) { out.push([...acc]); return; }
    for (let i = start; i >= 0; i--) { if (i + 1 < k - acc.length) break; acc.push(i); rec(i - 1, acc); acc.pop(); }
  };
  rec(n - 1, []);
  return out;
}

const valueOf = (t: Token): number | null => { const r = readCell(t.text); return r.kind === 'number' ? r.value : null; };

/** Picks which `keys.length` tokens of `run` are the row's cells. */
/** The printed row a token sits on: its line, or its HTML table row. */
const placeOf = (t: Token): string | undefined =>
  t.line !== undefined ? `l${t.line}` : t.row !== undefined ? `t${t.htmlTable}r${t.row}` : undefined;

export function chooseReading(run: readonly Token[], keys: readonly string[], ids: readonly Identity[], home?: Token): Token[] {
  const n = keys.length;
  if (run.length <= n) return [...run];
  const blanks = run.map((t, i) => (readCell(t.text).kind === 'blank' ? i : -1)).filter((i) => i >= 0);
  const extra = run.length - n;
  // Not enough blanks to drop: stray values too, singled out by the identities.
  // More than a stray or two is not a row with strays but text running on: keep the first cells.
  if (blanks.length < extra && extra > 2) return run.filter((t) => readCell(t.text).kind !== 'blank').slice(0, n);
  const droppable = blanks.length >= extra ? blanks : run.map((_, i) => i);
  const own = ids.filter((id) => [...id.lhs, ...id.rhs].every((k) => keys.includes(k)));
  // When the identities cannot tell, drop the gaps between pipe rows first, then filler
  // before the values (a label spanning two columns), then padding after them, and a
  // blank between values last.
  const filled = run.map((t) => readCell(t.text).kind !== 'blank');
  const first = filled.indexOf(true), last = filled.lastIndexOf(true);
  // A row printed on one line with its label: blanks from other lines belong to other rows.
  const at = home && placeOf(home);
  const onOwnRow = at !== undefined && run.some((t, i) => filled[i] && placeOf(t) === at);
  const foreign = (t: Token) => onOwnRow && placeOf(t) !== at;
  const cost = (i: number) => (run[i]!.soft || foreign(run[i]!) ? 0 : first < 0 ? 1 : i < first ? 1 : i > last ? 2 : 3);
  let best: Token[] | null = null, bestScore = -1, bestCost = Infinity;
  for (const drop of combinations(droppable.length, extra, MAX_READINGS)) {
    const dropped = new Set(drop.map((i) => droppable[i]!));
    const reading = run.filter((_, i) => !dropped.has(i));
    const cells: Record<string, number | null> = {};
    keys.forEach((k, i) => { cells[k] = valueOf(reading[i]!); });
    const score = own.filter((id) => evaluate(id, cells).status === 'holds').length;
    const c = [...dropped].reduce((sum, i) => sum + cost(i), 0);
    if (score > bestScore || (score === bestScore && c < bestCost)) { best = reading; bestScore = score; bestCost = c; }
  }
  return best ?? run.slice(0, n);
}

function toCell(key: string, tok: Token, table: 'A' | 'B' | 'C'): ExtractedCell {
  const r = readCell(tok.text);
  const provenance = { table, ...tokenPlace(tok) };
  return r.kind === 'number'
    ? { key, value: r.value, raw: tok.text, ...(r.unit ? { unit: r.unit } : {}), provenance, confidence: 1 }
    : { key, value: null, raw: tok.text, provenance, confidence: 1 };
}

/** The identities of both 2021 layouts (（六） as one row or three): a page may print either. Built once per template. */
const LAYOUT_IDS = new Map<TemplateId, Identity[]>();
function layoutIdentities(template: TemplateId): Identity[] {
  let ids = LAYOUT_IDS.get(template);
  if (ids) return ids;
  const all = [...identities({ template }), ...identities({ template, otherAsOneRow: true })];
  ids = [...new Map(all.map((id) => [`${id.id}|${id.rhs.join()}`, id])).values()];
  LAYOUT_IDS.set(template, ids);
  return ids;
}

export function align(tokens: readonly Token[], template: TemplateId): Alignment {
  const ids = layoutIdentities(template);
  const byKey = new Map<string, ExtractedCell>();
  const warnings: string[] = [];
  let pending: Pending[] = [];
  let run: Token[] = [];
  let inC = false, cDone = false, seenB = false;

  const used = new Set<Token>();
  const bRun: Token[] = [];
  const put = (key: string, tok: Token, table: 'A' | 'B' | 'C') => {
    if (byKey.has(key)) return;
    byKey.set(key, toCell(key, tok, table));
    used.add(tok);
  };
  const flushRows = (next?: RowLabel) => {
    if (pending.some((p) => p.label.table === 'B')) bRun.push(...run);
    if (pending.length === 1 && next) {
      const gap = fillGap(pending[0]!.label, next, run, template, ids, put);
      if (gap) { pending = gap.waiting.map((label) => ({ label, at: pending[0]!.at })); run = []; return gap.nextFilled ? 'filled' : 'open'; }
    }
    if (pending.length === 1) {
      const { label, at } = pending[0]!;
      const reading = chooseReading(run, label.keys, ids, at);
      reading.forEach((t, i) => put(label.keys[i]!, t, label.table));
      if (reading.length < label.keys.length) warnings.push(`row ${label.row} (table ${label.table}): ${reading.length} of ${label.keys.length} cells printed`);
    } else if (pending.length > 1) {
      // Labels printed back to back, then their rows: fill them in order.
      const need = pending.reduce((s, p) => s + p.label.keys.length, 0);
      const filled = run.filter((t) => readCell(t.text).kind !== 'blank');
      const src = filled.length >= need ? filled : run;
      let i = 0;
      for (const { label } of pending) for (const k of label.keys) { if (i < src.length) put(k, src[i]!, label.table); i++; }
    }
    pending = []; run = [];
    return 'open';
  };
  const finishC = () => {
    if (!inC) return;
    inC = false; cDone = true;
    const reading = chooseReading(run, TABLE_C_KEYS, ids);
    if (!reading.some((t) => readCell(t.text).kind !== 'blank')) return;
    reading.forEach((t, i) => put(TABLE_C_KEYS[i]!, t, 'C'));
    if (reading.length < TABLE_C_KEYS.length) warnings.push(`table C: ${reading.length} of ${TABLE_C_KEYS.length} cells printed`);
    run = [];
  };
  const startsC = (t: string) => seenB && !cDone && /复议/.test(t) && (SECTION.test(t) || /^行政复议$/.test(t));

  for (const tok of tokens) {
    if (tok.boundary) {
      if (inC) { if (run.some((t) => readCell(t.text).kind === 'number')) finishC(); continue; }
      flushRows(); continue;
    }
    const reading = readCell(tok.text);
    if (reading.kind !== 'text') { if (inC || pending.length) run.push(tok); continue; }
    const t = normLabel(tok.text);
    if (inC) { if (SECTION.test(t) && !/复议/.test(t)) finishC(); continue; }
    if (startsC(t)) { flushRows(); inC = true; run = []; continue; }
    const label = matchLabel(tok.text, template);
    if (label) {
      if (label.table === 'B') seenB = true;
      const last = pending[pending.length - 1];
      if (last && rowIndex(label, template) < rowIndex(last.label, template) && label.table === last.label.table) {
        // A label printed after the rows it follows in the template: misplaced text, not an anchor.
        if (!run.length) continue;
      }
      if (last && run.length === 0) {
        // （六）其他处理 printed above its three 2021 sub-rows is a heading, not a row.
        if (label.parent && last.label.row === label.parent) pending.pop();
        pending.push({ label, at: tok });
        continue;
      }
      // Rows printed after this label that belong elsewhere than here get dropped.
      pending = pending.filter((p) => p === pending[0] || rowIndex(p.label, template) < rowIndex(label, template));
      if (flushRows(label) !== 'filled') pending.push({ label, at: tok });
      continue;
    }
    if (SECTION.test(t) && pending.length && run.length) flushRows();
  }
  finishC();
  flushRows();
  placeStrays(byKey, bRun.filter((t) => !used.has(t) && readCell(t.text).kind === 'number'), ids, warnings);
  const details = [...byKey.values()];
  const otherAsOneRow = template === '2021' && [...byKey.keys()].some((k) => k.startsWith('applications.other.'));
  return { details, warnings, otherAsOneRow };
}

/** Position of a row in the template's printed order. */
function rowIndex(label: RowLabel, template: TemplateId): number {
  if (label.table === 'A') return aRows(template).indexOf(label.row) - 1000;
  return bRows(template).indexOf(label.row);
}

const aRows = (template: TemplateId): string[] =>
  [...new Set(tableA(template).flatMap((b) => b.cells.map((c) => c.row)))];

const bRows = (template: TemplateId): string[] =>
  TABLE_B_ROWS.filter((r) => r.templates.includes(template)).map((r) => r.key);

/**
 * Rows whose label was lost (garbled, wrapped, printed after its values) sit
 * between two labelled rows: the values after row P that are more than P's own
 * row go, one row at a time, to the rows the template places after P — up to and
 * including the next label's row. A stray value or two is singled out by the row
 * identities. Returns the rows still waiting for values (null: no such rows here).
 */
function fillGap(p: RowLabel, next: RowLabel, run: readonly Token[], template: TemplateId, ids: readonly Identity[],
  put: (key: string, tok: Token, table: 'A' | 'B' | 'C') => void): { waiting: RowLabel[]; nextFilled: boolean } | null {
  if (p.table !== 'B' || next.table !== 'B') return null;
  const order = bRows(template).filter((r) => template === '2019' || r !== 'other');
  const from = order.indexOf(p.row), to = order.indexOf(next.row);
  if (from < 0 || to <= from) return null;
  const n = p.keys.length;
  const vals = run.filter((t) => readCell(t.text).kind !== 'blank');
  const k = Math.floor(vals.length / n), stray = vals.length % n;
  if (k < 2 || stray > 2 || k > to - from + 1) return null;
  const rows = order.slice(from, from + k);
  const keys = rows.flatMap((r) => TABLE_B_COLUMNS.map((c) => tableBKey(r, c.key)));
  let best: Token[] | null = null, bestScore = -1;
  for (const drop of combinations(vals.length - n, stray, MAX_READINGS)) {
    const dropped = new Set(drop.map((i) => i + n));
    const reading = vals.filter((_, i) => !dropped.has(i));
    const cells: Record<string, number | null> = {};
    keys.forEach((key, i) => { cells[key] = valueOf(reading[i]!); });
    const own = ids.filter((id) => [...id.lhs, ...id.rhs].every((key) => key in cells));
    const score = own.filter((id) => evaluate(id, cells).status === 'holds').length;
    if (score > bestScore) { best = reading; bestScore = score; }
  }
  if (!best) return null;
  best.forEach((t, i) => put(keys[i]!, t, 'B'));
  const waiting = order.slice(from + k, to).map((r) => ({ table: 'B' as const, row: r, keys: TABLE_B_COLUMNS.map((c) => tableBKey(r, c.key)) }));
  return { waiting, nextFilled: rows.includes(next.row) };
}

/**
 * A value printed away from its row (a stray line the aligner had to drop) goes to
 * a blank table B cell only when an identity with that cell as its one unknown
 * asks for exactly that value. Zero is too common to be evidence.
 */
function placeStrays(byKey: Map<string, ExtractedCell>, strays: Token[], ids: readonly Identity[], warnings: string[]): void {
  for (const stray of strays) {
    const v = valueOf(stray);
    if (v === null || v === 0) continue;
    const cells: Record<string, number | null> = {};
    for (const [k, c] of byKey) cells[k] = c.value;
    for (const [key, cell] of byKey) {
      if (cell.provenance.table !== 'B' || cell.value !== null || readCell(cell.raw).kind !== 'blank') continue;
      const asks = ids.some((id) => {
        const all = [...id.lhs, ...id.rhs];
        if (!all.includes(key) || all.some((k) => k !== key && typeof cells[k] !== 'number')) return false;
        return evaluate(id, { ...cells, [key]: v }).status === 'holds';
      });
      if (!asks) continue;
      byKey.set(key, { ...cell, value: v, raw: stray.text, provenance: { table: cell.provenance.table, ...tokenPlace(stray) } });
      warnings.push(`${key}: blank cell takes the stray value ${stray.text} printed apart from its row (an identity needs it)`);
      break;
    }
  }
}
