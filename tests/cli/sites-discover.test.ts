/**
 * `nianbao sites discover`: from portal home pages only, the finder's columns with their
 * bodies and evidence, without fetching one list or report; `--save` pins them into the
 * registry; a URL not in the registry is looked at too and said to be unregistered.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startPortalFarm, type PortalFarm } from '../../src/farm/index.js';
import { parseSites } from '../../src/crawl/sites.js';
import { canonicalUrl } from '../../src/crawl/url.js';

describe('nianbao sites discover', () => {
  let farm: PortalFarm;
  let dir: string;
  const f = (n: string) => path.join(dir, n);
  beforeAll(async () => {
    farm = await startPortalFarm({ seed: 5, sites: 3, faults: false, crawlDelay: 0, sizing: { bodies: [4, 7], years: [1, 2] } });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-discover-'));
    fs.writeFileSync(f('sites.yaml'), `# portals to watch\n${farm.sitesYaml()}`);
  });
  afterAll(async () => { await farm?.close(); fs.rmSync(dir, { recursive: true, force: true }); });

  it('prints every column of the registered portals with its body and trail, fetching no report', async () => {
    const before = farm.requests.length;
    const r = await runCli(['--db', f('db'), 'sites', 'discover', '--sites', f('sites.yaml'), '--json', '--no-browser', '--interval', '20']);
    expect(r.code, r.stderr).toBe(0);
    const found = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { site: string; body: string; column: string; evidence: Array<{ text: string }> });
    const expected = farm.columns(0);
    const key = (site: string, url: string) => `${site} ${canonicalUrl(url)}`;
    expect(new Set(found.map((c) => key(c.site, c.column)))).toEqual(new Set(expected.map((c) => key(c.siteId, c.listUrl))));
    for (const c of found) {
      const truth = expected.find((e) => key(e.siteId, e.listUrl) === key(c.site, c.column))!;
      expect(c.body).toBe(truth.body);
      expect(c.evidence.at(-1)!.text).toBe(truth.trail.at(-1));
    }
    const reportUrls = new Set(farm.expected(0).map((e) => new URL(e.url).pathname));
    expect(farm.requests.slice(before).filter((q) => reportUrls.has(q.path))).toEqual([]);
    expect(r.stderr).toMatch(/found \d+ columns on 3 of 3 sites/);
  });

  it('--save pins the found columns into the registry, comments kept', async () => {
    const r = await runCli(['--db', f('db'), 'sites', 'discover', '--sites', f('sites.yaml'), '--save', '-q', '--no-browser', '--interval', '20', farm.sites[0]!.baseUrl]);
    expect(r.code, r.stderr).toBe(0);
    const text = fs.readFileSync(f('sites.yaml'), 'utf8');
    expect(text.startsWith('# portals to watch')).toBe(true);
    const sites = parseSites(text, 'sites.yaml');
    const first = farm.columns(0).filter((c) => c.siteId === sites[0]!.id && !(c.central && !c.sub));
    expect(new Set(sites[0]!.lists.map((u) => canonicalUrl(u)))).toEqual(new Set(first.map((c) => canonicalUrl(c.listUrl))));
    expect(sites.slice(1).map((s) => s.lists)).toEqual([[], []]);
  });

  it('looks at a portal not in the registry, and says so', async () => {
    const r = await runCli(['--db', f('db2'), 'sites', 'discover', '--sites', f('none.yaml'), '-q', '--no-browser', '--interval', '20', farm.sites[1]!.baseUrl]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/年报|报告/);
    expect(r.stderr).toMatch(/not in .*none\.yaml/);
  }, 180_000); // a fresh embedded database is created first: on a loaded machine that alone can take a minute

  it('names a bad URL as a usage error', async () => {
    const r = await runCli(['--db', f('db3'), 'sites', 'discover', '--sites', f('none.yaml'), 'not a url']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"not a url" is not a URL');
  });
});
