/**
 * What a navigation page holds for the column finder: its links with their
 * words (text, title, image alt), where it sends the reader instead (meta
 * refresh, script redirect, frames), whether it is a list (report items,
 * pagers, list scripts), and what it calls itself (title, breadcrumb, site
 * name). Pure: HTML in, facts out.
 */
import * as cheerio from 'cheerio';
import { isReportTitle } from '../classify.js';
import { hanwebRecords, linkBase } from '../discover.js';
import { fetchUrl } from '../url.js';

export interface NavLink { readonly url: string; readonly text: string }

export interface NavPage {
  /** A meta refresh or script redirect target: the page is a stub for it. */
  readonly redirect: { readonly url: string; readonly via: 'refresh' | 'script' } | null;
  /** `<iframe>` / `<frame>` sources: the page shows another page. */
  readonly frames: readonly string[];
  readonly links: readonly NavLink[];
  /** Links titled like a report (a year and 年度报告/年报). */
  readonly reportItems: number;
  /** What makes it a list although no item may be visible: TRS createPageHTML, Hanweb records, a JSON list API, a pager. */
  readonly listSignals: readonly string[];
  readonly title: string | null;
  /** Breadcrumb segments (首页 > 信息公开 > … ), if the page has one. */
  readonly crumb: readonly string[];
  /** The site's own name from its header or title (a sub-site names its body). */
  readonly siteName: string | null;
  readonly headings: readonly string[];
}

const clean = (s: string | undefined | null) => (s ?? '').replace(/\s+/g, ' ').trim();

/** Meta refresh `0; url=…` (quoted or not). */
function metaRefresh($: cheerio.CheerioAPI): string | null {
  const content = $('meta[http-equiv]').filter((_i, el) => /^refresh$/i.test($(el).attr('http-equiv') ?? '')).attr('content');
  const m = content ? /url\s*=\s*['"]?([^'";]+)/i.exec(content) : null;
  return m ? m[1]!.trim() : null;
}

/** `location.href = '…'`, `window.location = "…"`, `location.replace('…')` in an inline script. */
function scriptRedirect(text: string): string | null {
  const m = /(?:window\.|document\.|top\.|self\.)?location(?:\.href)?\s*=\s*['"]([^'"]+)['"]|location\.(?:replace|assign)\(\s*['"]([^'"]+)['"]\s*\)/.exec(text);
  return m ? (m[1] ?? m[2])! : null;
}

const CRUMB_SEL = '.position, .crumb, .crumbs, .location, .breadcrumb, .bread, .dqwz, .current-position, #position, .path, .nav-path';

function breadcrumb($: cheerio.CheerioAPI): string[] {
  let text = clean($(CRUMB_SEL).first().text());
  if (!text) {
    const node = $('div, p, span, td').filter((_i, el) => /^\s*(当前位置|您的位置|您现在的位置|所在位置)\s*[:：]/.test($(el).text())).first();
    text = clean(node.text());
  }
  if (!text) return [];
  return text.replace(/^(当前位置|您的位置|您现在的位置|所在位置)\s*[:：]\s*/, '').split(/\s*(?:>|＞|»|›|→|\/|-{1,2}>)\s*/).map((s) => s.trim()).filter(Boolean);
}

export function readNavPage(url: string, html: string): NavPage {
  const records = hanwebRecords(html);
  const $ = cheerio.load(records.length ? `${html}\n${records.join('\n')}` : html, { xml: { xmlMode: false, decodeEntities: true } });
  const scripts = $('script').map((_i, el) => $(el).html() ?? '').get().join('\n');
  const refresh = metaRefresh($);
  const scripted = refresh ? null : scriptRedirect(scripts);
  const target = refresh ?? scripted;
  const base = linkBase($, url);
  const redirectUrl = target ? fetchUrl(target, base) : null;
  const frames = $('iframe[src], frame[src]').map((_i, el) => fetchUrl($(el).attr('src') ?? '', base)).get()
    .filter((u): u is string => Boolean(u) && !/^about:/.test(u));
  const links: NavLink[] = [];
  let reportItems = 0;
  $('a[href]').each((_i, el) => {
    const a = $(el);
    const href = a.attr('href') ?? '';
    if (/^\s*(javascript:|mailto:|tel:|#)/i.test(href)) return;
    const target = fetchUrl(href, base);
    if (!target) return;
    const text = clean(a.text()) || clean(a.attr('title')) || clean(a.find('img').attr('alt'));
    if (isReportTitle(text)) reportItems++;
    links.push({ url: target, text });
  });
  const signals: string[] = [];
  if (/createPageHTML\(/.test(html)) signals.push('trs-pager');
  if (records.length || /dataproxy\.jsp|totalRecord/i.test(html)) signals.push('hanweb');
  if (/data-api\s*=|apiUrl|_CONFIG|\/gkmlpt\/api\//.test(html)) signals.push('data-api');
  if (links.some((l) => /^(下一?页|尾页|末页)$/.test(l.text))) signals.push('pager');
  const title = clean($('title').first().text()) || null;
  const header = clean($('.header').first().text());
  const siteName = clean($('.site-name, .logo, #logo, .header h1, .header h2').first().text() || $('meta[name="SiteName"]').attr('content')
    || (header.length <= 30 ? header : '')) || null;
  const headings = $('h1, h2, h3').map((_i, el) => clean($(el).text())).get().filter(Boolean).slice(0, 8);
  return { redirect: redirectUrl ? { url: redirectUrl, via: refresh ? 'refresh' : 'script' } : null, frames, links, reportItems, listSignals: signals, title, crumb: breadcrumb($), siteName, headings };
}
