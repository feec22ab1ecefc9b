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

/** A pair found alike enough to be a copy, with the exact Jaccard of its narratives' shingles. */
export interface CopyPair extends CandidatePair { readonly similarity: number }

/** One chunk of reports not yet paired, and the candidate pairs they make. */
export interface CandidateChunk { readonly ids: readonly number[]; readonly pairs: readonly CandidatePair[] }

/**
 * The bucket neighbours of a chunk's reports on one side, at most `perBucket` a bucket,
 * nearest first: every earlier report, or later reports already paired on an earlier
 * night (later unpaired ones meet this report when their own chunk comes). Pairs are (a < b).
 */
const neighbours = (ids: readonly number[], lo: number, hi: number, perBucket: number, side: 'earlier' | 'later') => {
  const earlier = side === 'earlier';
  return sql<CandidatePair>`
    select ${earlier ? sql`n.report_id as a, x.report_id as b` : sql`x.report_id as a, n.report_id as b`}
      from narrative_bands x
      cross join lateral (
        select m.report_id from narrative_bands m
         where m.band = x.band and m.hash = x.hash and m.report_id ${earlier ? sql`<` : sql`>`} x.report_id
         order by m.report_id ${earlier ? sql`desc` : sql`asc`} limit ${perBucket}) n
      ${earlier ? sql`` : sql`join narrative_signatures s on s.report_id = n.report_id and s.paired`}
     where x.report_id between ${lo} and ${hi} and x.report_id = any(${ids}::bigint[])`;
};

/**
 * Pairs sharing an LSH bucket, anywhere in the country, that involve a report not yet paired,
 * `chunk` such reports at a time (a < b, each pair once, in order, so ties between equally
 * close sources resolve the same way every night). Memory is one chunk's pairs. The caller
 * marks a chunk paired (`savePairs`) before asking for the next: a report paired in an earlier
 * chunk is then an old one to the later chunks, and their pair is made once.
 *
 * In each bucket a report meets at most `perBucket` neighbours on each side by id, not every
 * member: boilerplate many counties share fills buckets of thousands (at 3,000 portals the
 * largest held 4,357 reports), and every pair of them made the pass quadratic — over 100
 * million pairs, one chunk of 500 reports still running after five minutes. A report and its
 * copy share most of their buckets, so its source is still met unless more than `perBucket`
 * reports as close lie between them in every bucket, and those are sources too.
 *
 * A new report x pairs with the `perBucket` reports before it in each bucket (all of them,
 * paired or not) and with the paired ones among the `perBucket` after it (new reports after it
 * meet x from their side). When every report is new, as on a first pass, that is each report
 * with its `perBucket` next ones: the whole country paired once.
 */
export async function* candidatePairs(db: Kysely<Database>, chunk = 500, perBucket = 16): AsyncGenerator<CandidateChunk> {
  // Reports paired on earlier nights with ids above a new one's: rare (new reports have the
  // newest ids), and when there are none the lookup of later neighbours is skipped.
  const last = await db.selectFrom('narrative_signatures').select((eb) => eb.fn.max('report_id').as('m')).where('paired', '=', true).executeTakeFirst();
  const lastPaired = Number(last?.m ?? 0);
  let after = 0;
  for (;;) {
    const rows = await db.selectFrom('narrative_signatures').select('report_id')
      .where('paired', '=', false).where('minhash', 'is not', null).where('report_id', '>', after)
      .orderBy('report_id').limit(chunk).execute();
    if (rows.length === 0) return;
    const ids = rows.map((r) => Number(r.report_id));
    const lo = ids[0]!;
    after = ids.at(-1)!;
    const earlier = neighbours(ids, lo, after, perBucket, 'earlier');
    const later = neighbours(ids, lo, after, perBucket, 'later');
    const pairs = await sql<CandidatePair>`
      select distinct a, b from (${lastPaired > lo ? sql`${earlier} union all ${later}` : earlier}) p
      order by a, b`.execute(db);
    yield { ids, pairs: pairs.rows.map((p) => ({ a: Number(p.a), b: Number(p.b) })) };
  }
}

/** Stores the copies found among a chunk's pairs and marks its reports paired, at once. */
export async function savePairs(db: Kysely<Database>, ids: readonly number[], copies: readonly CopyPair[]): Promise<void> {
  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < copies.length; i += 10_000) {
      await tx.insertInto('narrative_copies').values(copies.slice(i, i + 10_000).map((c) => ({ a: c.a, b: c.b, similarity: c.similarity })))
        .onConflict((oc) => oc.columns(['a', 'b']).doNothing()).execute();
    }
    for (let i = 0; i < ids.length; i += 5000) {
      await tx.updateTable('narrative_signatures').set({ paired: true }).where('report_id', 'in', ids.slice(i, i + 5000)).execute();
    }
  });
}

/** Every kept copy pair, in (a, b) order: the order a whole pass would have met them in. */
export async function storedCopies(db: Kysely<Database>): Promise<CopyPair[]> {
  const rows = await db.selectFrom('narrative_copies').select(['a', 'b', 'similarity']).orderBy('a').orderBy('b').execute();
  return rows.map((r) => ({ a: Number(r.a), b: Number(r.b), similarity: Number(r.similarity) }));
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
