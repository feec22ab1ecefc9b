/** The header's account corner: who is signed in and a sign-out button, or a sign-in link. */
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { describeScope } from '../../auth/roles.js';
import { currentViewer } from './viewer.js';
import { csrfField } from './csrf.js';

export function accountNav(): HtmlEscapedString | Promise<HtmlEscapedString> {
  const v = currentViewer();
  if (!v.actor) return html`<a href="/login" id="sign-in">登录 Sign in</a>`;
  const a = v.actor;
  return html`<span id="account" title="${a.role}, ${describeScope(a.regions)}">${a.name} (${a.role})</span>
<form method="post" action="/logout" class="inline">${csrfField()}<button type="submit" id="sign-out">退出 Sign out</button></form>`;
}
