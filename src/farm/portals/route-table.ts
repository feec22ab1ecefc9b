/**
 * A portal's routes on one day, by host index and path, as recipes: a page is
 * rendered only when requested, and report pages and files carry a content key
 * so a conditional request is answered 304 without rendering anything.
 */
import { createHash } from 'node:crypto';
import iconv from 'iconv-lite';
import type { Reply } from '../routes.js';

/** Day 0 of the farm's calendar, as in the realistic profile. */
const EPOCH = Date.UTC(2025, 3, 1);
const dayDate = (day: number) => new Date(EPOCH + day * 86_400_000);

type Body = string | Buffer | Promise<Buffer>;

export interface Recipe {
  readonly status: number;
  readonly location?: string;
  readonly contentType?: string;
  readonly render?: () => Body;
  /** Identity of the content (report id and version): validators without rendering. */
  readonly key?: string;
  /** Day the content dates from (Last-Modified). */
  readonly day?: number;
  /** Answered only to a POST with this `columnid` (Hanweb's dataproxy). */
  readonly columnid?: string;
}

const etagOf = (s: string | Buffer) => `"${createHash('sha1').update(s).digest('hex').slice(0, 16)}"`;

export class RouteTable {
  private readonly routes = new Map<string, Recipe>();

  constructor(readonly charset: 'utf-8' | 'gbk', readonly today: number) {}

  private set(host: number, path: string, r: Recipe, columnid?: string): void {
    this.routes.set(`${host} ${path}${columnid ? ` #${columnid}` : ''}`, r);
  }

  page(host: number, path: string, render: () => string, opts: { key?: string; day?: number } = {}): void {
    this.set(host, path, { status: 200, contentType: this.charset === 'gbk' ? 'text/html' : 'text/html; charset=utf-8', render, ...opts });
  }

  json(host: number, path: string, make: () => unknown): void {
    this.set(host, path, { status: 200, contentType: 'application/json; charset=utf-8', render: () => JSON.stringify(make()) });
  }

  /** A Hanweb dataproxy group: one path, told apart by the POSTed column id. */
  post(host: number, path: string, columnid: string, render: () => string): void {
    this.set(host, path, { status: 200, contentType: 'text/xml;charset=UTF-8', render, columnid }, columnid);
  }

  file(host: number, path: string, contentType: string, render: () => Buffer | Promise<Buffer>, opts: { key: string; day: number }): void {
    this.set(host, path, { status: 200, contentType, render, ...opts });
  }

  redirect(host: number, path: string, location: string, status = 301): void {
    this.set(host, path, { status, location });
  }

  alias(host: number, path: string, to: string): void {
    const r = this.routes.get(`${host} ${to}`);
    if (r) this.set(host, path, r);
  }

  get(host: number, path: string, columnid?: string): Recipe | undefined {
    if (columnid) return this.routes.get(`${host} ${path} #${columnid}`);
    return this.routes.get(`${host} ${path}`) ?? this.routes.get(`${host} ${path.split('?')[0]}`);
  }

  has(host: number, path: string): boolean {
    return this.routes.has(`${host} ${path}`);
  }

  get size(): number {
    return this.routes.size;
  }

  /** Validators of a recipe without rendering it, when it has a content key. */
  validators(r: Recipe): { etag?: string; lastModified?: Date } {
    const lastModified = dayDate(r.day ?? this.today);
    return r.key ? { etag: etagOf(`${r.key}|${r.contentType}`), lastModified } : { lastModified };
  }

  /** The reply: bytes encoded in the portal's charset, validators from the key or the bytes. */
  async reply(r: Recipe): Promise<Reply> {
    if (r.location !== undefined) return { status: r.status, body: Buffer.alloc(0), contentType: 'text/html', location: r.location };
    const raw = await r.render!();
    const html = typeof raw === 'string' && /html/.test(r.contentType ?? '');
    const body = typeof raw === 'string' ? (html && this.charset === 'gbk' ? iconv.encode(raw, 'gbk') : Buffer.from(raw, 'utf8')) : raw;
    const v = this.validators(r);
    return { status: r.status, body, contentType: r.contentType ?? 'text/html', etag: v.etag ?? etagOf(body), lastModified: v.lastModified };
  }
}
