/**
 * URL canonicalisation and politeness keys. Two spellings of one page must
 * produce one frontier request_key, or the crawler fetches it twice.
 */

/** Query parameters that only track visitors and never change the page. */
const TRACKING = /^(utm_[a-z]+|spm|from|source|share|isappinstalled|_t|timestamp|random|rnd|_)$/i;

/** `href` resolved against `base`, without fragment; null unless http(s). */
function httpUrl(href: string, base?: string): URL | null {
  let u: URL;
  try {
    u = base ? new URL(href.trim(), base) : new URL(href.trim());
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  if (!columnFragment(u)) u.hash = '';
  return u;
}

/**
 * A fragment that names a column rather than a place on the page: Guangdong's gkmlpt
 * serves every column from one page (`/gkmlpt/index#2845`) whose script reads the id
 * after `#`. Such fragments are kept: without them every column is one URL.
 */
function columnFragment(u: URL): boolean {
  return /\/gkmlpt\//i.test(u.pathname) && /^#\d+$/.test(u.hash);
}

/** The column id a gkmlpt URL's fragment names, or null. */
export function gkmlptColumn(url: string): string | null {
  try {
    const u = new URL(url);
    return columnFragment(u) ? u.hash.slice(1) : null;
  } catch {
    return null;
  }
}

/**
 * Resolves `href` against `base` and normalises it: no fragment, no `./` or
 * `../`, lower-case scheme/host, default port dropped, trailing `index.html`
 * (and friends) dropped, tracking params stripped, remaining params sorted.
 * Returns null for non-HTTP links (javascript:, mailto:, tel:).
 */
export function canonicalUrl(href: string, base?: string): string | null {
  const u = httpUrl(href, base);
  if (!u) return null;
  u.pathname = u.pathname.replace(/\/{2,}/g, '/').replace(/\/(index|default)\.(html?|shtml|jsp|aspx?|php)$/i, '/');
  const params = [...u.searchParams.entries()].filter(([k]) => !TRACKING.test(k));
  params.sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : av > bv ? 1 : 0) : a < b ? -1 : 1));
  u.search = params.length ? `?${new URLSearchParams(params).toString()}` : '';
  return u.toString();
}

/**
 * The URL to request: resolved, without fragment, otherwise as the site wrote
 * it. Servers differ on `dir/` vs `dir/index.html` and on parameter order, so
 * only the dedupe key (`canonicalUrl`) normalises those.
 */
export function fetchUrl(href: string, base?: string): string | null {
  const u = httpUrl(href, base);
  if (!u) return null;
  return u.toString();
}

/** Two URLs name the same page (same dedupe key). */
export const samePage = (a: string, b: string): boolean => canonicalUrl(a) === canonicalUrl(b);

/** The politeness key: host including a non-default port (`1.2.3.4:8080` is its own host). */
export function hostKey(url: string): string {
  return new URL(url).host.toLowerCase();
}

/** The directory of a URL's path, with a trailing slash: `/a/b/index_2.html` → `/a/b/`. */
export function dirOf(url: string): string {
  const p = new URL(url).pathname;
  return p.slice(0, p.lastIndexOf('/') + 1);
}

/** The file extension of a URL's path, lower case without the dot ('' if none). */
export function extOf(url: string): string {
  const p = new URL(url).pathname;
  const m = /\.([a-z0-9]{1,5})$/i.exec(p);
  return m ? m[1]!.toLowerCase() : '';
}
