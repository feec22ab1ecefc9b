/** Identity rules (the template's arithmetic, read from the identities data) and template-level rules. */
import type { Flag } from '../model/flag.js';
import type { Report } from '../model/report.js';
import { identities, evaluate, KEY_INFO, tableOf, type Identity } from '../template/index.js';

const label = (k: string): string => KEY_INFO.get(k)?.label ?? k;
/** `a 6 + b 0`; long sums list their non-zero cells only, so the message stays readable. */
function fmt(keys: readonly string[], cells: Report['cells']): string {
  if (keys.length <= 2) return keys.map((k) => `${label(k)} ${cells[k]}`).join(' + ');
  const nonZero = keys.filter((k) => cells[k] !== 0);
  const rest = keys.length - nonZero.length;
  return [...nonZero.map((k) => `${label(k)} ${cells[k]}`), ...(rest ? [`${rest} more cells 0`] : [])].join(' + ');
}

function identityFlag(id: Identity, r: Report): Flag | null {
  const out = evaluate(id, r.cells);
  // A blank cell is not 0: an identity that needs one cannot be checked, so it stays silent.
  if (out.status !== 'fails') return null;
  const cells: Record<string, number | null> = {};
  for (const k of [...id.lhs, ...id.rhs]) cells[k] = r.cells[k] ?? null;
  return {
    rule: `identity.${id.kind}`, severity: 'error', cells,
    message: `${id.subject}: ${fmt(id.lhs, r.cells)} = ${out.lhs}, but ${fmt(id.rhs, r.cells)} = ${out.rhs}`,
  };
}

const IDENTITIES = new Map<string, Identity[]>();
/** Identities per layout, built once: checks run over hundreds of thousands of reports. */
function identitiesOf(template: NonNullable<Report['template']>, otherAsOneRow: boolean): Identity[] {
  const key = `${template}:${otherAsOneRow}`;
  let ids = IDENTITIES.get(key);
  if (!ids) IDENTITIES.set(key, (ids = identities({ template, otherAsOneRow })));
  return ids;
}

export function identityFlags(r: Report): Flag[] {
  if (!r.template) return [];
  const ids = identitiesOf(r.template, r.otherAsOneRow === true);
  return ids.map((id) => identityFlag(id, r)).filter((f): f is Flag => f !== null);
}

export function templateFlags(r: Report): Flag[] {
  const out: Flag[] = [];
  if (r.template === '2019' && r.year !== null && r.year >= 2021) {
    out.push({ rule: 'template.format_year', severity: 'warning', cells: { year: r.year },
      message: `A ${r.year} report printed in the 2019 template (the 2021 template applies from the 2021 reports on)` });
  }
  const present = new Set(Object.keys(r.cells).map(tableOf));
  const names = { A: '二、主动公开政府信息情况', B: '三、收到和处理政府信息公开申请情况', C: '四、行政复议、行政诉讼情况' } as const;
  for (const t of ['A', 'B', 'C'] as const) {
    if (!present.has(t)) out.push({ rule: `missing.table_${t.toLowerCase()}`, severity: 'warning', cells: {},
      message: `Table ${t} (${names[t]}) has no cell on the page` });
  }
  return out;
}
