/**
 * Loading extractions. Idempotent: the same extraction of the same document
 * version loads once. A new extraction (a new document version, or a better
 * extractor) supersedes the previous report of the URL / body-year, which
 * stays queryable with `superseded_by` pointing at its successor.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, ReportCellsTable } from './schema.js';
import type { ExtractedCell, ExtractionOk } from '../model/report.js';
import { jsonParam } from './json-param.js';

export interface LoadInput {
  readonly documentId: number;
  /** The document's URL, when the caller has it (spares a lookup). */
  readonly url?: string;
  readonly bodyId: number | null;
  readonly extraction: ExtractionOk;
  /** Identifies the extractor build, so a better extractor's output is a new report. */
  readonly extractorVersion: string;
}

export interface LoadResult {
  readonly reportId: number;
  /** false when this exact extraction was already loaded. */
  readonly created: boolean;
  /** Reports this one replaced. */
  readonly superseded: readonly number[];
}

/**
 * A stable hash of everything a report row and its cells hold — not of the
 * extractor version: a new extractor that reads a document the same way keeps
 * its report (the extract stage counts it unchanged) rather than duplicating it.
 */
export function extractionHash(x: ExtractionOk): string {
  const details = [...x.details].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const canonical = JSON.stringify({
    t: x.template, y: x.year, o: x.organization, ti: x.title, p: x.publishedDate ?? null,
    one: x.otherAsOneRow ?? false, w: x.warnings, n: x.text, d: details, a: x.accounts ?? [],
  });
  return createHash('sha256').update(canonical).digest('hex');
}

export async function loadExtraction(db: Kysely<Database>, input: LoadInput): Promise<LoadResult> {
  return db.transaction().execute((tx) => loadExtractionIn(tx, input));
}

/**
 * The same, inside the caller's transaction, so that what belongs with the report (its
 * body, the extraction log row) commits with it or not at all.
 */
export async function loadExtractionIn(tx: Transaction<Database>, input: LoadInput): Promise<LoadResult> {
  return (await loadBatchIn(tx, [input]))[0] as LoadResult;
}

/**
 * Retires the live reports of a URL when the current extractor loads none from its newest
 * version (`why` says what it read instead): each points `superseded_by` at itself, so it
 * stops counting as live, and stays queryable with its cells. Returns their ids.
 */
export async function retireReportsOf(tx: Transaction<Database>, url: string, why: string): Promise<number[]> {
  return (await loadBatchIn(tx, [{ url, why }]))[0] as number[];
}

/** A document that yields no report now: the live reports of its URL retire, saying why. */
export interface RetireInput { readonly url: string; readonly why: string }

type Item = LoadInput | RetireInput;
const isLoad = (it: Item): it is LoadInput => 'extraction' in it;

/**
 * Loads and retirements for many documents, with the result of doing them one by one in
 * the order given (a LoadResult per load, the retired ids per retirement), in a handful of
 * statements per batch rather than ~9 per report (bench:load: 201 → 312 reports/s on
 * PostgreSQL; a national night loads ~150,000). Items are split into runs in which no
 * two share a URL or a body and year; within such a run no item can supersede another's
 * report, so each run is written set-wise, and an old report two items could claim goes to
 * the first, as it would one by one.
 */
export async function loadBatchIn(tx: Transaction<Database>, items: readonly Item[]): Promise<Array<LoadResult | number[]>> {
  const urls = await urlsOf(tx, items);
  const hashes = items.map((it) => (isLoad(it) ? extractionHash(it.extraction) : null));
  const out: Array<LoadResult | number[]> = [];
  for (let from = 0; from < items.length;) {
    const span = independentRun(items, urls, from);
    const existing = await storedReports(tx, span.flatMap((i) => (isLoad(items[i]!) ? [{ documentId: (items[i] as LoadInput).documentId, hash: hashes[i]! }] : [])));
    // A report made live again keeps the body it was stored with; one by one, a later item of that
    // body and year would claim it, so such an item starts the next run.
    const run = independentRun(items, urls, from, (i) => {
      const e = isLoad(items[i]!) ? existing.get(`${(items[i] as LoadInput).documentId} ${hashes[i]}`) : undefined;
      return e && e.superseded_by !== null && e.body_id !== null && e.year !== null ? `${e.body_id}/${e.year}` : null;
    }, span.length);
    out.push(...await loadRun(tx, run.map((i) => ({ item: items[i]!, url: urls[i]!, hash: hashes[i] ?? null })), existing));
    from += run.length;
  }
  return out;
}

/** Each item's URL; loads that came without one are looked up together. */
async function urlsOf(tx: Transaction<Database>, items: readonly Item[]): Promise<string[]> {
  const missing = items.flatMap((it) => (isLoad(it) && it.url === undefined ? [it.documentId] : []));
  const found = missing.length === 0 ? new Map<number, string>()
    : new Map((await tx.selectFrom('documents').select(['id', 'url']).where('id', 'in', missing).execute()).map((d) => [d.id, d.url]));
  return items.map((it) => (isLoad(it) ? it.url ?? found.get(it.documentId)! : it.url));
}

const bodyYear = (it: Item): string | null =>
  (isLoad(it) && it.bodyId !== null && it.extraction.year !== null ? `${it.bodyId}/${it.extraction.year}` : null);

/** Indexes from `from` on, as long as no URL and no body-year repeats (`extra`: another body-year an item may claim by). */
function independentRun(items: readonly Item[], urls: readonly string[], from: number, extra: (i: number) => string | null = () => null, max = Infinity): number[] {
  const run: number[] = [];
  const seen = new Set<string>();
  for (let i = from; i < items.length && run.length < max; i++) {
    const keys = [`u ${urls[i]}`, ...[bodyYear(items[i]!), extra(i)].filter((k) => k !== null).map((k) => `b ${k}`)];
    if (run.length > 0 && keys.some((k) => seen.has(k))) break;
    run.push(i);
    for (const k of keys) seen.add(k);
  }
  return run;
}

interface Live { id: number; url: string; body_id: number | null; year: number | null }

async function loadRun(tx: Transaction<Database>, run: readonly { item: Item; url: string; hash: string | null }[], existing: Stored): Promise<Array<LoadResult | number[]>> {
  const loads = run.flatMap(({ item, hash }, i) => (isLoad(item) ? [{ i, input: item, hash: hash! }] : []));
  // Each load reads the document exactly as an earlier extraction did (still live: nothing to do; superseded: live
  // again, as when an extractor reads it as an earlier one did), or it is a new report.
  const reportOf = new Map<number, number>();
  const unchanged = new Set<number>();
  const revive: number[] = [];
  const fresh: typeof loads = [];
  for (const l of loads) {
    const e = existing.get(`${l.input.documentId} ${l.hash}`);
    if (!e) { fresh.push(l); continue; }
    reportOf.set(l.i, e.id);
    if (e.superseded_by === null) unchanged.add(l.i);
    else revive.push(e.id);
  }
  const claiming = (i: number) => !unchanged.has(i);
  // The live reports this run's items may claim, read before it writes anything.
  const candidates = await liveMatching(tx, run.filter((_, i) => claiming(i)).map((r) => r.url),
    loads.filter((l) => claiming(l.i)).map((l) => l.input));
  if (revive.length) await tx.updateTable('reports').set({ superseded_by: null, retired_why: null }).where('id', 'in', revive).execute();
  const ids = await insertReports(tx, fresh.map((l) => ({ input: l.input, hash: l.hash })));
  fresh.forEach((l, k) => reportOf.set(l.i, ids[k]!));
  // Each candidate goes to the first item that claims it: by its URL, or (a load) by its body and year.
  const owner = new Map<number, number>();
  for (const c of candidates) {
    const i = run.findIndex(({ item, url }, k) => claiming(k)
      && (url === c.url || (isLoad(item) && item.bodyId !== null && item.bodyId === c.body_id && item.extraction.year === c.year)));
    if (i >= 0) owner.set(c.id, i);
  }
  const moved = await supersedeAll(tx, [...owner].map(([id, i]) => {
    const item = run[i]!.item;
    return isLoad(item) ? { id, to: reportOf.get(i)!, why: null } : { id, to: null, why: item.why };
  }));
  const claimedBy = (i: number) => [...owner].filter(([id, o]) => o === i && moved.has(id)).map(([id]) => id).sort((a, b) => a - b);
  return run.map(({ item }, i) => {
    if (!isLoad(item)) return claimedBy(i);
    return { reportId: reportOf.get(i)!, created: fresh.some((l) => l.i === i), superseded: unchanged.has(i) ? [] : claimedBy(i) };
  });
}

/** Reports already loaded from these documents with these extraction hashes, by "document hash". */
type Stored = Map<string, { id: number; superseded_by: number | null; body_id: number | null; year: number | null }>;

async function storedReports(tx: Transaction<Database>, keys: readonly { documentId: number; hash: string }[]): Promise<Stored> {
  if (keys.length === 0) return new Map();
  const rows = await sql<{ id: number; document_id: number; extraction_hash: string; superseded_by: number | null; body_id: number | null; year: number | null }>`
    select r.id, r.document_id, r.extraction_hash, r.superseded_by, r.body_id, r.year
      from unnest(${keys.map((k) => k.documentId)}::bigint[], ${keys.map((k) => k.hash)}::text[]) as k(document_id, hash)
      join reports r on r.document_id = k.document_id and r.extraction_hash = k.hash`.execute(tx);
  const num = (v: number | null) => (v === null ? null : Number(v));
  return new Map(rows.rows.map((r) => [`${Number(r.document_id)} ${r.extraction_hash}`,
    { id: Number(r.id), superseded_by: num(r.superseded_by), body_id: num(r.body_id), year: r.year }]));
}

/**
 * Live reports read from any version of these URLs, or of these loads' bodies and years, with
 * what an item may claim them by. Each half is looked up by its own index (documents by URL,
 * reports by document; reports by body and year): one condition `a or b` made PostgreSQL scan
 * the whole table for every report loaded, a cost that grew with the database.
 */
async function liveMatching(tx: Transaction<Database>, urls: readonly string[], loads: readonly LoadInput[]): Promise<Live[]> {
  const pairs = loads.filter((l) => l.bodyId !== null && l.extraction.year !== null);
  if (urls.length === 0 && pairs.length === 0) return [];
  const rows = await sql<Live>`
    select r.id, d.url, r.body_id, r.year from reports r join documents d on d.id = r.document_id
     where d.url = any(${[...urls]}::text[]) and r.superseded_by is null
    union
    select r.id, d.url, r.body_id, r.year
      from unnest(${pairs.map((l) => l.bodyId)}::bigint[], ${pairs.map((l) => l.extraction.year)}::integer[]) as k(body_id, year)
      join reports r on r.body_id = k.body_id and r.year = k.year
      join documents d on d.id = r.document_id
     where r.superseded_by is null`.execute(tx);
  // Who claims a candidate is settled by item order (loadRun); sorting only keeps the output stable.
  return rows.rows.map((r) => ({ id: Number(r.id), url: r.url, body_id: r.body_id === null ? null : Number(r.body_id), year: r.year }))
    .sort((a, b) => a.id - b.id);
}

/** New report rows, in the order given; returns their ids in that order. Their cells follow in one statement. */
async function insertReports(tx: Transaction<Database>, rows: readonly { input: LoadInput; hash: string }[]): Promise<number[]> {
  if (rows.length === 0) return [];
  const inserted = await tx.insertInto('reports').values(rows.map(({ input, hash }) => {
    const x = input.extraction;
    return {
      document_id: input.documentId, body_id: input.bodyId, year: x.year, template: x.template, title: x.title,
      organization: x.organization, published_date: x.publishedDate ?? null, other_as_one_row: x.otherAsOneRow ?? false,
      narrative: x.text, warnings: jsonParam(x.warnings), alignment: jsonParam(x.accounts ?? []),
      extractor_version: input.extractorVersion, extraction_hash: hash, superseded_by: null,
    };
  })).returning(['id', 'document_id']).execute();
  // Rows come back keyed by document (unique within a run), so the order of RETURNING does not matter.
  const byDoc = new Map(inserted.map((r) => [Number(r.document_id), Number(r.id)]));
  const ids = rows.map(({ input }) => byDoc.get(input.documentId)!);
  await insertCells(tx, rows.flatMap(({ input }, k) => input.extraction.details.map((c) => ({ reportId: ids[k]!, cell: c }))));
  return ids;
}

/** report_cells' columns, their types and how each is read off a stated cell. */
const CELL_COLUMNS: readonly (readonly [keyof ReportCellsTable, string, (c: ExtractedCell) => unknown])[] = [
  ['key', 'text', (c) => c.key],
  ['value', 'numeric', (c) => c.value],
  ['raw', 'text', (c) => c.raw],
  ['unit', 'text', (c) => c.unit ?? null],
  ['table_id', 'text', (c) => c.provenance.table],
  ['html_table', 'integer', (c) => c.provenance.htmlTable ?? null],
  ['row_index', 'integer', (c) => c.provenance.row ?? null],
  ['col_index', 'integer', (c) => c.provenance.col ?? null],
  ['line_index', 'integer', (c) => c.provenance.line ?? null],
  ['span_start', 'integer', (c) => c.provenance.start ?? null],
  ['span_end', 'integer', (c) => c.provenance.end ?? null],
  ['page', 'integer', (c) => c.provenance.page ?? null],
  ['box', 'jsonb', (c) => (c.provenance.box ? JSON.stringify(c.provenance.box) : null)],
  ['text_line', 'integer', (c) => c.provenance.textLine ?? null],
  ['confidence', 'real', (c) => c.confidence ?? null],
  ['how', 'text', (c) => c.how],
  ['why', 'text', (c) => c.why ?? null],
];

/**
 * Cells in one statement of one array per column (unnest): a report has up to ~200 cells,
 * and one row of parameters per cell made loading several times slower than extraction.
 * The statement's size does not grow with the number of cells.
 */
async function insertCells(tx: Transaction<Database>, cells: readonly { reportId: number; cell: ExtractedCell }[]): Promise<void> {
  if (cells.length === 0) return;
  const names = sql.join(CELL_COLUMNS.map(([name]) => sql.ref(name)));
  const arrays = sql.join(CELL_COLUMNS.map(([, type, of]) => sql`${cells.map((c) => of(c.cell))}::${sql.raw(type)}[]`));
  await sql`insert into report_cells (report_id, ${names})
            select * from unnest(${cells.map((c) => c.reportId)}::bigint[], ${arrays})`.execute(tx);
}

/**
 * Points each claimed report at its successor (`to`), or at itself with the reason when it
 * retires (`to` null). Only reports still live are touched; returns id → superseded_by.
 */
async function supersedeAll(tx: Transaction<Database>, claims: readonly { id: number; to: number | null; why: string | null }[]): Promise<Map<number, number>> {
  if (claims.length === 0) return new Map();
  const rows = await sql<{ id: number; superseded_by: number }>`
    update reports r set superseded_by = coalesce(c.successor, r.id), retired_why = c.why
      from unnest(${claims.map((c) => c.id)}::bigint[], ${claims.map((c) => c.to)}::bigint[], ${claims.map((c) => c.why)}::text[]) as c(id, successor, why)
     where r.id = c.id and r.superseded_by is null
    returning r.id, r.superseded_by`.execute(tx);
  return new Map(rows.rows.map((r) => [Number(r.id), Number(r.superseded_by)]));
}
