/**
 * Cross-site request forgery defences for every form: the session's secret
 * token, posted back in a hidden field and compared in constant time; and,
 * where the browser says where a request comes from (Origin, Sec-Fetch-Site),
 * that it comes from this site. SameSite=Lax session cookies are a third layer.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { html } from 'hono/html';
import { currentViewer } from './viewer.js';

export const CSRF_FIELD = '_csrf';

export function tokensMatch(expected: string | null | undefined, given: unknown): boolean {
  if (!expected || typeof given !== 'string' || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

/** False when the browser reports the request as coming from another site. */
export function fromThisSite(c: Context): boolean {
  const site = c.req.header('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return false;
  const origin = c.req.header('origin');
  // Our Referrer-Policy (no-referrer) makes browsers send `Origin: null` on their own forms: no evidence either way.
  if (!origin || origin === 'null') return true;
  try {
    // Behind a proxy, Host must be passed through (nginx: proxy_set_header Host $host).
    return new URL(origin).host === c.req.header('host');
  } catch {
    return false;
  }
}

/** The hidden field every form of a signed-in page carries. */
export const csrfField = () => html`<input type="hidden" name="${CSRF_FIELD}" value="${currentViewer().csrf ?? ''}">`;
