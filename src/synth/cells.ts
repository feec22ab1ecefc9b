/** Consistent cells for every key of a template: table B and C built so every identity holds. */
import type { TemplateId } from '../model/report.js';
import type { Level } from '../model/body.js';
import { TABLE_B_COLUMNS, TABLE_C_GROUPS, identities, templateKeys, tableBKey, tableCKey } from '../template/index.js';
import type { Rng } from './random.js';

type Cells = Record<string, number | null>;

function tableA(r: Rng, template: TemplateId, level: Level, c: Cells): void {
  const makesRules = level === '省' || level === '市';
  if (template === '2021') {
    const issued = makesRules ? r.int(0, 6) : 0;
    Object.assign(c, { 'active.regulations.issued': issued, 'active.regulations.repealed': makesRules ? r.int(0, 3) : 0,
      'active.regulations.in_force': makesRules ? r.int(issued, 120) : 0 });
    const docs = r.int(0, 40);
    Object.assign(c, { 'active.normative_documents.issued': docs, 'active.normative_documents.repealed': r.int(0, docs + 5),
      'active.normative_documents.in_force': r.int(docs, 300),
      'active.licensing.decisions': r.int(0, 30000), 'active.penalty.decisions': r.int(0, 8000),
      'active.coercion.decisions': r.int(0, 200), 'active.fees.amount': Math.round(r.next() * 500000) / 100 });
    return;
  }
  for (const area of ['regulations', 'normative_documents']) {
    const made = area === 'regulations' && !makesRules ? 0 : r.int(0, 30);
    Object.assign(c, { [`active.${area}.new_made`]: made, [`active.${area}.new_published`]: made,
      [`active.${area}.total_published`]: made + r.int(0, 200) });
  }
  for (const area of ['licensing', 'other_services', 'penalty', 'coercion']) {
    Object.assign(c, { [`active.${area}.previous_items`]: r.int(0, 400), [`active.${area}.change`]: r.int(-10, 10),
      [`active.${area}.decisions`]: r.int(0, 20000) });
  }
  Object.assign(c, { 'active.fees.previous_items': r.int(0, 50), 'active.fees.change': r.int(-3, 3),
    'active.procurement.items': r.int(0, 60), 'active.procurement.amount': Math.round(r.next() * 100000) / 100 });
}

/** Table B: per applicant column, inputs split into outcomes and a carry-forward; 总计 column summed. */
function tableB(r: Rng, outcomes: readonly string[], c: Cells): void {
  const cols = TABLE_B_COLUMNS.filter((x) => x.key !== 'total').map((x) => x.key);
  const odds: Record<string, number> = { natural_person: 0.9, commercial_enterprise: 0.5 };
  const scale = r.pick([3, 10, 40, 150]);
  for (const col of cols) {
    const active = r.chance(odds[col] ?? 0.2);
    const received = active ? r.int(0, scale) : 0;
    const carried = active ? r.int(0, Math.ceil(scale / 20)) : 0;
    const forward = r.int(0, Math.min(received + carried, Math.ceil(scale / 15)));
    const counts = new Map(outcomes.map((o) => [o, 0]));
    // Most applications are granted; the rest spread over a few outcome rows.
    const common = r.shuffle(outcomes).slice(0, r.int(1, 5));
    for (let i = received + carried - forward; i > 0; i--) {
      const o = r.chance(0.5) ? 'granted' : r.pick(common);
      counts.set(o, counts.get(o)! + 1);
    }
    c[tableBKey('new_received', col)] = received;
    c[tableBKey('carried_over', col)] = carried;
    c[tableBKey('carried_forward', col)] = forward;
    for (const [o, n] of counts) c[tableBKey(o, col)] = n;
    c[tableBKey('total', col)] = received + carried - forward;
  }
  for (const row of ['new_received', 'carried_over', 'carried_forward', 'total', ...outcomes]) {
    c[tableBKey(row, 'total')] = cols.reduce((s, col) => s + (c[tableBKey(row, col)] as number), 0);
  }
}

function tableC(r: Rng, c: Cells): void {
  const busy = r.chance(0.4);
  for (const g of TABLE_C_GROUPS) {
    const vals = ['upheld', 'corrected', 'other', 'pending'].map((k) => [k, busy ? r.int(0, g.key === 'review' ? 8 : 4) : 0] as const);
    for (const [k, v] of vals) c[tableCKey(g.key, k)] = v;
    c[tableCKey(g.key, 'total')] = vals.reduce((s, [, v]) => s + v, 0);
  }
}

export function consistentCells(r: Rng, template: TemplateId, otherAsOneRow: boolean, level: Level): Cells {
  const keys = templateKeys(template, { otherAsOneRow });
  const c: Cells = Object.fromEntries(keys.map((k) => [k, 0]));
  tableA(r, template, level, c);
  const outcomeId = identities({ template, otherAsOneRow }).find((i) => i.id === 'b.outcomes.natural_person')!;
  const outcomes = outcomeId.rhs.map((k) => k.split('.')[1]!);
  tableB(r, outcomes, c);
  tableC(r, c);
  return c;
}
