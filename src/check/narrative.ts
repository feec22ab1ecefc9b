/**
 * Narrative rules: figures the text restates (申请 N 件, 予以公开 N 件 …) that the table
 * contradicts, and level words (我县 in a 市 report). A blank table cell is not 0: a figure
 * is compared with the range the table allows (exact when the total is printed, otherwise at
 * least the sum of the printed columns, since counts are never negative).
 */
import type { Flag } from '../model/flag.js';
import type { Report } from '../model/report.js';
import { TABLE_B_COLUMNS, TABLE_C_COLUMNS, KEY_INFO, tableAKey, tableBKey, tableCKey } from '../template/index.js';
import { levelRank, ownRegionWord } from '../model/body-kind.js';
import type { Level } from '../model/division.js';

interface Range { lo: number; hi: number; keys: Record<string, number | null> }

const UNIT = '(?:件|份|个|条|起|宗|次)';
const NUM = '(\\d[\\d,，]*)';
/** Between the verb and the figure: no clause break, no digit, no 《title》 (制发《某通知》1件 is not a count of 规范性文件). */
const GAP = '[^。；;，,、《》“”\\d\\n]{0,16}?';
const QUANT = '(?:共计|共|合计|总计|累计|达)?\\s*';

function sumRange(total: string, parts: readonly string[], cells: Report['cells']): Range | null {
  const t = cells[total];
  if (t !== null && t !== undefined) return { lo: t, hi: t, keys: { [total]: t } };
  const present = parts.filter((k) => typeof cells[k] === 'number');
  if (present.length === 0) return null;
  const lo = present.reduce((s, k) => s + (cells[k] as number), 0);
  const keys: Record<string, number | null> = {};
  for (const k of parts) keys[k] = cells[k] ?? null;
  return { lo, hi: present.length === parts.length ? lo : Infinity, keys };
}

const bRow = (row: string, c: Report['cells']) => sumRange(tableBKey(row, 'total'),
  TABLE_B_COLUMNS.filter((x) => x.key !== 'total').map((x) => tableBKey(row, x.key)), c);
const cGroup = (g: string, c: Report['cells']) => sumRange(tableCKey(g, 'total'),
  TABLE_C_COLUMNS.filter((x) => x.key !== 'total').map((x) => tableCKey(g, x.key)), c);
/** Table A's 规章 + 行政规范性文件 for one measure (issued, repealed): either alone, or both together. */
const documents = (measure: string, c: Report['cells']) => {
  const norm = cell(tableAKey('normative_documents', measure), c), regs = cell(tableAKey('regulations', measure), c);
  return [norm, regs, add(norm, regs)];
};
const cell = (k: string, c: Report['cells']): Range | null => {
  const v = c[k];
  return typeof v === 'number' ? { lo: v, hi: v, keys: { [k]: v } } : null;
};

function add(...rs: (Range | null)[]): Range | null {
  if (rs.some((r) => r === null)) return null;
  return rs.reduce<Range>((a, r) => ({ lo: a.lo + r!.lo, hi: a.hi + r!.hi, keys: { ...a.keys, ...r!.keys } }), { lo: 0, hi: 0, keys: {} });
}

interface NarrativeRule {
  rule: string;
  what: string;
  pattern: RegExp;
  /** Readings of the table the figure may restate; the match (for variants like 及部分公开). */
  readings: (c: Report['cells'], m: RegExpExecArray, sentence: string) => (Range | null)[];
  /** Words in the gap that make the figure ambiguous (a combined count). */
  ambiguous?: RegExp;
}

const RULES: readonly NarrativeRule[] = [
  { rule: 'narrative.applications', what: '申请', pattern: new RegExp(`(?:收到|受理|新收|接收|接到)${GAP}申请${QUANT}${NUM}\\s*${UNIT}`, 'g'),
    // 新收 + 上年结转 only when the sentence says the count includes the carried-over ones.
    readings: (c, _m, sentence) => [bRow('new_received', c), ...(/结转/.test(sentence) ? [add(bRow('new_received', c), bRow('carried_over', c))] : [])] },
  { rule: 'narrative.granted', what: '予以公开', pattern: new RegExp(`予以公开((?:及|和|与|、)部分公开)?(?:的)?${QUANT}${NUM}\\s*${UNIT}`, 'g'),
    readings: (c, m) => m[1] ? [add(bRow('granted', c), bRow('partially_granted', c))] : [bRow('granted', c)] },
  { rule: 'narrative.issued', what: '制发', pattern: new RegExp(`制发${GAP}${QUANT}${NUM}\\s*${UNIT}`, 'g'),
    readings: (c) => documents('issued', c) },
  { rule: 'narrative.repealed', what: '废止', pattern: new RegExp(`废止${GAP}${QUANT}${NUM}\\s*${UNIT}`, 'g'),
    readings: (c) => documents('repealed', c) },
  { rule: 'narrative.review', what: '行政复议', pattern: new RegExp(`行政复议(${GAP})${QUANT}${NUM}\\s*${UNIT}`, 'g'),
    readings: (c) => [cGroup('review', c)], ambiguous: /诉讼|和|及|与/ },
  { rule: 'narrative.litigation', what: '行政诉讼', pattern: new RegExp(`(?<!复议(?:和|及|与|、|或))行政诉讼(${GAP})${QUANT}${NUM}\\s*${UNIT}`, 'g'),
    readings: (c) => [add(cGroup('litigation_direct', c), cGroup('litigation_after_review', c)),
      cGroup('litigation_direct', c), cGroup('litigation_after_review', c)], ambiguous: /复议|和|及|与/ },
];

const num = (s: string) => Number(s.replace(/[,，]/g, ''));
const describe = (r: Range) => Object.entries(r.keys).map(([k, v]) => `${KEY_INFO.get(k)?.label ?? k} ${v ?? 'blank'}`).join(', ');

function ruleFlag(nr: NarrativeRule, r: Report): Flag | null {
  let first: { n: number; text: string; readings: Range[] } | null = null;
  for (const m of r.text.matchAll(nr.pattern)) {
    const gap = nr.ambiguous ? m[1] ?? '' : '';
    if (nr.ambiguous && nr.ambiguous.test(gap)) continue;
    const n = num(m[m.length - 1] ?? '');
    const end = r.text.indexOf('。', m.index);
    const sentence = r.text.slice(m.index, end < 0 ? undefined : end);
    const readings = nr.readings(r.cells, m as RegExpExecArray, sentence).filter((x): x is Range => x !== null);
    if (readings.length === 0) continue; // the table does not state it: nothing to compare
    if (readings.some((x) => n >= x.lo && n <= x.hi)) return null; // one statement agrees: not a contradiction
    first ??= { n, text: m[0], readings };
  }
  if (!first) return null;
  const main = first.readings[0]!;
  const table = main.lo === main.hi ? `${main.lo}` : `at least ${main.lo}`;
  return { rule: nr.rule, severity: 'warning', cells: { narrative: first.n, ...main.keys },
    message: `The narrative says “${first.text}” (${first.n}) but the table gives ${table} (${describe(main)})` };
}

export function narrativeFlags(r: Report): Flag[] {
  if (!r.text) return [];
  return RULES.map((nr) => ruleFlag(nr, r)).filter((f): f is Flag => f !== null);
}

const WORD_LEVEL: Readonly<Record<string, Level>> = { 省: '省', 市: '市', 县: '县', 乡: '乡', 镇: '乡' };
/** The levels a body may be at and still call itself by the word: 市 names 省-level, prefecture and county-level cities. */
const WORD_CAN_BE: Readonly<Record<string, readonly Level[]>> = { 省: ['省'], 市: ['省', '市', '县'], 县: ['县'], 乡: ['乡'], 镇: ['乡'] };

/**
 * A narrative calling itself by a lower level's word than the body's (boilerplate
 * copied from a county). At its own level a body uses its own word: a county-level
 * city (level 县) says 我市, so 我县 there is a copy too; a 省-level city says 我市.
 */
export function levelWordFlags(r: Report): Flag[] {
  const level = r.body.level;
  if (!level || !r.text) return [];
  const own = levelRank(level);
  const ownWord = ownRegionWord(r.body.regionName ?? r.body.name);
  const townWord = (w: string) => WORD_LEVEL[w] === '乡';
  const foreign = (w: string): boolean => {
    if (w === ownWord && WORD_CAN_BE[w]?.includes(level)) return false;
    const rank = levelRank(WORD_LEVEL[w]!);
    if (rank > own) return true;
    // Same level, another word: 我县 in a county-level city's report (not 乡 for 镇: both name townships).
    return rank === own && ownWord !== null && ownWord in WORD_LEVEL && w !== ownWord && !(townWord(w) && townWord(ownWord));
  };
  const words = [...r.text.matchAll(/我(省|市|县|乡|镇)(?!场|级|委)/g)].filter((x) => foreign(x[1]!));
  if (words.length === 0) return [];
  const w = words[0]![0];
  return [{ rule: 'region.level_word', severity: 'warning', cells: { occurrences: words.length },
    message: `The narrative says “${w}” (${words.length}×) in the report of a ${level}-level body${r.body.name ? ` (${r.body.name})` : ''}` }];
}
