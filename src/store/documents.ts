/**
 * Versioned documents. Every distinct content of a URL is kept: a fetch whose
 * bytes hash like the URL's newest version only touches `last_checked_at`; a
 * changed page adds version n+1 and leaves the old one readable.
 */
import { createHash } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Database, DocumentsTable } from './schema.js';
import type { DocumentKind } from '../model/document.js';

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
    const headers = doc.headers ?? {};
    const row = await tx.insertInto('documents').values({
      url: doc.url,
      version,
      final_url: doc.finalUrl ?? doc.url,
      site_id: doc.siteId ?? null,
      fetched_at: now,
      // The URL's first sighting is kept across versions (deadline checks read it).
      first_seen_at: latest?.first_seen_at ?? now,
      last_checked_at: now,
      http_status: doc.httpStatus,
      etag: headers.etag ?? null,
      last_modified: headers['last-modified'] ?? null,
      content_type: doc.contentType ?? headers['content-type'] ?? null,
      charset: doc.charset ?? null,
      headers: JSON.stringify(headers),
      sha256: sha,
      size: doc.bytes.byteLength,
      parent_id: doc.parentId ?? null,
      kind: doc.kind ?? 'other',
      title: doc.title ?? null,
    }).returning('id').executeTakeFirstOrThrow();
    return { id: row.id, version, created: true, sha256: sha };
  });
}

/** A 304 Not Modified: the newest version is still current. */
export async function touchDocument(db: Kysely<Database>, url: string, at = new Date()): Promise<number | null> {
  const latest = await latestVersion(db, url);
  if (!latest) return null;
  await db.updateTable('documents').set({ last_checked_at: at }).where('id', '=', latest.id).execute();
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
