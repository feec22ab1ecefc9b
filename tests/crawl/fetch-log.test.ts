/**
 * The fetch log loses no request: a crawl killed with kill -9 in the middle of
 * its requests leaves a fetch_log row for every request the farm received
 * (those in flight still 'sent'), and the resumed crawl logs the rest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { BIN, runCli } from '../helpers/cli.js';
import { openStore } from '../../src/store/open-store.js';
import { POSTGRES_URL } from '../helpers/stores.js';
import { startFarm, type Farm } from '../../src/farm/index.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-fetchlog-'));
const schema = `t_${randomBytes(6).toString('hex')}`;
const env = { DATABASE_URL: POSTGRES_URL, NIANBAO_SCHEMA: schema };
let farm: Farm;
let yamlFile = '';

beforeAll(async () => {
  // Slow answers, so requests are in flight when the crawler dies.
  farm = await startFarm({ seed: 33, sites: 4, profile: 'clean', latencyMs: 150 });
  yamlFile = path.join(tmp, 'sites.yaml');
  fs.writeFileSync(yamlFile, farm.sitesYaml());
});
afterAll(async () => {
  await farm?.close();
  const c = new pg.Client({ connectionString: POSTGRES_URL });
  await c.connect();
  await c.query(`drop schema if exists "${schema}" cascade`);
  await c.end();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Requests per URL (host, path and query), as the farm saw them or as the log holds them. */
const tally = (urls: readonly string[]) => {
  const m = new Map<string, number>();
  for (const u of urls) m.set(u, (m.get(u) ?? 0) + 1);
  return m;
};
const logged = async () => {
  const store = await openStore({ url: POSTGRES_URL, schema, migrate: false });
  try {
    return await store.db.selectFrom('fetch_log').select(['url', 'outcome']).execute();
  } finally {
    await store.close();
  }
};
const missing = (seen: Map<string, number>, log: Map<string, number>) =>
  [...seen].filter(([u, n]) => (log.get(u) ?? 0) < n).map(([u, n]) => `${u} seen ${n}, logged ${log.get(u) ?? 0}`);

describe('fetch log across kill -9', () => {
  it('holds every request the farm saw, in flight ones included, and the resumed crawl logs the rest', async () => {
    const args = ['crawl', '--sites', yamlFile, '--interval', '20', '--no-browser', '--concurrency', '8'];
    const child = spawn(process.execPath, [BIN, ...args], { stdio: 'ignore', env: { ...process.env, ...env } });
    await new Promise<void>((resolve, reject) => {
      const t = setInterval(() => { if (farm.requests.length >= 40) { clearInterval(t); resolve(); } }, 5);
      child.on('exit', () => { clearInterval(t); reject(new Error('crawler exited before it could be killed')); });
    });
    child.kill('SIGKILL');
    const killedAt = Date.now();
    await new Promise((r) => child.once('exit', r));
    const seen = () => tally(farm.requests.map((r) => `http://${r.host}${r.path}`));
    const atKill = seen();
    const rows = await logged();
    expect(missing(atKill, tally(rows.map((r) => r.url)))).toEqual([]);
    // Still 'sent': requests in flight (at most the 8 the crawl runs at once) and answered ones
    // whose completion waited for its batch (written once a second), so begun within that second.
    const inFlight = rows.filter((r) => r.outcome === 'sent');
    expect(inFlight.length).toBeGreaterThan(0);
    const lastSecond = farm.requests.filter((r) => r.time >= killedAt - 1500).length;
    expect(inFlight.length).toBeLessThanOrEqual(8 + lastSecond);

    const res = await runCli(args, { env });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/resumed/);
    const all = await logged();
    expect(missing(seen(), tally(all.map((r) => r.url)))).toEqual([]);
    // Only the killed crawl's lost answers stay 'sent'.
    expect(all.filter((r) => r.outcome === 'sent')).toHaveLength(inFlight.length);
  }, 120_000);
});
