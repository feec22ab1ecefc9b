/** The cookies the web view sets: the session, and the sign-in form's own CSRF token. All HttpOnly. */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { SESSION_TTL_MS } from '../../store/sessions.js';

export const SESSION_COOKIE = 'nianbao_session';
/** Before sign-in there is no session: the login form's token is paired with this cookie instead. */
export const LOGIN_COOKIE = 'nianbao_login';

export interface CookiePolicy { readonly secure: boolean }

export const readCookie = (c: Context, name: string): string | undefined => getCookie(c, name);

export function setSessionCookie(c: Context, token: string, p: CookiePolicy): void {
  // Lax, not Strict: a link to a report from elsewhere opens signed in; every write also needs the CSRF token.
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Lax', secure: p.secure, path: '/', maxAge: SESSION_TTL_MS / 1000 });
}

export function setLoginCookie(c: Context, token: string, p: CookiePolicy): void {
  setCookie(c, LOGIN_COOKIE, token, { httpOnly: true, sameSite: 'Strict', secure: p.secure, path: '/login', maxAge: 3600 });
}

export function clearCookie(c: Context, name: string, path = '/'): void {
  deleteCookie(c, name, { path });
}
