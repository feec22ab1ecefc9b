/**
 * Row labels of tables A and B as data: which printed cell text names which
 * template row, and how many value cells the row has in each template.
 */
import type { TemplateId } from '../model/report.js';
import { tableA, TABLE_B_ROWS, TABLE_B_COLUMNS, tableBKey } from '../template/index.js';
import { toHalfWidth } from './values.js';

export interface RowLabel {
  readonly table: 'A' | 'B';
  /** Template row key (`regulations`, `granted`, …). */
  readonly row: string;
  /** The canonical keys of the row's cells, in printed column order. */
  readonly keys: readonly string[];
  /** Parent row whose label, printed alone before this one, is a heading, not a row. */
  readonly parent?: string;
}

/** Label text normalised: half-width, no spaces, ASCII brackets, no trailing colon or &nbsp;. */
export function normLabel(s: string): string {
  return toHalfWidth(s).replace(/[\s\u00a0]+/g, '').replace(/[（]/g, '(').replace(/[）]/g, ')')
    .replace(/[．]/g, '.').replace(/[:：]$/, '');
}

// Distinctive words of each table B row: pages shorten, merge or wrap the full label.
const B_WORDS: Record<string, RegExp> = {
  new_received: /本年新收/, carried_over: /上年结转/, granted: /予以公开$|^\(一\)予以公开/, partially_granted: /^(\(二\))?部分公开/,
  denied_state_secret: /国家秘密/, denied_prohibited_by_law: /禁止公开/, denied_three_safety_one_stability: /三安全一稳定/,
  denied_third_party_rights: /第三方合法权益/, denied_internal_affairs: /内部事务/, denied_process_information: /过程性信息/,
  denied_enforcement_files: /执法案卷/, denied_query_matters: /查询事项/, unable_not_held: /不掌握/, unable_needs_creation: /另行制作/,
  unable_unclear_after_correction: /补正后/, not_processed_petition_complaint: /信访|举报投诉/, not_processed_duplicate: /重复申请/,
  not_processed_publications: /公开出版物/, not_processed_excessive_repeated: /大量反复/, not_processed_confirm_existing: /确认或重新出具/,
  other: /^(\(六\))?其他处理$/, other_no_correction: /逾期不补正/, other_no_fee: /缴纳费用/, other_other: /^(3[.、]|\(3\))其他$/,
  total: /^\(七\)总计$|^七、?总计$/, carried_forward: /结转下年度/,
};

const B_KEYS = (row: string) => TABLE_B_COLUMNS.map((c) => tableBKey(row, c.key));

const A_LABELS = new Map<TemplateId, Map<string, RowLabel>>();

/** Printed name (and variants) → table A row, per template; built once. */
function aLabels(template: TemplateId): Map<string, RowLabel> {
  let m = A_LABELS.get(template);
  if (m) return m;
  m = new Map();
  const rows = new Map<string, { names: string[]; keys: string[] }>();
  for (const block of tableA(template)) for (const c of block.cells) {
    const r = rows.get(c.row) ?? { names: [c.row, ...c.rowVariants], keys: [] };
    r.keys.push(c.key);
    rows.set(c.row, r);
  }
  for (const [row, r] of rows) for (const name of r.names) if (!m.has(name)) m.set(name, { table: 'A', row, keys: r.keys });
  A_LABELS.set(template, m);
  return m;
}

/** Which template row a cell names, if any. Sentences (narrative) never name a row. */
export function matchLabel(text: string, template: TemplateId): RowLabel | null {
  const t = normLabel(text);
  if (!t || t.length > 70 || /[。；]/.test(t) || /\d{2,}/.test(t)) return null;
  const a = aLabels(template).get(t);
  if (a) return a;
  for (const row of TABLE_B_ROWS) {
    if (!row.templates.includes(template)) continue;
    if (B_WORDS[row.key]?.test(t)) {
      const parent = row.parent && /其他处理/.test(row.parent) ? 'other' : undefined;
      return parent ? { table: 'B', row: row.key, keys: B_KEYS(row.key), parent } : { table: 'B', row: row.key, keys: B_KEYS(row.key) };
    }
  }
  return null;
}
