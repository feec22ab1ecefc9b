/** `sites check`: is the site up, what does robots.txt say, and does the first list page look like a list? */
import { HttpStrategy } from './fetch-http.js';
import { decodeBody } from './charset.js';
import { discoverList } from './discover.js';
import { parseRobots } from './robots.js';
import { isChallenge, judgePage } from './classify.js';
import { DEFAULT_UA } from './crawler.js';
import type { Site } from './sites.js';

export interface SiteCheck {
  site: string;
  ok: boolean;
  robots: string;
  list_status: string;
  charset: string;
  reports: number;
  pages: number;
  note: string;
}

const noGate = async () => ({ done: () => {} });

export async function checkSite(site: Site, opts: { timeoutMs: number }): Promise<SiteCheck> {
  const http = new HttpStrategy();
  const headers = { 'user-agent': DEFAULT_UA, 'accept-language': 'zh-CN,zh;q=0.9' };
  const out: SiteCheck = { site: site.id, ok: false, robots: '', list_status: '', charset: '', reports: 0, pages: 0, note: '' };
  const list = site.lists[0]!;
  try {
    const r = await http.fetch({ url: new URL('/robots.txt', list).toString(), method: 'GET', headers, timeoutMs: opts.timeoutMs }, noGate);
    if (r.status >= 400) out.robots = `none (${r.status})`;
    else {
      const robots = parseRobots(new URL('/robots.txt', list).toString(), new TextDecoder().decode(r.bytes));
      out.robots = robots.isAllowed(list) ? `allows list${robots.crawlDelayMs ? `, delay ${robots.crawlDelayMs / 1000}s` : ''}` : 'DISALLOWS list';
    }
  } catch (err) {
    out.robots = `error: ${(err as Error).message}`;
  }
  try {
    const r = await http.fetch({ url: list, method: 'GET', headers, timeoutMs: opts.timeoutMs }, noGate);
    const d = decodeBody(r.bytes, r.headers['content-type']);
    out.list_status = String(r.status);
    out.charset = `${d.charset} (${d.source})`;
    const links = discoverList(list, d.text, r.headers['content-type'] ?? null);
    out.reports = links.links.filter((l) => l.kind === 'report').length;
    out.pages = links.links.filter((l) => l.kind === 'list').length;
    if (isChallenge(r.status, d.text)) out.note = 'JS challenge';
    else if (r.status === 200 && judgePage(d.text, links.title) !== 'ok') out.note = judgePage(d.text, links.title);
    else if (links.scriptDriven && out.reports === 0) out.note = 'script-driven list: needs_browser';
    else if (out.reports === 0) out.note = 'no report links on the first page';
    out.ok = r.status < 400 && !out.robots.startsWith('DISALLOWS');
  } catch (err) {
    out.list_status = 'error';
    out.note = (err as Error).message;
  }
  return out;
}
