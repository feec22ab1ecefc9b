/**
 * The copy rule over the whole country. The check stage holds one province at a time, so
 * its in-memory copy pass (src/check/copy.ts) cannot see a county copying another
 * province's report. This pass keeps every live report's MinHash signature in the store,
 * takes candidate pairs from the LSH bucket index across provinces, and confirms them with
 * the same estimate, exact Jaccard and flag as the in-memory pass.
 *
 * Memory: one batch of narratives while signing, one chunk of candidate pairs while
 * comparing, and the flags found (one per copying report).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Flag } from '../model/flag.js';
import type { Report } from '../model/report.js';
import { dropStaleSignatures, unsignedReports, saveSignatures, candidatePairs, signaturesOf } from '../store/narrative-signatures.js';
import { bandHashes, copyNarrativePairFlags, jaccard, keepBest, narrativeSignature, shingles, signatureAgreement, COPY_THRESHOLD, LIKELY_COPY } from '../check/copy.js';
import { sameBody } from '../check/bodies.js';
import { loadReportTexts } from './live-reports.js';

export const COPY_RULE = 'copy.narrative';

export interface NationalCopies {
  /** report id → its copy.narrative flag (the closest source anywhere in the country). */
  readonly flags: ReadonlyMap<string, readonly Flag[]>;
  readonly signed: number;
  readonly dropped: number;
  /** Pairs sharing a bucket, and those close enough to compare exactly. */
  readonly candidates: number;
  readonly compared: number;
}

/** Signs the live reports that have no signature yet (`batch` narratives at a time). */
export async function sign(db: Kysely<Database>, batch: number): Promise<number> {
  let n = 0;
  for (;;) {
    const rows = await unsignedReports(db, batch);
    if (rows.length === 0) return n;
    await saveSignatures(db, rows.map((r) => {
      const minhash = narrativeSignature(r.narrative);
      return { reportId: r.id, minhash, bands: minhash ? bandHashes(minhash) : [] };
    }));
    n += rows.length;
  }
}

async function reportsById(db: Kysely<Database>, ids: readonly number[]): Promise<Map<number, Report>> {
  const out = new Map<number, Report>();
  for (let i = 0; i < ids.length; i += 5000) for (const r of await loadReportTexts(db, ids.slice(i, i + 5000))) out.set(Number(r.id), r);
  return out;
}

export async function nationalCopyFlags(db: Kysely<Database>, opts: { batch?: number; chunk?: number } = {}): Promise<NationalCopies> {
  const dropped = await dropStaleSignatures(db);
  const signed = await sign(db, opts.batch ?? 500);
  const best = new Map<string, { flag: Flag; score: number }>();
  let candidates = 0, compared = 0;
  for await (const pairs of candidatePairs(db, opts.chunk ?? 500)) {
    candidates += pairs.length;
    const sigs = await signaturesOf(db, [...new Set(pairs.flatMap((p) => [p.a, p.b]))]);
    // Signature agreement estimates the Jaccard: only likely pairs pay for loading the narratives.
    const likely = pairs.filter((p) => signatureAgreement(sigs.get(p.a)!, sigs.get(p.b)!) >= LIKELY_COPY);
    if (likely.length === 0) continue;
    const reports = await reportsById(db, [...new Set(likely.flatMap((p) => [p.a, p.b]))]);
    const sets = new Map<number, Set<number>>();
    const setOf = (id: number) => sets.get(id) ?? sets.set(id, shingles(reports.get(id)!.text)).get(id)!;
    for (const p of likely) {
      const a = reports.get(p.a), b = reports.get(p.b);
      if (!a || !b || sameBody(a, b)) continue; // a body reusing its own text year on year is not a copy
      compared++;
      const sim = jaccard(setOf(p.a), setOf(p.b));
      if (sim < COPY_THRESHOLD) continue;
      for (const { reportId, flag } of copyNarrativePairFlags(a, b, sim)) keepBest(best, reportId, flag, sim);
    }
  }
  return { flags: new Map([...best].map(([id, x]) => [id, [x.flag]])), signed, dropped, candidates, compared };
}

/** A report's flags with the copy rule's verdict taken from the national pass instead of its province's. */
export function withNationalCopies(flags: readonly Flag[], national: readonly Flag[] | undefined): Flag[] {
  return [...flags.filter((f) => f.rule !== COPY_RULE), ...(national ?? [])];
}
