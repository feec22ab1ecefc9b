/**
 * What every request of the web view passes through before its route: the
 * security headers on every answer (errors and refusals included), read-only
 * methods, and input the database can take. Bad input is a 400 with a plain
 * message naming the parameter; the database's own error text never reaches
 * the browser.
 */
import type { Context, MiddlewareHandler } from 'hono';

export const CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
  + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/** Longest value a parameter may have: names, codes and searches are short; a SQL query (the SQL page) may be longer. */
export const MAX_PARAM_LENGTH = 500;
const LONGER: Readonly<Record<string, number>> = { sql: 20_000 };

// C0 controls (NUL first: PostgreSQL rejects it in text) and DEL; lone surrogates cannot be encoded at all.
const CONTROL = /[\u0000-\u001f\u007f]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Sets the headers on whatever answer comes back, however it was made. */
export const securityHeaders = (): MiddlewareHandler => async (c, next) => {
  await next();
  const h = c.res.headers;
  if (!h.has('Content-Security-Policy')) h.set('Content-Security-Policy', CSP);
  h.set('X-Content-Type-Options', 'nosniff');
  h.set('Referrer-Policy', 'no-referrer');
  h.set('X-Frame-Options', 'DENY');
};

/** Only GET and HEAD, except POSTs to `writable` paths (sign-in and the review forms, which check more). */
export const readOnlyMethods = (writable?: RegExp): MiddlewareHandler => async (c, next) => {
  const write = c.req.method === 'POST' && writable?.test(c.req.path) === true;
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && !write) return c.text('This view is read-only.', 405, { Allow: 'GET, HEAD' });
  await next();
};

/** Why a value cannot be used, or null. */
function problem(value: string, max = MAX_PARAM_LENGTH): string | null {
  if (value.length > max) return `is longer than ${max} characters`;
  if (value.includes('\0')) return 'holds a NUL byte';
  if (CONTROL.test(value)) return 'holds a control character';
  if (LONE_SURROGATE.test(value) || value.includes('\uFFFD')) return 'is not valid UTF-8';
  return null;
}

/** The raw query string split by hand: a bad percent-escape must be caught, not silently kept. */
function queryPairs(url: string): [string, string][] {
  const q = url.indexOf('?');
  if (q < 0) return [];
  const hash = url.indexOf('#', q);
  return url.slice(q + 1, hash < 0 ? undefined : hash).split('&').filter(Boolean).map((part) => {
    const eq = part.indexOf('=');
    return eq < 0 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)];
  });
}

const decode = (s: string): string | null => {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return null;
  }
};

const badRequest = (c: Context, message: string) => c.text(`Bad request: ${message}.`, 400);

export const validInput = (): MiddlewareHandler => async (c, next) => {
  const path = decode(new URL(c.req.url).pathname);
  const why = path === null ? 'is not valid percent-encoded UTF-8' : problem(path);
  if (why) return badRequest(c, `the path ${why}`);
  for (const [rawKey, rawValue] of queryPairs(c.req.url)) {
    const key = decode(rawKey), value = decode(rawValue);
    const name = key !== null && !problem(key) ? `"${key}"` : 'a parameter name';
    if (key === null || value === null) return badRequest(c, `${name} is not valid percent-encoded UTF-8`);
    const badKey = problem(key);
    if (badKey) return badRequest(c, `a parameter name ${badKey}`);
    // The SQL page's query may hold line breaks (a control character elsewhere).
    const bad = key === 'sql' ? problem(value.replace(/[\r\n\t]/g, ' '), LONGER.sql) : problem(value);
    if (bad) return badRequest(c, `the parameter ${name} ${bad}`);
  }
  await next();
};
