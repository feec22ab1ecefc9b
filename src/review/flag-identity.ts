/**
 * A flag's identity across runs. The checks rewrite a report's flags whole and
 * every re-extraction makes a new report id, so a reviewer's decision cannot
 * hang on a flags row. It hangs on what the flag is about: the same rule over
 * the same cells of the same report lineage. The numbers and the document
 * version are not part of the identity — they are what the decision was made
 * on, and a change to them reopens the flag (see flag-lifecycle.ts).
 *
 * @example
 * lineageOf({ bodyId: 12, year: 2023, url: 'http://x/a.html' }) // 'body:12/2023'
 */
import { createHash } from 'node:crypto';
import type { Flag } from '../model/flag.js';

/** What locates a report's lineage: the body and year when both are known, else the URL. */
export interface LineageSource {
  readonly bodyId: number | null;
  readonly year: number | null;
  readonly url: string;
}

/**
 * The lineage a report belongs to — the same notion the store uses to
 * supersede reports (store/reports.ts): one body's report for one year, or,
 * when body or year is unknown, whatever one URL publishes.
 */
export function lineageOf(r: LineageSource): string {
  return r.bodyId !== null && r.year !== null ? `body:${r.bodyId}/${r.year}` : `url:${r.url}`;
}

export interface FlagIdentity {
  /** sha256 of lineage, rule and subject: the key of the flag's review state. */
  readonly key: string;
  readonly lineage: string;
  readonly rule: string;
  /** The cells the flag is about (sorted keys), and the related report's lineage for comparisons. */
  readonly subject: string;
}

/** A flag with the lineage of the report it compares against (copies, last year), when it has one. */
export type IdentifiableFlag = Pick<Flag, 'rule' | 'cells' | 'message'> & { readonly relatedLineage?: string | null };

const hash = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Identities of one report's flags, in the order given. Two flags of one rule
 * over the same cells (a narrative copied from two bodies …) are told apart by
 * an ordinal in message order, so each keeps its own state.
 */
export function flagIdentities(lineage: string, flags: readonly IdentifiableFlag[]): FlagIdentity[] {
  const base = flags.map((f) => {
    const cells = Object.keys(f.cells).sort().join(',');
    return f.relatedLineage ? `${cells}|vs ${f.relatedLineage}` : cells;
  });
  const groups = new Map<string, number[]>();
  base.forEach((s, i) => {
    const g = `${flags[i]!.rule}\n${s}`;
    groups.set(g, [...(groups.get(g) ?? []), i]);
  });
  const subject = [...base];
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    const byMessage = [...members].sort((a, b) => (flags[a]!.message < flags[b]!.message ? -1 : flags[a]!.message > flags[b]!.message ? 1 : a - b));
    byMessage.forEach((i, n) => { subject[i] = `${base[i]}#${n + 1}`; });
  }
  return flags.map((f, i) => ({
    key: hash(`${lineage}\n${f.rule}\n${subject[i]}`), lineage, rule: f.rule, subject: subject[i]!,
  }));
}
