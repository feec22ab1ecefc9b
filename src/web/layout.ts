/**
 * The page shell and the small pieces every page shares. All text goes through
 * hono's `html` template, which escapes interpolated values (including quotes,
 * so values are safe inside quoted attributes); `raw` is used only for markup
 * built here and for JSON made safe by `scriptJson`.
 */
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { accountNav } from './auth/account-nav.js';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

const NAV = [['/', '首页 Home'], ['/search', '检索 Search'], ['/compare', '比较 Compare'], ['/flags', '标记 Flags'],
  ['/coverage', '覆盖 Coverage'], ['/sql', 'SQL'], ['/review', '审核 Review']] as const;

/** A whole page: title, navigation with a search box, and the content. */
export function page(title: string, content: Html, opts: { scripts?: readonly string[]; q?: string } = {}): Html {
  return html`<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · nianbao</title>
<link rel="stylesheet" href="/static/style.css">
</head>
<body>
<header>
  <nav>${NAV.map(([href, text]) => html`<a href="${href}">${text}</a> `)}</nav>
  <div class="account">${accountNav()}</div>
  <form action="/search" method="get" class="search"><input type="search" name="q" value="${opts.q ?? ''}" placeholder="机关名称 / 地区 / 区划代码"><button type="submit">检索</button></form>
</header>
<main>
<h1>${title}</h1>
${content}
</main>
<footer>nianbao · 政府信息公开工作年度报告 data; reviewers sign in to confirm, dismiss and correct</footer>
${(opts.scripts ?? []).map((s) => html`<script src="${s}"></script>`)}
</body>
</html>`;
}

/**
 * JSON for a `<script type="application/json">` block: the parser reads it raw,
 * so it must not be HTML-escaped, and `<`, `>`, `&` and line separators are
 * written as \u escapes so no value can close the element.
 */
export function scriptJson(id: string, value: unknown): Html {
  const json = JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return html`<script type="application/json" id="${id}">${raw(json)}</script>`;
}

/** A query string from defined, non-empty parameters. */
export function qs(params: Record<string, string | number | undefined | null>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
}

export const reportHref = (id: number, hash = '') => `/report/${id}${hash}`;
export const cellHref = (reportId: number, key: string) => `/report/${reportId}/cell/${encodeURIComponent(key)}`;
export const documentHref = (id: number) => `/document/${id}`;
export const bodyHref = (id: number) => `/body/${id}`;
/** Element id of a cell on the report page (keys hold only [a-z_.]). */
export const cellAnchor = (key: string) => `cell-${key}`;

/** A number as the report prints it: integers plain, decimals as stored. */
export function fmtNumber(v: number | null | undefined): string {
  if (v === null || v === undefined) return '';
  return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(6)));
}

export const fmtDate = (d: Date | string | null | undefined): string =>
  d === null || d === undefined ? '' : d instanceof Date ? d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : d;

/** An external link only for http(s) URLs; anything else (javascript:, data:) is shown as text. */
export function externalLink(url: string): Html {
  return /^https?:\/\//i.test(url) ? html`<a href="${url}" rel="noreferrer noopener" target="_blank">${url}</a>` : html`${url}`;
}

export const severityBadge = (s: string): Html => html`<span class="sev sev-${s.replace(/[^a-z]/g, '')}">${s}</span>`;
