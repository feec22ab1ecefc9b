/**
 * Signing in and out. The sign-in form has its own CSRF token (paired with a
 * short-lived cookie, since there is no session yet); attempts are throttled
 * per account and per client address, and the sixth failure within a minute
 * is refused (429) before any password is checked. Every attempt is audited.
 */
import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { signIn } from '../../auth/accounts.js';
import { FailureLimiter } from '../../auth/rate-limit.js';
import { createSession, deleteSession, randomToken } from '../../store/sessions.js';
import { audit } from '../../store/audit.js';
import { page } from '../layout.js';
import { clientAddress, overTls } from './client-address.js';
import { clearCookie, LOGIN_COOKIE, readCookie, SESSION_COOKIE, setLoginCookie, setSessionCookie } from './cookies.js';
import { CSRF_FIELD, fromThisSite, tokensMatch } from './csrf.js';
import { safeNext } from './session-middleware.js';
import { currentViewer } from './viewer.js';

export interface LoginOptions {
  readonly trustProxy: boolean;
  /** false on a read-only copy of the database: the sign-in page says why nobody signs in here. */
  readonly writable: boolean;
  readonly secureCookies: boolean;
  readonly limiter?: FailureLimiter;
  /** Password check (tests count calls to prove a refused attempt computes no hash). */
  readonly verify?: (stored: string, password: string) => Promise<boolean>;
}

/** Five failures per minute per account and per address; the sixth attempt is refused unchecked. */
export const LOGIN_LIMIT = { limit: 5, windowMs: 60_000 } as const;

function loginPage(c: Context, opts: LoginOptions, next: string, message: string | null, status: 200 | 401 | 403 | 429 = 200) {
  const token = randomToken();
  setLoginCookie(c, token, { secure: opts.secureCookies || overTls(c, opts.trustProxy) });
  return c.html(page('登录 Sign in', html`
${message ? html`<p class="error" id="login-error">${message}</p>` : ''}
<form method="post" action="/login" class="login" id="login-form">
  <input type="hidden" name="${CSRF_FIELD}" value="${token}">
  <input type="hidden" name="next" value="${next}">
  <label>用户名 Name <input name="name" autocomplete="username" required maxlength="64" autofocus></label>
  <label>密码 Password <input name="password" type="password" autocomplete="current-password" required maxlength="1024"></label>
  <button type="submit">登录 Sign in</button>
</form>`), status);
}

export function installLogin(app: Hono, db: Kysely<Database>, opts: LoginOptions): void {
  const limiter = opts.limiter ?? new FailureLimiter(LOGIN_LIMIT);
  const secure = (c: Context) => opts.secureCookies || overTls(c, opts.trustProxy);

  app.get('/login', (c) => {
    const next = safeNext(c.req.query('next'));
    if (!opts.writable) {
      return c.html(page('登录 Sign in', html`<p class="banner" id="login-error">This server shows a read-only copy of the embedded
database, so other commands can run meanwhile; nobody signs in here. To review, serve without --public-read
(the server then holds the database), or use PostgreSQL.</p>`), 503);
    }
    if (currentViewer().actor) return c.redirect(next, 303);
    return loginPage(c, opts, next, null);
  });

  app.post('/login', async (c) => {
    const form = await c.req.parseBody();
    const next = safeNext(form.next);
    if (!fromThisSite(c) || !tokensMatch(readCookie(c, LOGIN_COOKIE), form[CSRF_FIELD])) {
      return loginPage(c, opts, next, 'The sign-in form expired or came from another site: please sign in again.', 403);
    }
    const name = typeof form.name === 'string' ? form.name.trim() : '';
    const password = typeof form.password === 'string' ? form.password : '';
    const client = clientAddress(c, opts.trustProxy);
    const result = await signIn(db, name, password, { limiter, client, verify: opts.verify });
    if (!result.ok && result.reason === 'refused') {
      c.header('Retry-After', String(Math.ceil(result.retryAfterMs / 1000)));
      return loginPage(c, opts, next, `Too many failed sign-ins: try again in ${Math.ceil(result.retryAfterMs / 1000)} s.`, 429);
    }
    if (!result.ok) return loginPage(c, opts, next, 'Wrong name or password.', 401);
    const session = await createSession(db, result.user.id);
    setSessionCookie(c, session.token, { secure: secure(c) });
    clearCookie(c, LOGIN_COOKIE, '/login');
    return c.redirect(next, 303);
  });

  app.post('/logout', async (c) => {
    const v = currentViewer();
    const form = await c.req.parseBody();
    const token = readCookie(c, SESSION_COOKIE);
    if (!v.actor || !token) return c.redirect('/', 303);
    if (!fromThisSite(c) || !tokensMatch(v.csrf, form[CSRF_FIELD])) return c.text('Forbidden: missing or wrong form token.', 403);
    await deleteSession(db, token);
    await audit(db, { actor: v.actor.name, action: 'logout', target: `user ${v.actor.name}`, origin: clientAddress(c, opts.trustProxy) });
    clearCookie(c, SESSION_COOKIE);
    return c.redirect('/', 303);
  });
}
