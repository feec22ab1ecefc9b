/**
 * Versioned documents. Every distinct content of a URL is kept: a fetch whose
 * bytes hash like the URL's newest version only touches `last_checked_at`; a
 * changed page adds version n+1 and leaves the old one readable.
 */
import { createHash } from 'node:crypto';
import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { Database, DocumentsTable } from './schema.js';
import type { DocumentKind } from '../model/document.js';
import { jsonParam } from './json-param.js';

export interface FetchedDocument {
  readonly url: string;
  readonly finalUrl?: string;
  readonly siteId?: string | null;
  readonly fetchedAt?: Date;
  readonly httpStatus: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly contentType?: string | null;
  readonly charset?: string | null;
  readonly bytes: Uint8Array;
  readonly parentId?: number | null;
  readonly kind?: DocumentKind;
  readonly title?: string | null;
}

export type DocumentRow = Selectable<DocumentsTable>;

export interface SaveResult {
  readonly id: number;
  readonly version: number;
  /** true when this fetch added a version (first fetch or changed bytes). */
  readonly created: boolean;
  readonly sha256: string;
}

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Stores one fetch; idempotent for unchanged bytes. Runs in its own transaction. */
export async function saveDocument(db: Kysely<Database>, doc: FetchedDocument): Promise<SaveResult> {
  const sha = sha256Hex(doc.bytes);
  const now = doc.fetchedAt ?? new Date();
  return db.transaction().execute(async (tx) => {
    await tx.insertInto('blobs')
      .values({ sha256: sha, bytes: doc.bytes, size: doc.bytes.byteLength })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .execute();
    const latest = await tx.selectFrom('documents')
      .select(['id', 'version', 'sha256', 'first_seen_at'])
      .where('url', '=', doc.url)
      .orderBy('version', 'desc')
      .limit(1)
      .forUpdate()
      .executeTakeFirst();
    if (latest && latest.sha256 === sha) {
      await tx.updateTable('documents')
        .set({ last_checked_at: now, ...(doc.headers?.etag ? { etag: doc.headers.etag } : {}) })
        .where('id', '=', latest.id)
        .execute();
      return { id: latest.id, version: latest.version, created: false, sha256: sha };
    }
    const version = (latest?.version ?? 0) + 1;
    const row = await tx.insertInto('documents').values(documentRow(doc, sha, version, now, latest?.first_seen_at ?? now))
      .returning('id').executeTakeFirstOrThrow();
    return { id: row.id, version, created: true, sha256: sha };
  });
}

function documentRow(doc: FetchedDocument, sha: string, version: number, now: Date, firstSeen: Date): Insertable<DocumentsTable> {
  const headers = doc.headers ?? {};
  return {
    url: doc.url,
    version,
    final_url: doc.finalUrl ?? doc.url,
    site_id: doc.siteId ?? null,
    fetched_at: now,
    // The URL's first sighting is kept across versions (deadline checks read it).
    first_seen_at: firstSeen,
    last_checked_at: now,
    http_status: doc.httpStatus,
    etag: headers.etag ?? null,
    last_modified: headers['last-modified'] ?? null,
    content_type: doc.contentType ?? headers['content-type'] ?? null,
    charset: doc.charset ?? null,
    headers: jsonParam(headers),
    sha256: sha,
    size: doc.bytes.byteLength,
    parent_id: doc.parentId ?? null,
    kind: doc.kind ?? 'other',
    title: doc.title ?? null,
  };
}

/** Thrown by `saveDocumentsIn` when another writer added a version of one of its URLs meanwhile. */
export class VersionRaceError extends Error {}

/**
 * Stores many fetches (distinct URLs) inside the caller's transaction with one
 * statement per step rather than five round trips per document: the crawler
 * writes hundreds of pages a second. Same outcome per document as
 * `saveDocument`. Instead of locking each URL's newest row it lets the
 * (url, version) key detect a concurrent writer and throws `VersionRaceError`,
 * so the caller rolls back and retries.
 */
export async function saveDocumentsIn(tx: Kysely<Database>, docs: readonly FetchedDocument[]): Promise<SaveResult[]> {
  if (docs.length === 0) return [];
  if (new Set(docs.map((d) => d.url)).size !== docs.length) throw new Error('saveDocumentsIn: URLs must be distinct');
  const shas = docs.map((d) => sha256Hex(d.bytes));
  const blobs = new Map<string, Uint8Array>();
  docs.forEach((d, i) => blobs.set(shas[i]!, d.bytes));
  // Sorted keys: concurrent batches take index locks in one order, so they cannot deadlock.
  const blobRows = [...blobs].sort(([a], [b]) => (a < b ? -1 : 1)).map(([sha256, bytes]) => ({ sha256, bytes, size: bytes.byteLength }));
  await tx.insertInto('blobs').values(blobRows).onConflict((oc) => oc.column('sha256').doNothing()).execute();
  const latest = await latestByUrl(tx, docs.map((d) => d.url));
  const out: SaveResult[] = new Array(docs.length);
  const touched: Array<{ id: number; at: Date; etag: string | null }> = [];
  const inserts: Array<{ i: number; row: Insertable<DocumentsTable> }> = [];
  docs.forEach((doc, i) => {
    const sha = shas[i]!;
    const now = doc.fetchedAt ?? new Date();
    const prev = latest.get(doc.url);
    if (prev && prev.sha256 === sha) {
      touched.push({ id: prev.id, at: now, etag: doc.headers?.etag ?? null });
      out[i] = { id: prev.id, version: prev.version, created: false, sha256: sha };
    } else {
      inserts.push({ i, row: documentRow(doc, sha, (prev?.version ?? 0) + 1, now, prev?.first_seen_at ?? now) });
    }
  });
  if (touched.length) await touchIn(tx, touched);
  inserts.sort((a, b) => (a.row.url < b.row.url ? -1 : 1));
  const ids = inserts.length ? await tx.insertInto('documents').values(inserts.map((x) => x.row))
    .onConflict((oc) => oc.columns(['url', 'version']).doNothing()).returning(['id', 'url']).execute() : [];
  if (ids.length !== inserts.length) throw new VersionRaceError('a concurrent writer added a version of the same URL');
  const idOf = new Map(ids.map((r) => [r.url, r.id]));
  for (const { i, row } of inserts) out[i] = { id: idOf.get(row.url)!, version: row.version, created: true, sha256: shas[i]! };
  return out;
}

/** The newest version of each URL (one query). */
export async function latestByUrl(db: Kysely<Database>, urls: readonly string[]): Promise<Map<string, Pick<DocumentRow, 'id' | 'url' | 'final_url' | 'version' | 'sha256' | 'first_seen_at' | 'etag' | 'last_modified'>>> {
  if (urls.length === 0) return new Map();
  const rows = await db.selectFrom('documents').select(['id', 'url', 'final_url', 'version', 'sha256', 'first_seen_at', 'etag', 'last_modified'])
    .distinctOn('url').where('url', 'in', [...new Set(urls)]).orderBy('url').orderBy('version', 'desc').execute();
  return new Map(rows.map((r) => [r.url, r]));
}

/** Confirms stored versions as current (unchanged bytes or a 304); an ETag, when given, replaces the stored one. */
export async function touchIn(db: Kysely<Database>, rows: ReadonlyArray<{ id: number; at: Date; etag: string | null }>): Promise<void> {
  if (rows.length === 0) return;
  const sorted = [...rows].sort((a, b) => a.id - b.id);
  const values = sql.join(sorted.map((r) => sql`(${r.id}::bigint, ${r.at}::timestamptz, ${r.etag}::text)`));
  await sql`update documents d set last_checked_at = v.at, etag = coalesce(v.etag, d.etag)
             from (values ${values}) as v(id, at, etag) where d.id = v.id`.execute(db);
}

/** A 304 Not Modified: the newest version is still current. */
export async function touchDocument(db: Kysely<Database>, url: string, at = new Date()): Promise<number | null> {
  const latest = await latestVersion(db, url);
  if (!latest) return null;
  await touchIn(db, [{ id: latest.id, at, etag: null }]);
  return latest.id;
}

export async function latestVersion(db: Kysely<Database>, url: string): Promise<DocumentRow | undefined> {
  return db.selectFrom('documents').selectAll().where('url', '=', url)
    .orderBy('version', 'desc').limit(1).executeTakeFirst();
}

export async function documentVersions(db: Kysely<Database>, url: string): Promise<DocumentRow[]> {
  return db.selectFrom('documents').selectAll().where('url', '=', url).orderBy('version').execute();
}

export async function documentBytes(db: Kysely<Database>, documentId: number): Promise<Uint8Array> {
  const row = await db.selectFrom('documents')
    .innerJoin('blobs', 'blobs.sha256', 'documents.sha256')
    .select('blobs.bytes').where('documents.id', '=', documentId).executeTakeFirstOrThrow();
  return row.bytes;
}

/** The report pages (by URL) that have images stored as their children (tables pasted as pictures). */
export async function pagesWithImages(db: Kysely<Database>): Promise<Set<string>> {
  const rows = await db.selectFrom('documents as i').innerJoin('documents as p', 'p.id', 'i.parent_id')
    .select('p.url').distinct().where('i.kind', '=', 'image').execute();
  return new Set(rows.map((r) => r.url));
}

/** The newest stored version of each image of the page at `pageUrl`, by image URL. */
export async function pageImageBytes(db: Kysely<Database>, pageUrl: string): Promise<Map<string, Uint8Array>> {
  const rows = await db.selectFrom('documents as i').innerJoin('documents as p', 'p.id', 'i.parent_id')
    .innerJoin('blobs as b', 'b.sha256', 'i.sha256')
    .select(['i.url', 'b.bytes', 'i.version'])
    .where('p.url', '=', pageUrl).where('i.kind', '=', 'image')
    .where('i.http_status', '>=', 200).where('i.http_status', '<', 300)
    .orderBy('i.version')
    .execute();
  return new Map(rows.map((r) => [r.url, r.bytes])); // later versions overwrite earlier
}
