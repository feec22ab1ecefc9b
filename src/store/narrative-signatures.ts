/**
 * Stored MinHash signatures of live reports' narratives and the LSH buckets they fall in
 * (migration 0170). What a signature is belongs to the copy rule (src/check/copy.ts);
 * this module only keeps them: rows of superseded reports dropped, new ones written,
 * candidate pairs read back from the bucket index.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

/** Signatures are written little-endian whatever the machine. */
function encode(sig: Uint32Array): Uint8Array {
  const out = new Uint8Array(sig.length * 4);
  const view = new DataView(out.buffer);
  sig.forEach((v, i) => view.setUint32(i * 4, v, true));
  return out;
}

function decode(bytes: Uint8Array): Uint32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Uint32Array(bytes.byteLength >> 2);
  for (let i = 0; i < out.length; i++) out[i] = view.getUint32(i * 4, true);
  return out;
}

/** Drops the signatures of reports that a newer extraction superseded; returns how many. */
export async function dropStaleSignatures(db: Kysely<Database>): Promise<number> {
  const res = await db.deleteFrom('narrative_signatures')
    .where('report_id', 'in', db.selectFrom('reports').select('id').where('superseded_by', 'is not', null))
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}

/** Up to `limit` live reports with no signature row yet, with their narratives. */
export async function unsignedReports(db: Kysely<Database>, limit: number): Promise<{ id: number; narrative: string | null }[]> {
  return db.selectFrom('reports as r').leftJoin('narrative_signatures as s', 's.report_id', 'r.id')
    .select(['r.id', 'r.narrative']).where('r.superseded_by', 'is', null).where('s.report_id', 'is', null)
    .orderBy('r.id').limit(limit).execute();
}

export interface NarrativeSignatureRow {
  readonly reportId: number;
  /** null: the narrative is too short to compare (the row says it was looked at). */
  readonly minhash: Uint32Array | null;
  readonly bands: readonly number[];
}

export async function saveSignatures(db: Kysely<Database>, rows: readonly NarrativeSignatureRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('narrative_signatures').values(rows.map((s) => ({ report_id: s.reportId, minhash: s.minhash ? encode(s.minhash) : null })))
      .onConflict((oc) => oc.column('report_id').doNothing()).execute();
    const bands = rows.flatMap((s) => s.bands.map((hash, band) => ({ report_id: s.reportId, band, hash })));
    // 3 parameters a row; a statement takes at most 65,535.
    for (let i = 0; i < bands.length; i += 10_000) {
      await tx.insertInto('narrative_bands').values(bands.slice(i, i + 10_000)).onConflict((oc) => oc.doNothing()).execute();
    }
  });
}

export interface CandidatePair { readonly a: number; readonly b: number }

/**
 * Pairs of live reports sharing an LSH bucket, anywhere in the country, `chunk` first members
 * at a time (a < b, each pair once, in order, so ties between equally close sources resolve
 * the same way every night). Memory is one chunk's pairs.
 *
 * Each report is paired, in each bucket, with at most the `perBucket` next reports by id, not
 * with every member: boilerplate many counties share fills buckets of thousands (at 3,000
 * portals the largest held 4,357 reports), and every pair of them made the pass quadratic —
 * over 100 million pairs, one chunk of 500 reports still running after five minutes. A report
 * and its copy share most of their buckets, so its source is still met unless more than
 * `perBucket` reports as close lie between them in every bucket, and those are sources too.
 */
export async function* candidatePairs(db: Kysely<Database>, chunk = 500, perBucket = 16): AsyncGenerator<CandidatePair[]> {
  let after = 0;
  for (;;) {
    const ids = await db.selectFrom('narrative_signatures').select('report_id')
      .where('minhash', 'is not', null).where('report_id', '>', after).orderBy('report_id').limit(chunk).execute();
    if (ids.length === 0) return;
    const lo = ids[0]!.report_id, hi = ids.at(-1)!.report_id;
    after = hi;
    const pairs = await sql<CandidatePair>`
      select distinct a.report_id as a, b.report_id as b
        from narrative_bands a
        cross join lateral (
          select n.report_id from narrative_bands n
           where n.band = a.band and n.hash = a.hash and n.report_id > a.report_id
           order by n.report_id limit ${perBucket}) b
       where a.report_id between ${lo} and ${hi}
       order by a, b`.execute(db);
    if (pairs.rows.length) yield pairs.rows.map((p) => ({ a: Number(p.a), b: Number(p.b) }));
  }
}

/** The stored signatures of these reports. */
export async function signaturesOf(db: Kysely<Database>, ids: readonly number[]): Promise<Map<number, Uint32Array>> {
  const out = new Map<number, Uint32Array>();
  for (let i = 0; i < ids.length; i += 5000) {
    const rows = await db.selectFrom('narrative_signatures').select(['report_id', 'minhash'])
      .where('report_id', 'in', ids.slice(i, i + 5000)).where('minhash', 'is not', null).execute();
    for (const r of rows) out.set(r.report_id, decode(r.minhash!));
  }
  return out;
}
