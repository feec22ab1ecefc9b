/**
 * Resumability and multi-worker safety through the real CLI, against the farm:
 * kill -9 mid-crawl and restart loses nothing and re-fetches nothing completed;
 * two crawlers on one PostgreSQL database never fetch the same URL twice.
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
import { startFarm, type ExpectedReport, type Farm } from '../../src/farm/index.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-crawl-'));
let farm: Farm;
let expected: ExpectedReport[] = [];
let yamlFile = '';
/** A report page's served address (after a 301) → the address its list links, which the frontier holds. */
const linked = new Map<string, string>();

beforeAll(async () => {
  farm = await startFarm({ seed: 21, sites: 6, profile: 'clean' });
  expected = farm.expected(0);
  for (const e of expected) linked.set(e.finalUrl, e.url).set(e.url, e.url);
  yamlFile = path.join(tmp, 'sites.yaml');
  fs.writeFileSync(yamlFile, farm.sitesYaml());
});
afterAll(async () => {
  await farm?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** GETs of report pages (each under its linked address) since the farm started or was last cleared. */
const reportGets = () => farm.requests.map((r) => ({ ...r, url: linked.get(`http://${r.host}${r.path}`) }))
  .filter((r): r is typeof r & { url: string } => r.url !== undefined);
const crawlArgs = (interval = 25) => ['crawl', '--sites', yamlFile, '--interval', String(interval), '--no-browser', '--concurrency', '8'];

describe('kill -9 and resume (embedded database)', () => {
  it('loses nothing and re-fetches nothing completed', async () => {
    const db = path.join(tmp, 'db');
    const args = ['--db', db, ...crawlArgs()];
    const child = spawn(process.execPath, [BIN, ...args], { stdio: 'ignore' });
    // Kill once a good part (but not all) of the reports has been requested.
    const total = expected.length;
    await new Promise<void>((resolve, reject) => {
      const t = setInterval(() => {
        if (reportGets().length >= total / 3) { clearInterval(t); resolve(); }
      }, 5);
      child.on('exit', () => { clearInterval(t); reject(new Error('crawler exited before it could be killed')); });
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const killedAt = Date.now();
    const store = await openStore({ dbPath: db });
    const done = new Set((await store.db.selectFrom('frontier').select('url').where('state', '=', 'done').execute()).map((r) => r.url));
    await store.close();
    expect(done.size).toBeGreaterThan(0);

    const res = await runCli(args);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/resumed/);
    const after = reportGets().filter((r) => r.time > killedAt);
    expect(after.filter((r) => done.has(r.url))).toEqual([]);
    const check = await openStore({ dbPath: db });
    const stored = new Set((await check.db.selectFrom('documents').select('url').where('kind', '=', 'report').execute()).map((r) => r.url));
    await check.close();
    for (const e of expected) expect(stored.has(e.url), e.url).toBe(true);
    // Only the requests in flight at the kill may repeat (at most the global concurrency).
    const counts = new Map<string, number>();
    for (const r of reportGets()) counts.set(`${r.host}${r.path}`, (counts.get(`${r.host}${r.path}`) ?? 0) + 1);
    const repeated = [...counts].filter(([, n]) => n > 1);
    expect(repeated.length).toBeLessThanOrEqual(8);
    expect(Math.max(...counts.values())).toBeLessThanOrEqual(2);
  }, 90_000);
});

describe('two crawlers on one PostgreSQL database', () => {
  it('split the work without fetching any URL twice, and stay polite together', async () => {
    farm.requests.length = 0;
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const env = { DATABASE_URL: POSTGRES_URL, NIANBAO_SCHEMA: schema };
    // Slow enough (about 3 s a site) that the second process, starting a moment later, gets a share.
    const args = crawlArgs(120);
    try {
      const [a, b] = await Promise.all([runCli(args, { env }), runCli(args, { env })]);
      expect(a.code, a.stderr).toBe(0);
      expect(b.code, b.stderr).toBe(0);
      // Both did part of the work.
      for (const r of [a, b]) expect(Number(/fetched (\d+)/.exec(r.stdout)?.[1])).toBeGreaterThan(0);
      const gets = farm.requests.filter((r) => r.path !== '/robots.txt').map((r) => `${r.host}${r.path}`);
      expect(gets.length).toBeGreaterThan(expected.length);
      expect(new Set(gets).size).toBe(gets.length);
      // Politeness holds across the two processes: one worker per site at a time.
      for (const s of farm.sites) {
        const host = new URL(s.baseUrl).host;
        const t = farm.requests.filter((r) => r.host === host).map((r) => r.time).sort((x, y) => x - y);
        expect(t.length).toBeGreaterThan(1);
        for (let i = 1; i < t.length; i++) expect(t[i]! - t[i - 1]!, `${s.id} request ${i}`).toBeGreaterThanOrEqual(118);
      }
      const store = await openStore({ url: POSTGRES_URL, schema });
      const owners = await store.db.selectFrom('fetch_log').select('run_id').distinct().execute();
      const n = await store.db.selectFrom('documents').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', 'report').executeTakeFirstOrThrow();
      await store.close();
      expect(owners).toHaveLength(1); // both joined one run
      expect(Number(n.n)).toBe(expected.length);
    } finally {
      const c = new pg.Client({ connectionString: POSTGRES_URL });
      await c.connect();
      await c.query(`drop schema if exists "${schema}" cascade`);
      await c.end();
    }
  }, 90_000);
});
