/**
 * The canonical keys of every statistical cell, per template, with the Chinese
 * labels a data dictionary prints beside them. Every output (JSON, rows, CSV
 * columns, view columns) names cells by these keys.
 */
import type { TemplateId } from '../model/report.js';
import { tableA, TABLE_A_2019, TABLE_A_2021 } from './table-a.js';
import { TABLE_B_COLUMNS, TABLE_B_ROWS, OTHER_SUBROWS, tableBKey } from './table-b.js';
import { TABLE_C_COLUMNS, TABLE_C_GROUPS, tableCKey } from './table-c.js';

export type TableId = 'A' | 'B' | 'C';

export interface KeyInfo {
  readonly key: string;
  readonly table: TableId;
  /** "row label / column label" in the template's words. */
  readonly label: string;
  readonly templates: readonly TemplateId[];
  readonly money: boolean;
}

function tableBKeys(template: TemplateId, otherAsOneRow: boolean): string[] {
  const rows = TABLE_B_ROWS.filter((r) => {
    if (template === '2019') return r.templates.includes('2019');
    if (r.key === 'other') return otherAsOneRow;
    if ((OTHER_SUBROWS as readonly string[]).includes(r.key)) return !otherAsOneRow;
    return true;
  });
  return rows.flatMap((r) => TABLE_B_COLUMNS.map((c) => tableBKey(r.key, c.key)));
}

/**
 * Every key a complete report of the template states, in print order.
 * `otherAsOneRow` selects the 2021 layout that keeps （六）其他处理 as one row.
 */
export function templateKeys(template: TemplateId, opts: { otherAsOneRow?: boolean } = {}): string[] {
  return [
    ...tableA(template).flatMap((b) => b.cells.map((c) => c.key)),
    ...tableBKeys(template, opts.otherAsOneRow ?? false),
    ...TABLE_C_GROUPS.flatMap((g) => TABLE_C_COLUMNS.map((c) => tableCKey(g.key, c.key))),
  ];
}

function buildKeyInfo(): Map<string, KeyInfo> {
  const info = new Map<string, KeyInfo>();
  const add = (k: KeyInfo) => {
    const prev = info.get(k.key);
    info.set(k.key, prev ? { ...prev, templates: [...new Set([...prev.templates, ...k.templates])] } : k);
  };
  for (const [tpl, blocks] of [['2021', TABLE_A_2021], ['2019', TABLE_A_2019]] as const) {
    for (const b of blocks) for (const c of b.cells) {
      add({ key: c.key, table: 'A', label: `${c.row} / ${c.column}`, templates: [tpl], money: c.money ?? false });
    }
  }
  for (const r of TABLE_B_ROWS) for (const c of TABLE_B_COLUMNS) {
    const row = r.parent ? `${r.parent} ${r.label}` : r.label;
    add({ key: tableBKey(r.key, c.key), table: 'B', label: `${row} / ${c.label}`, templates: r.templates, money: false });
  }
  for (const g of TABLE_C_GROUPS) for (const c of TABLE_C_COLUMNS) {
    add({ key: tableCKey(g.key, c.key), table: 'C', label: `${g.label} / ${c.label}`, templates: ['2019', '2021'], money: false });
  }
  return info;
}

/** key → label, table and templates; the data dictionary. */
export const KEY_INFO: ReadonlyMap<string, KeyInfo> = buildKeyInfo();

/** Every canonical key of either template (2021 keys first, then the 2019 extras). */
export const ALL_KEYS: readonly string[] = [...new Set([
  ...templateKeys('2021'),
  ...templateKeys('2021', { otherAsOneRow: true }),
  ...templateKeys('2019'),
])];

export const isCanonicalKey = (key: string): boolean => KEY_INFO.has(key);

export const tableOf = (key: string): TableId | undefined => KEY_INFO.get(key)?.table;

/**
 * Column name of a key in wide tables (the `cells_wide` view, wide exports).
 * PostgreSQL caps identifiers at 63 bytes and the longest table B keys run to 68,
 * so wide columns abbreviate the `applications.` prefix to `app.`; every other
 * key is its own column name.
 */
export const wideColumn = (key: string): string => key.replace(/^applications\./, 'app.');
