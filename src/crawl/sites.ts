/**
 * The site registry (`config/sites.yaml`): which government sites to crawl and
 * how. Validated with zod; a bad entry is reported with its file and line.
 */
import fs from 'node:fs';
import { z } from 'zod';
import { parseDocument, LineCounter, isSeq, isMap, visit, type Document, type Node } from 'yaml';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { LEVELS } from '../model/division.js';
import { jsonParam } from '../store/json-param.js';

export const LIST_STYLES = ['auto', 'static', 'trs', 'hanweb', 'gkmlpt', 'json', 'browser'] as const;

const httpUrl = z.string().url().refine((s) => /^https?:\/\//.test(s), 'must be an http(s) URL');

export const HintsSchema = z.object({
  list_style: z.enum(LIST_STYLES).default('auto'),
  needs_browser: z.boolean().default(false),
  /** Forces a charset when the site lies about it (normally detected). */
  charset: z.string().nullable().optional(),
  /** Minimum gap between two requests to this site's host, in ms. */
  min_interval_ms: z.number().int().min(0).max(600_000).optional(),
  concurrency: z.number().int().min(1).max(4).optional(),
}).strict();

/**
 * The column finder on a site: it runs when the site gives no `lists`, or when
 * this block is present. Hand-given lists always win (a found column at one of
 * their addresses is theirs, and `exclude` drops found columns by URL prefix).
 */
export const DiscoverSchema = z.object({
  /** Navigation pages the finder may fetch per crawl (default 300). */
  max_pages: z.number().int().min(1).max(5000).optional(),
  /** Found columns whose URL starts with one of these are not used. */
  exclude: z.array(z.string().min(1)).default([]),
  /** More pages to start from (an 信息公开 host the home page does not link). */
  roots: z.array(httpUrl).default([]),
}).strict();

/**
 * How to speak to the site's hosts (src/crawl/fetch-policy.ts). Certificate checking is
 * a visible choice: 'learn' (default) verifies and, when a certificate fails, reads the
 * host without verifying and logs why; 'verify' refuses; 'accept' never verifies.
 */
export const FetchSchema = z.object({
  tls_verify: z.enum(['verify', 'accept', 'learn']).default('learn'),
  /** The oldest TLS the site may use (a host that speaks only TLS 1.0 needs 'TLSv1'); learned when not given. */
  tls_min_version: z.enum(['TLSv1', 'TLSv1.1', 'TLSv1.2']).optional(),
  /** Try http when https does not answer (and https when http is refused). */
  scheme_fallback: z.boolean().default(true),
  /** Per-request timeout for this site, ms. */
  timeout_ms: z.number().int().min(100).max(600_000).optional(),
  /** Extra request headers (a Referer some portals insist on). */
  headers: z.record(z.string().regex(/^[A-Za-z0-9-]+$/, 'a header name'), z.string()).default({}),
}).strict();

export const SiteSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/i, 'letters, digits, . _ - only'),
  base_url: httpUrl,
  body: z.string().min(1),
  region_code: z.string().regex(/^\d{6,12}$/, 'a 6-12 digit division code').nullable().optional(),
  region_name: z.string().nullable().optional(),
  level: z.enum(LEVELS).nullable().optional(),
  /** The 年报 column's list pages, given by hand; empty: the column finder looks for them from `base_url`. */
  lists: z.array(httpUrl).default([]),
  discover: DiscoverSchema.optional(),
  fetch: FetchSchema.optional(),
  hints: HintsSchema.default({ list_style: 'auto', needs_browser: false }),
}).strict();

export type Site = z.infer<typeof SiteSchema>;
export type SiteHints = z.infer<typeof HintsSchema>;
export type DiscoverSettings = z.infer<typeof DiscoverSchema>;

/** The finder runs on a site without hand-given lists, or one that asks for it. */
export const discovers = (s: Site): boolean => s.lists.length === 0 || s.discover !== undefined;

export class SitesFileError extends Error {}

function lineOf(node: Node | null | undefined, counter: LineCounter): number | null {
  const start = node?.range?.[0];
  return start === undefined ? null : counter.linePos(start).line;
}

/** The YAML node at a zod issue path, for its line number. */
function nodeAt(root: Node | null, path: readonly PropertyKey[]): Node | null {
  let node: Node | null = root;
  for (const key of path) {
    if (isSeq(node) && typeof key === 'number') node = (node.items[key] as Node | undefined) ?? node;
    else if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
      if (!pair) return node;
      node = (pair.value as Node | null) ?? (pair.key as Node);
    } else return node;
  }
  return node;
}

/** A registry this large is not one (3,000 sites take about 1 MB). */
export const MAX_REGISTRY_BYTES = 16 << 20;
/**
 * Alias expansions allowed: enough for every site of a national registry to share
 * hints through `<<: *defaults`, far too few for a billion-laughs bomb.
 */
export const MAX_ALIAS_COUNT = 20_000;

/** The line of the first alias (`*name`) in the document matching `test`, if any. */
function aliasLine(doc: Document, counter: LineCounter, test: (source: string) => boolean): number | null {
  let line: number | null = null;
  visit(doc, { Alias(_, node) {
    if (!test(node.source)) return undefined;
    line = lineOf(node, counter);
    return visit.BREAK;
  } });
  return line;
}

/** The document as plain data, with every YAML failure a FILE:LINE error. */
function yamlData(text: string, file: string): { doc: Document; counter: LineCounter; raw: unknown } {
  // Editors on Windows save UTF-8 with a BOM; YAML allows it at the start, the parser does not.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const counter = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, merge: true, uniqueKeys: true });
  } catch (err) {
    throw new SitesFileError(`${file}:1: YAML cannot be parsed: ${(err as Error).message}`);
  }
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) {
    const line = problem.linePos?.[0]?.line ?? counter.linePos(problem.pos[0]).line;
    const message = /call stack/i.test(problem.message) ? 'nested too deeply'
      : /multiple documents/i.test(problem.message) ? 'more than one YAML document (a second `---`)' : problem.message.split('\n')[0];
    throw new SitesFileError(`${file}:${line}: YAML ${doc.errors.length ? 'syntax error' : 'problem'}: ${message}`);
  }
  try {
    return { doc, counter, raw: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown };
  } catch (err) {
    const message = (err as Error).message;
    const unresolved = /Unresolved alias.*?: (.+)$/.exec(message)?.[1];
    if (unresolved) {
      const line = aliasLine(doc, counter, (s) => s === unresolved) ?? 1;
      throw new SitesFileError(`${file}:${line}: YAML alias *${unresolved} names no anchor (&${unresolved}) defined before it`);
    }
    if (/alias count/i.test(message)) {
      const line = aliasLine(doc, counter, () => true) ?? 1;
      throw new SitesFileError(`${file}:${line}: YAML aliases expand to more than ${MAX_ALIAS_COUNT} nodes: refused (an alias bomb?)`);
    }
    const line = /call stack/i.test(message) ? 1 : aliasLine(doc, counter, () => true) ?? 1;
    throw new SitesFileError(`${file}:${line}: YAML cannot be read: ${/call stack/i.test(message) ? 'nested too deeply' : message}`);
  }
}

/** Parses registry text; `file` names it in errors. Accepts a list or `{ sites: [...] }`. */
export function parseSites(text: string, file = 'sites.yaml'): Site[] {
  const { doc, counter, raw } = yamlData(text, file);
  const listPath: PropertyKey[] = Array.isArray(raw) ? [] : ['sites'];
  const list = Array.isArray(raw) ? raw : (raw as { sites?: unknown } | null)?.sites;
  if (!Array.isArray(list)) throw new SitesFileError(`${file}:1: expected a list of sites (or "sites:" with a list)`);
  const sites: Site[] = [];
  const seen = new Map<string, number>();
  list.forEach((entry, i) => {
    const res = SiteSchema.safeParse(entry);
    if (!res.success) {
      const issue = res.error.issues[0]!;
      const path = [...listPath, i, ...issue.path];
      const line = lineOf(nodeAt(doc.contents as Node, path), counter) ?? 1;
      const id = (entry as { id?: unknown } | null)?.id;
      const where = issue.path.length ? issue.path.join('.') : 'entry';
      throw new SitesFileError(`${file}:${line}: site ${typeof id === 'string' ? `"${id}"` : `#${i + 1}`}: ${where}: ${issue.message}`);
    }
    const prev = seen.get(res.data.id);
    const line = lineOf(nodeAt(doc.contents as Node, [...listPath, i]), counter) ?? 1;
    if (prev !== undefined) throw new SitesFileError(`${file}:${line}: duplicate site id "${res.data.id}" (first at line ${prev})`);
    seen.set(res.data.id, line);
    sites.push(res.data);
  });
  return sites;
}

export function loadSites(file: string): Site[] {
  let bytes: Buffer;
  try {
    const size = fs.statSync(file).size;
    if (size > MAX_REGISTRY_BYTES) throw new Error(`${Math.round(size / 1048576)} MB is larger than a site registry may be (${MAX_REGISTRY_BYTES >> 20} MB)`);
    bytes = fs.readFileSync(file);
  } catch (err) {
    throw new SitesFileError(`cannot read site registry ${file}: ${(err as Error).message}`);
  }
  return parseSites(utf8Text(bytes, file), file);
}

/** The registry's text; bytes that are not UTF-8 (a file saved as GBK) are an error naming the line. */
function utf8Text(bytes: Buffer, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const text = bytes.toString('utf8');
    const line = text.slice(0, text.indexOf('\uFFFD')).split('\n').length;
    throw new SitesFileError(`${file}:${line}: not UTF-8 text (save the registry as UTF-8)`);
  }
}

/** Inserts or updates the sites in the `sites` table (the hints and lists go in `config`). */
export async function upsertSites(db: Kysely<Database>, sites: readonly Site[]): Promise<void> {
  for (let i = 0; i < sites.length; i += 200) {
    const rows = sites.slice(i, i + 200).map((s) => ({
      id: s.id, base_url: s.base_url, body_name: s.body,
      region_code: s.region_code ?? null, region_name: s.region_name ?? null, level: s.level ?? null,
      config: jsonParam({ lists: s.lists, hints: s.hints, ...(s.discover ? { discover: s.discover } : {}) }),
    }));
    await db.insertInto('sites').values(rows).onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({
      base_url: eb.ref('excluded.base_url'), body_name: eb.ref('excluded.body_name'),
      region_code: eb.ref('excluded.region_code'), region_name: eb.ref('excluded.region_name'),
      level: eb.ref('excluded.level'), config: eb.ref('excluded.config'), updated_at: new Date(),
    }))).execute();
  }
}

/** The sites stored in the database, back in registry form. */
export async function storedSites(db: Kysely<Database>): Promise<Site[]> {
  const rows = await db.selectFrom('sites').selectAll().orderBy('id').execute();
  return rows.map((r) => {
    const cfg = r.config as { lists?: string[]; hints?: Partial<SiteHints>; discover?: DiscoverSettings };
    return SiteSchema.parse({
      id: r.id, base_url: r.base_url, body: r.body_name, region_code: r.region_code,
      region_name: r.region_name, level: r.level, lists: cfg.lists ?? [], hints: cfg.hints ?? {},
      ...(cfg.discover ? { discover: cfg.discover } : {}),
    });
  });
}
