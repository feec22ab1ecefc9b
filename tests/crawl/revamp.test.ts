/**
 * A county site revamped overnight (改版): its reports move to new addresses, the old ones
 * answer 301 to the new (or 404 for a report dropped), and the list gives the new addresses.
 * The night of the revamp asks each address once; the nights after, the old addresses rest
 * until their re-check is due, and one that comes back is live again. On both backends.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/stores.js';
import { crawl } from '../../src/crawl/index.js';
import type { Site } from '../../src/crawl/sites.js';
import { startMiniSite, page, type MiniSite, type MiniReply, type Route } from './mini-site.js';
import type { Store } from '../../src/store/open-store.js';

const li = (href: string, title: string) => `<li><a href="${href}" title="${title}">${title}</a><span>2024-01-15</span></li>`;
const TITLES = { a: '某某县人民政府2023年政府信息公开工作年度报告', b: '某某县教育局2023年政府信息公开工作年度报告', c: '某某县水利局2023年政府信息公开工作年度报告' };
const report = (k: keyof typeof TITLES): MiniReply => ({ body: page(TITLES[k], `<p>${TITLES[k]}</p><p>一、总体情况</p>`) });
const list = (where: string, keys: readonly (keyof typeof TITLES)[]): MiniReply => ({ body: page('政府信息公开年报', `<ul>${keys.map((k) => li(`/${where}/${k}.html`, TITLES[k])).join('')}</ul>`) });
const ROBOTS: MiniReply = { headers: { 'content-type': 'text/plain' }, body: 'User-agent: *\nAllow: /\n' };

/** Before the revamp: three reports under /old/. */
const before = (): Record<string, MiniReply> => ({ '/robots.txt': ROBOTS, '/nb/': list('old', ['a', 'b', 'c']), '/old/a.html': report('a'), '/old/b.html': report('b'), '/old/c.html': report('c') });
/**
 * After: a and b under /new/, their old addresses 301 there; c dropped (404). `busyList`: the
 * list first answers 503 (Retry-After: 1), so the old addresses are answered before its links are known.
 */
const after = (busyList = false): Record<string, Route | MiniReply> => {
  let busy = busyList;
  const nb: Route = () => (busy ? ((busy = false), { status: 503, headers: { 'retry-after': '1' }, body: '' }) : list('new', ['a', 'b']));
  return {
    '/robots.txt': ROBOTS, '/nb/': nb, '/new/a.html': report('a'), '/new/b.html': report('b'),
    '/old/a.html': { status: 301, headers: { location: '/new/a.html' }, body: '' }, '/old/b.html': { status: 308, headers: { location: '/new/b.html' }, body: '' },
  };
};

const opts = { minIntervalMs: 30, backoffBaseMs: 20, timeoutMs: 3000, browser: false as const, leaseMs: 10_000 };

/**
 * A county site served by `routes` and a store on `backend` for one describe block, opened before
 * its tests and closed after; `night()` crawls once and gives the paths asked (robots.txt aside)
 * with their answers.
 */
function revampBlock(backend: (typeof BACKENDS)[number], routes: () => Record<string, Route | MiniReply>, id: string) {
  const t = {} as { site: MiniSite; store: Store; sites: Site[] };
  beforeAll(async () => {
    t.site = await startMiniSite(routes());
    t.sites = [{ id, base_url: `${t.site.base}/`, body: '某某县人民政府', region_code: '110101', region_name: '某某县', level: '县',
      lists: [`${t.site.base}/nb/`], hints: { list_style: 'trs', needs_browser: false } }];
    t.store = await backend.open();
  });
  afterAll(async () => { await t.store?.close(); await t.site?.close(); });
  const night = async () => {
    const from = t.site.requests.length;
    await crawl(t.store, { ...opts, sites: t.sites });
    return t.site.requests.slice(from).filter((r) => r.path !== '/robots.txt').map((r) => `${r.status} ${r.path}`).sort();
  };
  return { get site() { return t.site; }, get store() { return t.store; }, night };
}

/** As the host happens to answer: the list first, or the old addresses before the list's links are written. */
const ORDERS = [{ name: 'list answered first', busyList: false }, { name: 'list busy at first', busyList: true }] as const;

for (const backend of BACKENDS) for (const order of ORDERS) {
  describe(`a site revamped overnight (${backend.name}, ${order.name})`, () => {
    const rv = revampBlock(backend, before, 'rv');
    const rows = async () => Object.fromEntries((await rv.store.db.selectFrom('frontier').select(['url', 'state', 'last_status']).execute())
      .map((r) => [new URL(r.url).pathname, `${r.state} ${r.last_status}`]));

    it('asks each address once the night of the revamp, and leaves the old addresses to the new ones\' own requests', async () => {
      expect(await rv.night()).toEqual(['200 /nb/', '200 /old/a.html', '200 /old/b.html', '200 /old/c.html']);
      rv.site.routes = after(order.busyList);
      // Not followed: the list gave /new/a.html and /new/b.html, which are fetched by their own requests.
      const busy = order.busyList ? ['503 /nb/'] : [];
      expect(await rv.night()).toEqual(['200 /nb/', '200 /new/a.html', '200 /new/b.html', '301 /old/a.html', '308 /old/b.html', '404 /old/c.html', ...busy].sort());
      expect(await rows()).toEqual({
        '/nb/': 'done 200', '/new/a.html': 'done 200', '/new/b.html': 'done 200',
        '/old/a.html': 'gone 301', '/old/b.html': 'gone 308', '/old/c.html': 'gone 404',
      });
      // The new pages are documents of their own; the old ones keep their one version.
      const docs = await rv.store.db.selectFrom('documents').select(['url', 'version']).where('kind', '=', 'report').execute();
      expect(docs.map((d) => `${new URL(d.url).pathname} v${d.version}`).sort()).toEqual(['/new/a.html v1', '/new/b.html v1', '/old/a.html v1', '/old/b.html v1', '/old/c.html v1']);
    });

    it('the next nights, the old addresses rest; a re-check that is due finds one back, and it is live again', async () => {
      expect(await rv.night()).toEqual(['304 /nb/', '304 /new/a.html', '304 /new/b.html']);
      // Two days on, their re-check is due (moved back here rather than waited for).
      await rv.store.db.updateTable('frontier').set({ next_attempt_at: new Date(Date.now() - 1000) }).where('state', '=', 'gone').execute();
      rv.site.routes = { ...after(), '/old/c.html': report('c') };
      expect(await rv.night()).toEqual(['301 /old/a.html', '304 /nb/', '304 /new/a.html', '304 /new/b.html', '304 /old/c.html', '308 /old/b.html']);
      expect(await rows()).toMatchObject({ '/old/a.html': 'gone 301', '/old/b.html': 'gone 308', '/old/c.html': 'done 304' });
      const c = await rv.store.db.selectFrom('frontier').select(['gone_since']).where('url', 'like', '%/old/c.html').executeTakeFirstOrThrow();
      expect(c.gone_since).toBeNull();
    });
  });
}

/** The list not updated yet: it still links the old addresses, and only their redirects tell the new ones. */
const stale = (): Record<string, Route | MiniReply> => ({ ...after(), '/nb/': list('old', ['a', 'b', 'c']) });

for (const backend of BACKENDS) {
  describe(`a revamp the list does not show yet (${backend.name})`, () => {
    const rv = revampBlock(backend, before, 'rv2');
    it('requests a moved page\'s new address in its own right, as the report its list named, and lets the old one rest', async () => {
      await rv.night();
      rv.site.routes = stale();
      expect(await rv.night()).toEqual(['200 /new/a.html', '200 /new/b.html', '301 /old/a.html', '304 /nb/', '308 /old/b.html', '404 /old/c.html']);
      const moved = await rv.store.db.selectFrom('frontier').select(['url', 'kind', 'state', 'meta', 'parent_url']).where('url', 'like', '%/new/%').orderBy('url').execute();
      expect(moved.map((r) => [new URL(r.url).pathname, r.kind, r.state, (r.meta as { title?: string }).title, new URL(r.parent_url!).pathname]))
        .toEqual([['/new/a.html', 'report', 'done', TITLES.a, '/nb/'], ['/new/b.html', 'report', 'done', TITLES.b, '/nb/']]);
      const docs = await rv.store.db.selectFrom('documents').select(['url', 'title']).where('url', 'like', '%/new/%').orderBy('url').execute();
      expect(docs.map((d) => d.title)).toEqual([TITLES.a, TITLES.b]);
      // The next night asks the new addresses, not the old ones.
      expect(await rv.night()).toEqual(['304 /nb/', '304 /new/a.html', '304 /new/b.html']);
    });
  });
}

/** A list that links an old address for good: it answered 301 the first time it was asked, and every night since. */
const forGood = (): Record<string, Route | MiniReply> => ({
  '/robots.txt': ROBOTS, '/nb/': list('old', ['a']), '/new/a.html': report('a'),
  '/old/a.html': { status: 301, headers: { location: '/new/a.html' }, body: '' },
});

for (const backend of BACKENDS) {
  describe(`a list that links an old address for good (${backend.name})`, () => {
    const rv = revampBlock(backend, forGood, 'rv3');
    it('follows the redirect every night, as it did the first, and the page stays one document under the listed address', async () => {
      expect(await rv.night()).toEqual(['200 /nb/', '200 /new/a.html', '301 /old/a.html']);
      // Nothing moved since: the redirect is followed with the stored version's validators, and the target answers 304.
      expect(await rv.night()).toEqual(['301 /old/a.html', '304 /nb/', '304 /new/a.html']);
      const docs = await rv.store.db.selectFrom('documents').select(['url', 'final_url', 'version']).where('kind', '=', 'report').execute();
      expect(docs.map((d) => [new URL(d.url).pathname, new URL(d.final_url).pathname, d.version])).toEqual([['/old/a.html', '/new/a.html', 1]]);
      const rows = await rv.store.db.selectFrom('frontier').select(['url']).where('kind', '=', 'report').execute();
      expect(rows.map((r) => new URL(r.url).pathname)).toEqual(['/old/a.html']);
    });
  });
}
