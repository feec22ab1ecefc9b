/** `sites check` on farm portals and on hosts that fail each way, politely. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortalFarm, type PortalFarm } from '../../src/farm/index.js';
import { importSites } from '../../src/crawl/site-import.js';
import { causeOfError, checkSites, summarize } from '../../src/crawl/site-check.js';
import { FetchError } from '../../src/crawl/fetch-strategy.js';

describe('causeOfError', () => {
  it('reads the cause from what Node reports', () => {
    const err = (code: string, message: string) => Object.assign(new Error(message), { code });
    expect(causeOfError(err('ENOTFOUND', 'getaddrinfo ENOTFOUND www.nosuch.gov.cn'))).toBe('dns');
    expect(causeOfError(err('EAI_AGAIN', 'getaddrinfo EAI_AGAIN x'))).toBe('dns');
    expect(causeOfError(new FetchError('network', 'connect ECONNREFUSED 1.2.3.4:80 (ECONNREFUSED)', 'http://x/'))).toBe('refused');
    expect(causeOfError(new FetchError('timeout', 'timed out after 10000 ms', 'http://x/'))).toBe('timeout');
    expect(causeOfError(new FetchError('network', 'read ECONNRESET (ECONNRESET)', 'http://x/'))).toBe('reset');
    for (const m of ['write EPROTO …:SSL routines:ssl3_get_record:wrong version number', 'unable to verify the first certificate (UNABLE_TO_VERIFY_LEAF_SIGNATURE)',
      'certificate has expired (CERT_HAS_EXPIRED)', 'Client network socket disconnected before secure TLS connection was established (ERR_TLS_CERT_ALTNAME_INVALID)']) {
      expect(causeOfError(new FetchError('network', m, 'https://x/')), m).toBe('tls');
    }
  });
});

describe('checkSites on the portals farm', () => {
  let farm: PortalFarm;
  beforeAll(async () => { farm = await startPortalFarm({ seed: 4, sites: 12, sizing: { bodies: [3, 5], years: [1, 1] } }); });
  afterAll(async () => { await farm?.close(); });

  it('passes every portal (cookie challenges solved) and names the cause of every broken one, one request at a time per host', async () => {
    const { sites, problems } = importSites(farm.portalsCsv(12), 'farm.csv');
    expect(problems).toEqual([]);
    const t0 = Date.now();
    const results = await checkSites(sites, { timeoutMs: 1500, intervalMs: 200, deadlineMs: 60_000 });
    const note = new Map(farm.portalsCsv(12).trim().split('\n').slice(1).map((l, i) => [sites[i]!.id, l.split(',')[3] ?? '']));
    for (const r of results) {
      const want = note.get(r.site) || 'ok';
      expect(r.cause, `${r.site} ${r.url} ${r.detail}`).toBe(want === '404' ? 'http-404' : want);
    }
    expect(summarize(results)).toEqual({ ok: 12, tls: 2, refused: 2, timeout: 2, challenge: 2, robots: 2, 'http-404': 2 });
    // Polite: never two requests to one host closer than the interval.
    const byHost = new Map<string, number[]>();
    for (const r of farm.requests.filter((x) => x.time >= t0)) byHost.set(r.host, [...(byHost.get(r.host) ?? []), r.time]);
    for (const [host, times] of byHost) for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!, host).toBeGreaterThanOrEqual(199);
  });

  it('stops at its deadline and says which sites it did not reach', async () => {
    const { sites } = importSites(farm.portalsCsv(0), 'farm.csv');
    const results = await checkSites(sites, { timeoutMs: 1000, intervalMs: 200, deadlineMs: 1, concurrency: 1 });
    expect(results.filter((r) => r.cause === 'not-checked').length).toBeGreaterThan(0);
    expect(results).toHaveLength(sites.length);
  });
});
