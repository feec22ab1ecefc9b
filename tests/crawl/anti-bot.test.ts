/**
 * Anti-bot walls as county portals put them up, on a small loopback site: a cookie
 * challenge on robots.txt (a challenge, not an outage), a WAF's 468, and a two-stage
 * 加速乐 challenge (obfuscated first stage, then `go({...})` hashing) that only a real
 * browser passes — solved once, its cookies then carried by plain HTTP fetches of the
 * host's lists, reports and attachments.
 */
import { createHash } from 'node:crypto';
import type http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/open-store.js';
import { postgresBackend } from '../helpers/stores.js';
import { crawl } from '../../src/crawl/index.js';
import type { Site } from '../../src/crawl/sites.js';
import { startMiniSite, page, type MiniSite, type MiniReply, type Route } from './mini-site.js';

const TITLE = (y: number) => `某某县人民政府${y}年政府信息公开工作年度报告`;
const li = (href: string, title: string) => `<li><a href="${href}" title="${title}">${title}</a></li>`;
const LIST = page('政府信息公开年报', `<ul>${li('/nb/t1.html', TITLE(2023))}${li('/nb/t2.html', TITLE(2022))}</ul>`);
const REPORT = (y: number, extra = '') => page(TITLE(y), `<p>一、总体情况</p>${extra}`);
const opts = { minIntervalMs: 5, backoffBaseMs: 20, timeoutMs: 5000, leaseMs: 20_000 };

let site: MiniSite | null = null;
let store: Store | null = null;
afterEach(async () => { await store?.close(); await site?.close(); store = null; site = null; });

const cookiesOf = (req: http.IncomingMessage): Record<string, string> =>
  Object.fromEntries((req.headers.cookie ?? '').split(';').map((c) => c.trim().split('=')).filter((p) => p.length === 2).map(([k, v]) => [k!, v!]));

async function crawlSite(routes: Record<string, Route | MiniReply>, browser: boolean) {
  site = await startMiniSite(routes);
  store = await postgresBackend.open();
  const sites: Site[] = [{ id: 'wall', base_url: `${site.base}/`, body: '某某县人民政府', region_code: '110101', region_name: '某某县', level: '县',
    lists: [`${site.base}/nb/`], hints: { list_style: 'auto', needs_browser: false } }];
  const summary = await crawl(store, { ...opts, sites, browser, maxAttempts: 6 });
  const docs = await store.db.selectFrom('documents').select(['url', 'kind']).orderBy('url').execute();
  return { summary, paths: (kind: string) => docs.filter((d) => d.kind === kind).map((d) => new URL(d.url).pathname).sort() };
}

/** Serves `inner` only to requests with the cookie `name=value`; others get `wall`. */
const behind = (ok: (req: http.IncomingMessage) => boolean, wall: () => MiniReply, inner: Record<string, MiniReply>): Record<string, Route> =>
  Object.fromEntries(Object.entries(inner).map(([path, reply]) => [path, (req: http.IncomingMessage) => (ok(req) ? reply : wall())]));

describe('a challenge in front of robots.txt', () => {
  it('is solved like any other cookie challenge, and the robots.txt behind it obeyed', async () => {
    const clear = '__jsl_clearance_s=ab12cd';
    const wall = (): MiniReply => ({ status: 521, body: "<script>document.cookie=('__jsl_clear'+'ance_s=')+('ab1')+String.fromCharCode(50,99,100)+';max-age=3600;path=/';location.href=location.pathname</script>" });
    const r = await crawlSite(behind((req) => (req.headers.cookie ?? '').includes(clear), wall, {
      '/robots.txt': { headers: { 'content-type': 'text/plain' }, body: 'User-agent: *\nDisallow: /nb/t2.html\n' },
      '/nb/': { body: LIST }, '/nb/t1.html': { body: REPORT(2023) }, '/nb/t2.html': { body: REPORT(2022) },
    }), false);
    expect(r.paths('report')).toEqual(['/nb/t1.html']);
    expect(r.summary).toMatchObject({ robotsDisallowed: 1, failed: 0 });
    expect(site!.requests.filter((q) => q.path === '/nb/t2.html')).toHaveLength(0);
  });
});

describe('HTTP 468', () => {
  it('is a challenge when it carries one, and a passing block when it does not — never a page gone', async () => {
    let blocked = 0;
    const r = await crawlSite({
      '/robots.txt': { headers: { 'content-type': 'text/plain' }, body: 'User-agent: *\nAllow: /\n' },
      '/nb/': (req) => (cookiesOf(req).waf_token === 'x9'
        ? { body: LIST } : { status: 468, body: "<html><script>document.cookie='waf_token='+'x9'+'; path=/';location.reload();</script></html>" }),
      '/nb/t1.html': () => (blocked++ < 2 ? { status: 468, body: '<html><body>访问被拦截</body></html>' } : { body: REPORT(2023) }),
      '/nb/t2.html': { body: REPORT(2022) },
    }, false);
    expect(r.paths('report')).toEqual(['/nb/t1.html', '/nb/t2.html']);
    expect(r.summary).toMatchObject({ failed: 0 });
  });
});

/**
 * 加速乐 as it stands: stage 1 answers 521 with a Set-Cookie and an obfuscated script
 * that builds a first clearance cookie and reloads; stage 2 answers 521 with `go({...})`,
 * which tries character pairs until a SHA-1 matches and sets the real clearance.
 */
function jiasule(): { route: (inner: MiniReply) => Route; final: string; challenges: () => number } {
  const bts = ['1733200000.482|0|', 'Qk3u%2FkK2'];
  const final = `${bts[0]}xy${bts[1]}`;
  const ct = createHash('sha1').update(final).digest('hex');
  let challenges = 0;
  const stage1 = `<html><script>var _0x=[95,95,106,115,108,95,99,108,101,97,114,97,110,99,101,95,115];`
    + `var _n=_0x.map(function(c){return String.fromCharCode(c)}).join('');document.cookie=_n+'='+(+new Date(1733200000000)/1000)+'|-1|'+[!+[]+!+[]]+';max-age=3600;path=/';location.reload();</script></html>`;
  const stage2 = `<html><script>async function sha1(s){const b=await crypto.subtle.digest('SHA-1',new TextEncoder().encode(s));return Array.from(new Uint8Array(b)).map(x=>x.toString(16).padStart(2,'0')).join('')}`
    + `async function go(c){for(const a of c.chars)for(const b of c.chars){const v=c.bts[0]+a+b+c.bts[1];if(await sha1(v)===c.ct){document.cookie=c.tn+'='+v+';max-age='+c.vt+';path=/';location.reload();return}}}`
    + `go(${JSON.stringify({ bts, chars: 'abcdefghijklmnopqrstuvwxyz', ct, ha: 'sha1', is: true, tn: '__jsl_clearance_s', vt: '3600', wt: '1500' })})</script></html>`;
  const route = (inner: MiniReply): Route => (req) => {
    const c = cookiesOf(req);
    if (c.__jsl_clearance_s === final && c.__jsluid_s === 'f00d') return inner;
    challenges++;
    if (c.__jsluid_s === 'f00d' && /\|-1\|2$/.test(c.__jsl_clearance_s ?? '')) return { status: 521, body: stage2 };
    return { status: 521, headers: { 'set-cookie': '__jsluid_s=f00d; path=/; HttpOnly' }, body: stage1 };
  };
  return { route, final, challenges: () => challenges };
}

describe('a two-stage 加速乐 challenge', () => {
  it('is passed by the browser once, and its cookies carry the plain HTTP fetches of the host', async () => {
    const j = jiasule();
    const r = await crawlSite({
      '/robots.txt': j.route({ headers: { 'content-type': 'text/plain' }, body: 'User-agent: *\nAllow: /\n' }),
      '/nb/': j.route({ body: LIST }),
      '/nb/t1.html': j.route({ body: REPORT(2023, '<p><a href="/files/nb2023.pdf">附件：2023年年报.pdf</a></p>') }),
      '/nb/t2.html': j.route({ body: REPORT(2022) }),
      '/files/nb2023.pdf': j.route({ headers: { 'content-type': 'application/pdf' }, body: '%PDF-1.4 fake' }),
    }, true);
    expect(r.paths('report')).toEqual(['/nb/t1.html', '/nb/t2.html']);
    expect(r.paths('attachment')).toEqual(['/files/nb2023.pdf']);
    // Passed pages came over plain HTTP (no Sec-Fetch headers) with the browser's cookie.
    const passed = site!.requests.filter((q) => q.status === 200);
    const plain = passed.filter((q) => q.headers['sec-fetch-mode'] === undefined);
    expect(plain.map((q) => q.path)).toEqual(expect.arrayContaining(['/nb/t1.html', '/nb/t2.html', '/files/nb2023.pdf']));
    for (const q of plain) expect(q.headers.cookie).toContain(`__jsl_clearance_s=${j.final}`);
    // Solved once (two stages, a first plain try and the browser's own first loads), not once a page.
    expect(j.challenges()).toBeLessThanOrEqual(6);
  }, 60_000);
});
