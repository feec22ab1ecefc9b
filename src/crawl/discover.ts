/**
 * Link discovery: from a list page, the report links, pagination and
 * sub-columns; from a report page, its attachments. Handles the CMS styles of
 * the spec (static pagers, TRS `createPageHTML`, Hanweb `<record>` blocks and
 * `dataproxy.jsp` POSTs, JSON list APIs). Pure: text in, requests out.
 */
import * as cheerio from 'cheerio';
import { canonicalUrl, fetchUrl, gkmlptColumn, samePage, dirOf, extOf, hostKey } from './url.js';
import { isCutReportTitle, isReportTitle } from './classify.js';
import { mayHaveTableImages, pageImages } from '../extract/page-images.js';

/** `nav`: a page on the way to a 年报 column (the column finder's, src/crawl/columns). */
export type RequestKind = 'list' | 'report' | 'attachment' | 'image' | 'nav';

export interface Discovered {
  readonly url: string;
  readonly kind: RequestKind;
  readonly method?: 'GET' | 'POST';
  readonly body?: string;
  readonly title?: string;
  /** Extra request headers (Hanweb wants X-Requested-With and a Referer). */
  readonly headers?: Record<string, string>;
  /** A sub-column (deeper in the column tree), not a page of the same list. */
  readonly subColumn?: boolean;
  /** A data endpoint (JSON/XML list API): fetched over plain HTTP, never rendered. */
  readonly data?: boolean;
  /** Frontier priority, when the discoverer knows better than the kind's default. */
  readonly priority?: number;
  /** More for the row's `meta` (the column finder's trail). */
  readonly meta?: Readonly<Record<string, unknown>>;
}

export interface PageLinks {
  readonly links: Discovered[];
  readonly title: string | null;
  /** A list page whose content is written by scripts: fetch it again with the browser. */
  readonly scriptDriven: boolean;
}

export const ATTACHMENT_EXT = new Set(['pdf', 'doc', 'docx', 'wps', 'xls', 'xlsx', 'ofd', 'ceb']);
const PAGER_TEXT = /^(下一?页|上一?页|尾页|末页|首页|最后一页|第?\d+页?|>|>>|»|›|next|last)$/i;
const PAGER_URL = /(?:index|list|page|t)_\d+\.s?html?$|\/\d+\.s?html?$|[?&](page|pageNo|pageNum|currPage|cur_page|pageIndex|p)=\d+/i;
const DETAIL_URL = /\/t\d{8}_\d+|\/art_\d+_\d+|\/post_\d+|\/content\/|\/info\/\d+\/\d+|\/show\/\d+|\/[0-9a-f]{24,}\.html/i;
const MAX_LIST_DEPTH = 3;

/**
 * htmlparser2 rather than parse5: we only read links and titles, and the
 * forgiving streaming parser allocates a fraction of a spec-compliant DOM.
 */
const loadHtml = (html: string) => cheerio.load(html, { xml: { xmlMode: false, decodeEntities: true } });

/** What the page's relative links resolve against: its `<base href>` (itself resolved against the page), else the page's URL. */
export function linkBase($: cheerio.CheerioAPI, url: string): string {
  const href = $('base[href]').first().attr('href');
  return (href && fetchUrl(href, url)) || url;
}

export function pageTitle($: cheerio.CheerioAPI): string | null {
  const meta = $('meta[name="ArticleTitle"]').attr('content');
  const t = meta || $('h1').first().text() || $('title').first().text();
  const clean = t.replace(/\s+/g, ' ').trim();
  return clean || null;
}

/** Hanweb embeds records as CDATA inside a `<script type="text/xml">`: unwrap them to HTML. */
export function hanwebRecords(text: string): string[] {
  const out: string[] = [];
  const re = /<record>\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*<\/record>/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m[1]!);
  return out;
}

/** Reads `name: value` / `name=value` / `"name":"value"` settings from inline scripts. */
function scriptVar(text: string, name: string): string | null {
  const m = new RegExp(`["']?\\b${name}["']?\\s*[:=]\\s*["']?([\\w./-]+)`, 'i').exec(text);
  return m ? m[1]! : null;
}

/** Discovery on a list page (HTML, Hanweb XML or JSON). `depth` is the list's own depth. */
export function discoverList(url: string, text: string, contentType: string | null, depth = 0): PageLinks {
  const trimmed = text.trimStart();
  if (/json/i.test(contentType ?? '') || trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const json = tryJson(trimmed);
    if (json !== undefined) return { links: discoverJson(url, json), title: null, scriptDriven: false };
  }
  const records = hanwebRecords(text);
  const html = /<datastore>/i.test(trimmed.slice(0, 500)) ? records.join('\n') : `${text}\n${records.join('\n')}`;
  const $ = loadHtml(html);
  const links: Discovered[] = [];
  const host = hostKey(url);
  const listDir = dirOf(url);
  let reports = 0;
  let pagers = 0;
  const base = linkBase($, url);
  $('a[href]').each((_i, el) => {
    const a = $(el);
    const href = a.attr('href') ?? '';
    const target = fetchUrl(href, base);
    if (!target || samePage(target, url)) return;
    const title = (a.attr('title') || a.text()).replace(/\s+/g, ' ').trim();
    if (isCutReportTitle(title)) {
      // The page's own title decides (discover stage): no title carried, the cut one kept as evidence.
      reports++;
      links.push({ url: target, kind: 'report', meta: { cutTitle: title } });
      return;
    }
    if (isReportTitle(title)) {
      reports++;
      links.push({ url: target, kind: 'report', title });
      return;
    }
    if (hostKey(target) !== host) return;
    const path = new URL(target).pathname;
    const sameColumn = path.startsWith(listDir) || dirOf(target) === listDir;
    if ((PAGER_TEXT.test(title) || PAGER_URL.test(target)) && sameColumn && !DETAIL_URL.test(target)) {
      pagers++;
      links.push({ url: target, kind: 'list', title });
      return;
    }
    // Sub-columns of a 年报 column (by body type or year) live under its directory.
    if (depth < MAX_LIST_DEPTH && path.startsWith(listDir) && path !== listDir && !DETAIL_URL.test(target)
      && !ATTACHMENT_EXT.has(extOf(target)) && (path.endsWith('/') || /\/index\.\w+$/.test(path))) {
      links.push({ url: target, kind: 'list', title, subColumn: true });
    }
  });
  links.push(...trsPages(url, text), ...hanwebPages(url, text), ...jsonApiPages(url, text));
  const scriptDriven = reports === 0 && pagers === 0 && records.length === 0
    && /<script/i.test(text) && /(fetch\(|XMLHttpRequest|\$\.(ajax|get|post)|axios|_CONFIG|innerHTML|appendChild)/.test(text);
  return { links: dedupe(links), title: pageTitle($), scriptDriven };
}

/** TRS: `createPageHTML(count, current, "index", "html")` means pages index.html, index_1.html … index_{count-1}.html. */
export function trsPages(url: string, text: string): Discovered[] {
  const m = /createPageHTML\(\s*['"]?(\d+)['"]?\s*,\s*['"]?(\d+)['"]?\s*,\s*['"]([\w-]+)['"]\s*,\s*['"](\w+)['"]/.exec(text);
  if (!m) return [];
  const count = Math.min(Number(m[1]), 500);
  const [prefix, ext] = [m[3]!, m[4]!];
  const dir = new URL(dirOf(url), url).toString();
  const out: Discovered[] = [];
  for (let n = 0; n < count; n++) {
    const u = fetchUrl(n === 0 ? `${prefix}.${ext}` : `${prefix}_${n}.${ext}`, dir);
    if (u && !samePage(u, url)) out.push({ url: u, kind: 'list' });
  }
  return out;
}

/**
 * Hanweb: the column page holds the first records and `totalRecord`; the rest
 * come in groups from `dataproxy.jsp?startrecord=…&endrecord=…&perpage=…` by POST.
 * Only the column page (not a dataproxy answer) generates the group requests.
 */
export function hanwebPages(url: string, text: string): Discovered[] {
  if (/dataproxy\.jsp/i.test(url)) return [];
  const total = Number(/totalRecord\s*[:=]\s*['"]?(\d+)/i.exec(text)?.[1] ?? /<totalrecord>(\d+)<\/totalrecord>/i.exec(text)?.[1] ?? NaN);
  if (!Number.isFinite(total) || !/dataproxy\.jsp|<record>/i.test(text)) return [];
  const proxy = /['"]([^'"]*dataproxy\.jsp)[^'"]*['"]/i.exec(text)?.[1] ?? '/module/web/jpage/dataproxy.jsp';
  const perpage = Number(scriptVar(text, 'perpage') ?? 15) || 15;
  const shown = hanwebRecords(text).length;
  const group = Number(scriptVar(text, 'groupSize') ?? 3) * perpage || perpage * 3;
  const form = new URLSearchParams();
  for (const k of ['col', 'appid', 'webid', 'path', 'columnid', 'sourceContentType', 'unitid', 'webname', 'permissiontype']) {
    const v = scriptVar(text, k);
    if (v !== null) form.set(k, v);
  }
  const out: Discovered[] = [];
  for (let start = shown + 1; start <= total; start += group) {
    const end = Math.min(start + group - 1, total);
    const u = fetchUrl(`${proxy}?startrecord=${start}&endrecord=${end}&perpage=${perpage}`, url);
    if (u) out.push({
      url: u, kind: 'list', method: 'POST', data: true, body: form.toString(),
      headers: { 'X-Requested-With': 'XMLHttpRequest', Referer: url, 'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8' },
    });
  }
  return out;
}

/**
 * A list page that names its JSON API (`data-api`, `apiUrl`, gkmlpt's
 * `/gkmlpt/api/…` with `_CONFIG.SID`): request the first API page; the JSON
 * answer then yields the others.
 */
export function jsonApiPages(url: string, text: string): Discovered[] {
  // gkmlpt: the column is the URL's fragment; its script asks /gkmlpt/api/all/{column}?sid=….
  const column = gkmlptColumn(url);
  const api = (column && /_CONFIG/.test(text) ? `/gkmlpt/api/all/${column}` : null)
    ?? /data-api\s*=\s*["']([^"']+)["']/i.exec(text)?.[1]
    ?? /["']?(?:apiUrl|api_url|listApi|dataUrl)["']?\s*[:=]\s*["']([^"']+)["']/i.exec(text)?.[1]
    ?? /["'](\/gkmlpt\/api\/[^"']+)["']/i.exec(text)?.[1];
  if (!api) return [];
  let target = api;
  const sid = /SID["']?\s*[:=]\s*["']?([\w-]+)/.exec(text)?.[1];
  if (sid && !/[?&]sid=/.test(target)) target += `${target.includes('?') ? '&' : '?'}sid=${sid}`;
  if (!/[?&](page|pageNo|pageNum)=/.test(target)) target += `${target.includes('?') ? '&' : '?'}page=1`;
  const u = fetchUrl(target, url);
  return u ? [{ url: u, kind: 'list', data: true }] : [];
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A JSON list answer: items with a title and a url, plus a total that tells how many pages exist. */
export function discoverJson(url: string, json: unknown): Discovered[] {
  const out: Discovered[] = [];
  let items: Obj[] = [];
  const walk = (v: unknown, d: number) => {
    if (d > 4) return;
    if (Array.isArray(v)) {
      const objs = v.filter(isObj);
      if (objs.some((o) => typeof (o.title ?? o.name) === 'string' && typeof (o.url ?? o.link ?? o.href) === 'string')) {
        items = items.concat(objs);
        return;
      }
    }
    if (isObj(v)) for (const x of Object.values(v)) walk(x, d + 1);
  };
  walk(json, 0);
  for (const o of items) {
    const title = String(o.title ?? o.name ?? '');
    const u = fetchUrl(String(o.url ?? o.link ?? o.href), url);
    if (u && isReportTitle(title)) out.push({ url: u, kind: 'report', title });
  }
  // Pagination: only the first API page fans out to the others.
  const u = new URL(url);
  const pageParam = ['page', 'pageNo', 'pageNum', 'currPage'].find((p) => u.searchParams.has(p));
  const root = isObj(json) ? json : {};
  const data = isObj(root.data) ? root.data : root;
  const total = Number(data.total ?? data.totalCount ?? data.count ?? root.total ?? NaN);
  const size = Number(data.pageSize ?? data.page_size ?? data.size ?? root.pageSize ?? NaN) || items.length;
  const pages = Number(data.pageCount ?? data.totalPage ?? data.pages ?? root.totalPage ?? NaN)
    || (Number.isFinite(total) && size > 0 ? Math.ceil(total / size) : NaN);
  if (pageParam && Number(u.searchParams.get(pageParam)) <= 1 && Number.isFinite(pages)) {
    for (let p = 2; p <= Math.min(pages, 500); p++) {
      u.searchParams.set(pageParam, String(p));
      const next = fetchUrl(u.toString());
      if (next) out.push({ url: next, kind: 'list', data: true });
    }
  }
  return dedupe(out);
}

const EXT_TOKEN = new RegExp(`(?:${[...ATTACHMENT_EXT].join('|')})(?![a-z0-9])`, 'i');

/**
 * False only when no link on the page can end in an attachment extension. Such
 * a URL's path ends in the extension's letters, so they appear in the raw text
 * followed by no letter or digit, unless written as character references or
 * percent escapes (decoded in pdf.js `file=` parameters, see discoverAttachments), or split by the tabs
 * and newlines that URL parsing drops.
 */
export function mayHaveAttachments(text: string): boolean {
  if (/&#|&percnt|%[0-9a-f]{2}/i.test(text)) return true;
  // A download endpoint (…/download?id=7, downfile.jsp?…) names no extension in its path.
  if (/href\s*=\s*["']?[^"'\s>]*(?:down|attach|getfile|fujian)/i.test(text)) return true;
  return EXT_TOKEN.test(/[\t\n\r]/.test(text) ? text.replace(/[\t\n\r]+/g, '') : text);
}

/** A query parameter naming the file a download endpoint serves: `downfile.jsp?filename=x.pdf`, `?fileName=…`, `?name=…`. */
const FILE_PARAM = /^(file_?name|name|fname|file|path|filepath|realname|downname)$/i;
/** Paths of download endpoints, which serve a file under a name the URL does not show. */
const DOWNLOAD_PATH = /down(load)?|downfile|getfile|attach|fujian|fileget|filedown/i;
/** Link words of an attachment: 附件, 下载, or a file name with its extension. */
const ATTACHMENT_WORDS = new RegExp(`附件|下载|\\.(?:${[...ATTACHMENT_EXT].join('|')})$`, 'i');

/**
 * The document extension a link leads to: its path's, a file-name parameter's
 * (`downfile.jsp?filename=2401.pdf`), or — for a download endpoint whose link says
 * 附件/下载 or shows a file name — the link text's, else 'bin' (the answer's
 * Content-Disposition and bytes tell). '' when the link is no attachment.
 */
export function attachmentExt(target: string, text: string): string {
  const own = extOf(target);
  if (ATTACHMENT_EXT.has(own)) return own;
  const u = new URL(target);
  for (const [k, v] of u.searchParams) {
    const m = FILE_PARAM.test(k) ? /\.([a-z0-9]{2,4})$/i.exec(v) : null;
    if (m && ATTACHMENT_EXT.has(m[1]!.toLowerCase())) return m[1]!.toLowerCase();
  }
  if (!DOWNLOAD_PATH.test(u.pathname) || !ATTACHMENT_WORDS.test(text.trim())) return '';
  const named = /\.([a-z0-9]{2,4})$/i.exec(text.trim())?.[1]?.toLowerCase();
  return named && ATTACHMENT_EXT.has(named) ? named : 'bin';
}

/** Attachments of a report page: links to documents (by path, file-name parameter or download endpoint), iframes/embeds, pdf.js `viewer?file=`, and the images its tables may be (page-images.ts). */
export function discoverAttachments(url: string, text: string, tableImages = mayHaveTableImages(text)): PageLinks {
  const $ = loadHtml(text);
  const links: Discovered[] = [];
  const base = linkBase($, url);
  const add = (raw: string | undefined, title: string) => {
    if (!raw) return;
    let href = raw;
    const viewer = /[?&]file=([^&]+)/.exec(raw);
    if (viewer && /viewer/i.test(raw)) href = decodeURIComponent(viewer[1]!);
    const target = fetchUrl(href, base);
    if (target && attachmentExt(target, title)) links.push({ url: target, kind: 'attachment', title });
  };
  $('a[href]').each((_i, el) => add($(el).attr('href'), $(el).text().trim()));
  $('iframe[src], embed[src], object[data]').each((_i, el) => add($(el).attr('src') ?? $(el).attr('data'), ''));
  // Tables pasted as pictures: the page's content images, when its text holds no table.
  if (tableImages) {
    for (const im of pageImages(text, base)) if (im.url) links.push({ url: im.url, kind: 'image', title: im.src });
  }
  return { links: dedupe(links), title: pageTitle($), scriptDriven: false };
}

function dedupe(links: Discovered[]): Discovered[] {
  const seen = new Map<string, Discovered>();
  for (const l of links) {
    const key = `${l.method ?? 'GET'} ${canonicalUrl(l.url)} ${l.body ?? ''}`;
    const prev = seen.get(key);
    // A report link wins over a pager/sub-column guess for the same URL.
    if (!prev || (prev.kind === 'list' && l.kind === 'report')) seen.set(key, l);
  }
  return [...seen.values()];
}
