/**
 * The copy rule over the whole country. The check stage holds one province at a time, so
 * its in-memory copy pass (src/check/copy.ts) cannot see a county copying another
 * province's report. This pass keeps every live report's MinHash signature in the store,
 * takes candidate pairs from the LSH bucket index across provinces, and confirms them with
 * the same estimate, exact Jaccard and flag as the in-memory pass.
 *
 * Memory: one batch of narratives while signing, one chunk of candidate pairs while
 * comparing, and the kept copy pairs with their reports (one flag per copying report).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Flag } from '../model/flag.js';
import type { Report } from '../model/report.js';
import { dropStaleSignatures, unsignedReports, saveSignatures, candidatePairs, signaturesOf, savePairs, storedCopies, type CandidatePair, type CopyPair } from '../store/narrative-signatures.js';
import { bandHashes, copyNarrativePairFlags, jaccard, keepBest, narrativeSignature, shingles, signatureAgreement, COPY_THRESHOLD, LIKELY_COPY } from '../check/copy.js';
import { sameBody } from '../check/bodies.js';
import { analyze, AnalyzeSchedule } from '../store/statistics.js';
import { loadReportTexts } from './live-reports.js';

export const COPY_RULE = 'copy.narrative';

export interface NationalCopies {
  /** report id → its copy.narrative flag (the closest source anywhere in the country). */
  readonly flags: ReadonlyMap<string, readonly Flag[]>;
  readonly signed: number;
  readonly dropped: number;
  /** Pairs new reports made by sharing a bucket, and those close enough to compare exactly. */
  readonly candidates: number;
  readonly compared: number;
}

/**
 * Signs the live reports that have no signature yet (`batch` narratives at a time). Tables
 * filled from empty are analyzed as they grow, and once more at the end, so the pairing's
 * bucket lookups are planned for the table they read (see src/store/statistics.ts).
 */
export async function sign(db: Kysely<Database>, batch: number): Promise<number> {
  const schedule = new AnalyzeSchedule();
  const tables = ['narrative_signatures', 'narrative_bands'] as const;
  let n = 0;
  for (;;) {
    const rows = await unsignedReports(db, batch);
    if (rows.length === 0) break;
    await saveSignatures(db, rows.map((r) => {
      const minhash = narrativeSignature(r.narrative);
      return { reportId: r.id, minhash, bands: minhash ? bandHashes(minhash) : [] };
    }));
    n += rows.length;
    if (schedule.due(n)) await analyze(db, tables);
  }
  if (n >= 1000) await analyze(db, tables);
  return n;
}

/** Live reports by id; `withText: false` keeps no narratives (a flag names its source, it does not quote it). */
async function reportsById(db: Kysely<Database>, ids: readonly number[], withText = true): Promise<Map<number, Report>> {
  const out = new Map<number, Report>();
  for (let i = 0; i < ids.length; i += 5000) {
    for (const r of await loadReportTexts(db, ids.slice(i, i + 5000))) out.set(Number(r.id), withText ? r : { ...r, text: '' });
  }
  return out;
}

/** Compares one chunk's candidate pairs; returns those alike enough to be copies. */
async function comparePairs(db: Kysely<Database>, pairs: readonly CandidatePair[]): Promise<{ copies: CopyPair[]; compared: number }> {
  const sigs = await signaturesOf(db, [...new Set(pairs.flatMap((p) => [p.a, p.b]))]);
  // Signature agreement estimates the Jaccard: only likely pairs pay for loading the narratives.
  const likely = pairs.filter((p) => signatureAgreement(sigs.get(p.a)!, sigs.get(p.b)!) >= LIKELY_COPY);
  if (likely.length === 0) return { copies: [], compared: 0 };
  const reports = await reportsById(db, [...new Set(likely.flatMap((p) => [p.a, p.b]))]);
  const sets = new Map<number, Set<number>>();
  const setOf = (id: number) => sets.get(id) ?? sets.set(id, shingles(reports.get(id)!.text)).get(id)!;
  const copies: CopyPair[] = [];
  let compared = 0;
  for (const p of likely) {
    const a = reports.get(p.a), b = reports.get(p.b);
    if (!a || !b || sameBody(a, b)) continue; // a body reusing its own text year on year is not a copy
    compared++;
    const similarity = jaccard(setOf(p.a), setOf(p.b));
    if (similarity >= COPY_THRESHOLD) copies.push({ ...p, similarity });
  }
  return { copies, compared };
}

/** Each copying report's closest source, from every kept pair. */
async function flagsFromCopies(db: Kysely<Database>): Promise<Map<string, readonly Flag[]>> {
  const copies = await storedCopies(db);
  const reports = await reportsById(db, [...new Set(copies.flatMap((c) => [c.a, c.b]))], false);
  const best = new Map<string, { flag: Flag; score: number }>();
  for (const c of copies) {
    const a = reports.get(c.a), b = reports.get(c.b);
    if (!a || !b) continue;
    for (const { reportId, flag } of copyNarrativePairFlags(a, b, c.similarity)) keepBest(best, reportId, flag, c.similarity);
  }
  return new Map([...best].map(([id, x]) => [id, [x.flag]]));
}

/**
 * The national pass: drops the signatures (and kept pairs) of superseded reports, signs new
 * reports, compares only the pairs new reports make, and takes every verdict from the kept
 * pairs. A night that added a few thousand reports compares a few thousand reports' pairs,
 * not the country's.
 */
export async function nationalCopyFlags(db: Kysely<Database>, opts: { batch?: number; chunk?: number } = {}): Promise<NationalCopies> {
  const dropped = await dropStaleSignatures(db);
  const signed = await sign(db, opts.batch ?? 500);
  let candidates = 0, compared = 0;
  for await (const { ids, pairs } of candidatePairs(db, opts.chunk ?? 500)) {
    candidates += pairs.length;
    const found = await comparePairs(db, pairs);
    compared += found.compared;
    await savePairs(db, ids, found.copies);
  }
  return { flags: await flagsFromCopies(db), signed, dropped, candidates, compared };
}

/** A report's flags with the copy rule's verdict taken from the national pass instead of its province's. */
export function withNationalCopies(flags: readonly Flag[], national: readonly Flag[] | undefined): Flag[] {
  return [...flags.filter((f) => f.rule !== COPY_RULE), ...(national ?? [])];
}
