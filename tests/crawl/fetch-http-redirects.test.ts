/**
 * Which redirects the HTTP strategy leaves to a request of the target's own: only the asked
 * URL's own answer is put to `leaveRedirect`; a later hop says nothing of the asked page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpStrategy } from '../../src/crawl/fetch-http.js';
import type { Acquire } from '../../src/crawl/fetch-strategy.js';
import { startMiniSite, type MiniSite } from './mini-site.js';

const acquire: Acquire = async () => ({ done: () => {} });
const permanentOnly = async (_target: string, status: number) => status === 301 || status === 308;

describe('redirects left to their target\'s request', () => {
  let site: MiniSite;
  const http = new HttpStrategy();
  beforeAll(async () => {
    site = await startMiniSite({
      '/moved.html': { status: 301, headers: { location: '/new.html' }, body: '' },
      // A temporary hop (a session cookie's round trip, a load balancer) before a permanent one.
      '/hop.html': { status: 302, headers: { location: '/moved.html' }, body: '' },
      '/new.html': { body: '<p>新</p>' },
    });
  });
  afterAll(async () => { await http.close(); await site.close(); });
  const get = (path: string) => http.fetch({ url: `${site.base}${path}`, method: 'GET', headers: {}, timeoutMs: 2000, leaveRedirect: permanentOnly }, acquire);

  it('leaves the asked URL\'s own permanent redirect, with where it pointed', async () => {
    const res = await get('/moved.html');
    expect([res.status, res.redirectTo, res.finalUrl, res.exchanges]).toEqual([301, `${site.base}/new.html`, `${site.base}/moved.html`, 1]);
  });

  it('follows a permanent redirect met after a temporary hop: the asked page has not moved for good', async () => {
    const res = await get('/hop.html');
    expect([res.status, res.redirectTo, res.finalUrl, res.exchanges]).toEqual([200, undefined, `${site.base}/new.html`, 3]);
  });
});
