/**
 * Per request: who is signed in (session cookie → account), held as the
 * request's viewer; and, unless the operator allows reading without an
 * account, a redirect to the sign-in page for anyone who is not signed in.
 */
import type { MiddlewareHandler } from 'hono';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { sessionUser } from '../../store/sessions.js';
import { toActor } from '../../store/users.js';
import { readCookie, SESSION_COOKIE } from './cookies.js';
import { withViewer, type Viewer } from './viewer.js';

/** Pages anyone reaches: signing in needs its form and the stylesheet. */
const OPEN_PATHS = /^\/(login|logout|favicon\.ico|static\/[\w.-]+)$/;

/** A path to return to after an action or sign-in: same-site paths only, never `//host`. */
export function safeNext(next: unknown, fallback = '/'): string {
  if (typeof next !== 'string' || next.length > 500 || !/^\/(?![/\\])/.test(next) || /[\r\n]/.test(next)) return fallback;
  return next;
}

/** `signIn: false` on a read-only copy of the database: nobody is signed in there, whatever cookie they bring. */
export function sessionMiddleware(db: Kysely<Database>, opts: { publicRead: boolean; signIn: boolean }): MiddlewareHandler {
  return async (c, next) => {
    const token = opts.signIn ? readCookie(c, SESSION_COOKIE) : undefined;
    const session = token ? await sessionUser(db, token) : null;
    const viewer: Viewer = { actor: session ? toActor(session.user) : null, csrf: session?.csrf ?? null, publicRead: opts.publicRead };
    if (!viewer.actor && !opts.publicRead && !OPEN_PATHS.test(c.req.path)) {
      if (c.req.method === 'GET' || c.req.method === 'HEAD') {
        return c.redirect(`/login?next=${encodeURIComponent(safeNext(c.req.path + (new URL(c.req.url).search)))}`, 303);
      }
    }
    await withViewer(viewer, () => next());
  };
}
