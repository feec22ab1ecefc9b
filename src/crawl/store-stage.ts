/**
 * The store stage: raw bytes into versioned documents, discovered links into
 * the frontier. List links are enqueued before the list is saved, and a 304
 * re-reads the stored bytes for links, so a crash between any two steps loses
 * nothing: the row is simply done again.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import iconv from 'iconv-lite';
import type { Database } from '../store/schema.js';
import { saveDocument, touchDocument, documentBytes } from '../store/documents.js';
import type { FrontierRow, CrawlRequestInput } from '../store/frontier.js';
import { enqueueRequests as enqueue } from './runs.js';
import type { FetchResponse } from './fetch-strategy.js';
import { decodeBody, normalizeCharset } from './charset.js';
import { discoverList, discoverAttachments, type Discovered, type PageLinks } from './discover.js';
import { reportYear } from './classify.js';

export interface RowMeta {
  title?: string;
  headers?: Record<string, string>;
  depth?: number;
  seed?: boolean;
  /** A list API endpoint: plain HTTP even on browser sites. */
  data?: boolean;
}

/** The newest stored version of a URL: its validators for a conditional GET. */
export interface Latest { id: number; etag: string | null; last_modified: string | null }

export type SaveKind = 'new' | 'version' | 'unchanged';

/** POST answers are stored under the URL plus a body digest so each group is its own document. */
export function documentUrl(row: Pick<FrontierRow, 'url' | 'method' | 'body'>): string {
  return row.method === 'POST' && row.body ? `${row.url}#post-${createHash('sha1').update(row.body).digest('hex').slice(0, 12)}` : row.url;
}

/** Latest versions of many URLs in one query (done when rows are claimed). */
export async function latestVersions(db: Kysely<Database>, urls: readonly string[]): Promise<Map<string, Latest>> {
  const out = new Map<string, Latest>();
  if (urls.length === 0) return out;
  const found = await db.selectFrom('documents').select(['url', 'id', 'etag', 'last_modified'])
    .distinctOn('url').where('url', 'in', urls).orderBy('url').orderBy('version', 'desc').execute();
  for (const f of found) out.set(f.url, f);
  return out;
}

/** Links of a page: a list's reports, pages and sub-columns; a report's attachments. */
export function discoverPage(row: Pick<FrontierRow, 'url' | 'kind' | 'meta'>, text: string, contentType: string | null): PageLinks {
  if (row.kind === 'list') return discoverList(row.url, text, contentType, (row.meta as RowMeta).depth ?? 0);
  if (row.kind === 'report' && text) return discoverAttachments(row.url, text);
  return { links: [], title: null, scriptDriven: false };
}

export class StoreStage {
  /** `since`: report links for years before (since year − 1) are not followed. */
  constructor(private readonly db: Kysely<Database>, private readonly since?: Date) {}

  requests(row: FrontierRow, links: readonly Discovered[]): CrawlRequestInput[] {
    const sinceYear = this.since ? this.since.getUTCFullYear() - 1 : null;
    const depth = (row.meta as RowMeta).depth ?? 0;
    return links.filter((l) => {
      if (sinceYear === null || l.kind !== 'report' || !l.title) return true;
      const y = reportYear(l.title);
      return y === null || y >= sinceYear;
    }).map((l) => ({
      url: l.url, method: l.method ?? 'GET', body: l.body ?? null, siteId: row.site_id, kind: l.kind,
      depth: row.depth + 1, parentUrl: row.url,
      priority: l.kind === 'list' ? 10 : l.kind === 'report' ? 5 : 1,
      meta: { ...(l.title ? { title: l.title } : {}), ...(l.headers ? { headers: l.headers } : {}),
        ...(l.kind === 'list' ? { depth: depth + (l.subColumn ? 1 : 0) } : {}), ...(l.data ? { data: true } : {}) },
    }));
  }

  async save(row: FrontierRow, res: FetchResponse, charset: string, links: PageLinks): Promise<SaveKind> {
    const meta = row.meta as RowMeta;
    if (row.kind === 'list') await enqueue(this.db, this.requests(row, links.links));
    const parentId = row.kind === 'attachment' && row.parent_url ? await this.latestId(row.parent_url) : null;
    const saved = await saveDocument(this.db, {
      url: documentUrl(row), finalUrl: res.finalUrl, siteId: row.site_id, httpStatus: res.status, headers: res.headers,
      contentType: res.headers['content-type'] ?? null, charset: charset === 'binary' ? null : charset, bytes: res.bytes,
      parentId, kind: row.kind === 'list' || row.kind === 'report' || row.kind === 'attachment' ? row.kind : 'other',
      title: meta.title ?? links.title,
    });
    // Attachments need the saved page's id as their parent: enqueue after saving.
    if (row.kind === 'report') await enqueue(this.db, this.requests(row, links.links));
    return saved.created ? (saved.version === 1 ? 'new' : 'version') : 'unchanged';
  }

  /** 304: the stored version stands; its links are re-read from the stored bytes. */
  async notModified(row: FrontierRow, latest: Latest | null): Promise<void> {
    const id = (await touchDocument(this.db, documentUrl(row))) ?? latest?.id ?? null;
    if (id === null || (row.kind !== 'list' && row.kind !== 'report')) return;
    const doc = await this.db.selectFrom('documents').select(['content_type', 'charset']).where('id', '=', id).executeTakeFirstOrThrow();
    const bytes = await documentBytes(this.db, id);
    const charset = doc.charset ? normalizeCharset(doc.charset) : null;
    const text = charset ? iconv.decode(Buffer.from(bytes), charset) : decodeBody(bytes, doc.content_type).text;
    await enqueue(this.db, this.requests(row, discoverPage(row, text, doc.content_type).links));
  }

  private async latestId(url: string): Promise<number | null> {
    const r = await this.db.selectFrom('documents').select('id').where('url', '=', url).orderBy('version', 'desc').limit(1).executeTakeFirst();
    return r?.id ?? null;
  }
}
