/**
 * Checks: pure functions from reports to flags. `checkReport` runs the rules that need one
 * report; `checkReports` adds the rules that compare reports (last year, copies).
 */
import type { Flag } from '../model/flag.js';
import type { Report } from '../model/report.js';
import { identityFlags, templateFlags } from './arithmetic.js';
import { inferredFlags } from './extraction.js';
import { narrativeFlags, levelWordFlags } from './narrative.js';
import { byBodyYear, carriedOverFlags, inForceFlags, outlierFlags, deadlineFlags } from './crossyear.js';
import { copyNarrativeFlags, identicalTableFlags } from './copy.js';
import { bodyKey } from './bodies.js';

export { RULES, RULE_BY_ID, ruleScope, type Rule, type RuleScope } from './rules.js';

export function checkReport(r: Report): Flag[] {
  return single(r).map(canonical);
}

function single(r: Report): Flag[] {
  return [...identityFlags(r), ...templateFlags(r), ...inferredFlags(r), ...narrativeFlags(r), ...levelWordFlags(r), ...deadlineFlags(r)];
}

/**
 * Cells keyed in the order PostgreSQL jsonb keeps them (shorter keys first, then bytewise), so a
 * flag read back from the store serialises exactly like a fresh one and an unchanged run rewrites nothing.
 */
function canonical(f: Flag): Flag {
  const bytes = (k: string) => Buffer.byteLength(k);
  const keys = Object.keys(f.cells).sort((a, b) => bytes(a) - bytes(b) || Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return { ...f, cells: Object.fromEntries(keys.map((k) => [k, f.cells[k] ?? null])) };
}

/**
 * What a caller takes from elsewhere: rules (ids) it will not keep, so they are not computed.
 * The check stage takes copy.narrative from the national pass, and a re-check after a
 * correction keeps the stored findings of every population rule; the in-memory copy pass
 * is most of the checks' CPU, so computing it only to drop it is what this avoids.
 */
export interface CheckOptions { readonly skip?: readonly string[] }

export function checkReports(reports: readonly Report[], opts: CheckOptions = {}): Map<string, Flag[]> {
  const skip = new Set(opts.skip);
  const out = checkAll(reports, (rule) => !skip.has(rule));
  for (const [id, fs] of out) {
    out.set(id, (skip.size ? fs.filter((f) => !skip.has(f.rule)) : fs).map(canonical));
  }
  return out;
}

function checkAll(reports: readonly Report[], wanted: (rule: string) => boolean): Map<string, Flag[]> {
  const out = new Map<string, Flag[]>();
  const push = (id: string, fs: readonly Flag[]) => { if (fs.length) out.set(id, [...(out.get(id) ?? []), ...fs]); };
  for (const r of reports) out.set(r.id, single(r));
  const index = byBodyYear(reports);
  for (const r of reports) {
    const k = bodyKey(r);
    const last = k !== null && r.year !== null ? index.get(k)?.get(r.year - 1) : undefined;
    if (last) push(r.id, [...carriedOverFlags(r, last), ...inForceFlags(r, last), ...outlierFlags(r, last)]);
  }
  if (wanted('copy.narrative')) for (const [id, fs] of copyNarrativeFlags(reports)) push(id, fs);
  if (wanted('copy.identical_table')) for (const [id, fs] of identicalTableFlags(reports)) push(id, fs);
  return out;
}
