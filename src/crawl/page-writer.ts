/**
 * The page writer behind the store stage: raw bytes into versioned documents,
 * discovered links into the frontier. A page's links, its document and the completion of its row are
 * written in one transaction (batched with other pages', see DbLane), and a 304
 * re-reads the stored bytes for links, so a crash at any point loses nothing:
 * the row is simply done again.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import iconv from 'iconv-lite';
import type { Database } from '../store/schema.js';
import { saveDocumentsIn, touchIn, latestByUrl, type FetchedDocument } from '../store/documents.js';
import { completeMany, enqueue, type Completion, type FrontierRow, type CrawlRequestInput } from '../store/frontier.js';
import type { FetchResponse } from './fetch-strategy.js';
import { decodeBody, normalizeCharset } from './charset.js';
import type { Discovered, PageLinks } from './discover.js';
import { discoverPage } from './discover-stage.js';
import { isReportTitle, reportYear } from './classify.js';
import { dispositionName } from './disposition.js';
import { DbLane } from './db-lane.js';
import type { RowMeta } from './crawl-context.js';

/** The newest stored version of a URL: its validators for a conditional GET, and where it was served from (after redirects). */
export interface Latest { id: number; etag: string | null; last_modified: string | null; final_url: string }

export type SaveKind = 'new' | 'version' | 'unchanged';

export interface StoredText { readonly text: string; readonly contentType: string | null }

/**
 * How long a page's writes wait for other pages' to share a transaction. No fetch waits on
 * them (a row is answered when its response is in), and at 300 portals nearly every crawl
 * transaction held a single page: ~7 statements, each with its round trip, a request.
 */
const WRITE_LINGER_MS = 20;
/** A 304's stored version is re-read before its links are known; a short wait gathers the reads. */
const READ_LINGER_MS = 5;

/** POST answers are stored under the URL plus a body digest so each group is its own document. */
export function documentUrl(row: Pick<FrontierRow, 'url' | 'method' | 'body'>): string {
  return row.method === 'POST' && row.body ? `${row.url}#post-${createHash('sha1').update(row.body).digest('hex').slice(0, 12)}` : row.url;
}

/** More writes a stage wants in the page's transaction. */
export type TxWrite = (tx: Kysely<Database>) => Promise<void>;

/** One page's writes: its document (or the version a 304 confirmed), its links, its row's completion. */
interface PageWrite {
  readonly row: FrontierRow;
  readonly after?: readonly TxWrite[];
  readonly doc?: FetchedDocument;
  readonly touch?: { id: number; at: Date };
  readonly links: readonly CrawlRequestInput[];
  readonly completion: Omit<Completion, 'id'>;
}

export class PageWriter {
  private readonly lane: DbLane<PageWrite, SaveKind | null>;
  /** Stored versions re-read for a 304's links, many in one statement. */
  private readonly reads: DbLane<number, StoredText>;

  /** `since`: report links for years before (since year − 1) are not followed. `owner`: whose leases rows are completed under. */
  constructor(private readonly db: Kysely<Database>, private readonly since?: Date, private readonly owner = '') {
    this.lane = new DbLane((items) => this.write(items), {
      key: (w) => (w.doc ? w.doc.url : `#${w.row.id}`),
      // Bytes per transaction: a batch of large attachments must not hold hundreds of MB at once.
      weight: (w) => w.doc?.bytes.byteLength ?? 0, maxBatchWeight: 32 * 2 ** 20, lingerMs: WRITE_LINGER_MS,
    });
    this.reads = new DbLane((ids) => this.readStored(ids), { slots: 2, maxBatch: 100, maxQueued: Infinity, lingerMs: READ_LINGER_MS });
  }

  /** Resolves once the write queue is short enough to fetch more. */
  room(): Promise<void> {
    return this.lane.room();
  }

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
      priority: l.priority ?? (l.kind === 'list' ? 10 : l.kind === 'report' ? 5 : 1),
      meta: { ...(l.title ? { title: l.title } : {}), ...(l.headers ? { headers: l.headers } : {}),
        ...(l.kind === 'list' ? { depth: depth + (l.subColumn ? 1 : 0) } : {}), ...(l.data ? { data: true } : {}), ...(l.meta ?? {}) },
    }));
  }

  /** Stores a fetched page, enqueues its links and completes its row. */
  async save(row: FrontierRow, res: FetchResponse, charset: string, links: PageLinks, after?: readonly TxWrite[]): Promise<SaveKind> {
    const meta = row.meta as RowMeta;
    const at = new Date();
    const doc: FetchedDocument = {
      url: documentUrl(row), finalUrl: res.finalUrl, siteId: row.site_id, httpStatus: res.status, headers: res.headers, fetchedAt: at,
      contentType: res.headers['content-type'] ?? null, charset: charset === 'binary' ? null : charset, bytes: res.bytes,
      kind: row.kind === 'list' || row.kind === 'report' || row.kind === 'attachment' || row.kind === 'image' ? row.kind : 'other',
      title: documentTitle(row, meta, res, links),
    };
    const saved = await this.lane.add({ row, doc, links: this.requests(row, links.links), completion: { status: res.status, at }, ...(after?.length ? { after } : {}) }, row.kind === 'list');
    return saved!;
  }

  /**
   * Completes a row without storing anything (soft 404, robots, a redirect left to its target); `recheckAt`: the page is gone until then.
   * `movedTo`: the page's new address, enqueued in the same transaction as the row it takes over from.
   */
  async skip(row: FrontierRow, status: number | null, note: string, recheckAt?: Date, movedTo?: string): Promise<void> {
    const completion = recheckAt ? { status, state: 'gone' as const, note, at: new Date(), recheckAt } : { status, state: 'skipped' as const, note, at: new Date() };
    await this.lane.add({ row, links: movedTo === undefined ? [] : [movedRequest(row, movedTo)], completion }, false);
  }

  /**
   * 304: the stored version stands; its links are re-read from the stored bytes.
   * `latest` is the version read when the row was claimed (a 304 answers its
   * validators), and no one else writes the URL while this worker holds the row.
   */
  async notModified(row: FrontierRow, latest: Latest | null, opts: { links?: PageLinks; after?: readonly TxWrite[] } = {}): Promise<void> {
    const at = new Date();
    const id = latest?.id ?? null;
    // Links a stage already read from the stored version are taken as they are.
    const links = opts.links ? this.requests(row, opts.links.links)
      : id !== null && (row.kind === 'list' || row.kind === 'report') ? await this.storedLinks(row, id) : [];
    await this.lane.add({ row, ...(id !== null ? { touch: { id, at } } : {}), links, completion: { status: 304, at }, ...(opts.after?.length ? { after: opts.after } : {}) },
      row.kind === 'list');
  }

  /** The stored version's text, decoded as it was when fetched, and its content type. */
  storedText(id: number): Promise<StoredText> {
    return this.reads.add(id, false);
  }

  private async readStored(ids: readonly number[]): Promise<StoredText[]> {
    const rows = await this.db.selectFrom('documents').innerJoin('blobs', 'blobs.sha256', 'documents.sha256')
      .select(['documents.id', 'documents.content_type', 'documents.charset', 'blobs.bytes']).where('documents.id', 'in', [...new Set(ids)]).execute();
    const byId = new Map(rows.map((doc) => {
      const charset = doc.charset ? normalizeCharset(doc.charset) : null;
      const text = charset ? iconv.decode(Buffer.from(doc.bytes), charset) : decodeBody(doc.bytes, doc.content_type).text;
      return [doc.id, { text, contentType: doc.content_type }] as const;
    }));
    return ids.map((id) => {
      const t = byId.get(id);
      if (!t) throw new Error(`stored document ${id} is gone`);
      return t;
    });
  }

  private async storedLinks(row: FrontierRow, id: number): Promise<CrawlRequestInput[]> {
    const { text, contentType } = await this.storedText(id);
    return this.requests(row, discoverPage(row, text, contentType).links);
  }

  /** One transaction for a batch of pages. Attachments and images get their report's newest version as parent. */
  private write(items: readonly PageWrite[]): Promise<Array<SaveKind | null>> {
    return this.db.transaction().execute(async (tx) => {
      const parentUrls = items.filter((w) => w.doc && CHILD_KINDS.has(w.row.kind) && w.row.parent_url).map((w) => w.row.parent_url!);
      const parents = await latestByUrl(tx, parentUrls);
      const withDoc = items.filter((w) => w.doc);
      const saved = await saveDocumentsIn(tx, withDoc.map((w) => (CHILD_KINDS.has(w.row.kind) && w.row.parent_url
        ? { ...w.doc!, parentId: parents.get(w.row.parent_url)?.id ?? null } : w.doc!)));
      await touchIn(tx, items.flatMap((w) => (w.touch ? [{ ...w.touch, etag: null }] : [])));
      await enqueue(tx, items.flatMap((w) => w.links));
      await completeMany(tx, this.owner, items.map((w) => ({ id: w.row.id, ...w.completion })));
      for (const w of items) for (const write of w.after ?? []) await write(tx);
      const kinds = new Map(withDoc.map((w, i) => [w, saved[i]!.created ? (saved[i]!.version === 1 ? 'new' : 'version') : 'unchanged'] as const));
      return items.map((w) => kinds.get(w) ?? null);
    });
  }
}

/** A moved page's new address: the old row's sibling (same kind, list, depth and meta: its title, its headers). */
function movedRequest(row: FrontierRow, url: string): CrawlRequestInput {
  return { url, siteId: row.site_id, kind: row.kind, depth: row.depth, parentUrl: row.parent_url, priority: row.priority, meta: row.meta as Record<string, unknown> };
}

/** Documents a report page leads to, stored with the page as their parent. */
const CHILD_KINDS: ReadonlySet<string> = new Set(['attachment', 'image']);

/**
 * A document's title: the link's words, else the page's own title; for a file behind
 * a download link that says only 点击下载, the name its Content-Disposition gives.
 */
function documentTitle(row: FrontierRow, meta: RowMeta, res: FetchResponse, links: PageLinks): string | null {
  const title = meta.title ?? links.title;
  if (row.kind !== 'attachment' || isReportTitle(title)) return title;
  return dispositionName(res.headers['content-disposition']) ?? title;
}
