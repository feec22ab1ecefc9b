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
import { openStore, type Store } from '../../src/store/open-store.js';
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

describe('three crawlers on one PostgreSQL database, one killed with kill -9', () => {
  it('stores every report once, recovers the dead worker\'s leases, fetches nothing twice and stays polite', async () => {
    farm.requests.length = 0;
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const env = { ...process.env, DATABASE_URL: POSTGRES_URL, NIANBAO_SCHEMA: schema };
    const INTERVAL = 150;
    // Workers as if on three machines: separate processes, the database their only link.
    // A short lease so the dead worker's claims come back in seconds (the default is 60 s).
    const args = [BIN, ...crawlArgs(INTERVAL), '--lease', '4000'];
    const workers = [0, 1, 2].map(() => {
      const p = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      p.stdout!.on('data', (d) => (out += d));
      p.stderr!.on('data', (d) => (out += d));
      return { p, exit: new Promise<number | null>((r) => p.once('exit', (code) => r(code))), out: () => out };
    });
    let db: Store | null = null;
    try {
      // Kill, mid-crawl, the worker holding the most leases (so it dies with work in hand).
      let victim: { p: (typeof workers)[number]; owner: string } | null = null;
      const deadline = Date.now() + 60_000; // slow only when the machine is loaded
      while (!victim && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
        if (reportGets().length < expected.length / 4) continue;
        db ??= await openStore({ url: POSTGRES_URL, schema, migrate: false });
        const held = await db.db.selectFrom('frontier').select(['lease_owner', (eb) => eb.fn.countAll<number>().as('n')])
          .where('state', '=', 'leased').groupBy('lease_owner').orderBy('n', 'desc').execute();
        const pids = new Map(workers.map((w) => [w.p.pid, w]));
        const top = held.find((h) => pids.has(Number(h.lease_owner?.split(':')[1])));
        if (top) victim = { p: pids.get(Number(top.lease_owner!.split(':')[1]))!, owner: top.lease_owner! };
      }
      expect(victim, 'no worker held leases mid-crawl').not.toBeNull();
      victim!.p.p.kill('SIGKILL');
      await victim!.p.exit;
      const killedAt = Date.now();
      const orphaned = await db!.db.selectFrom('frontier').select('url').where('lease_owner', '=', victim!.owner).where('state', '=', 'leased').execute();
      expect(orphaned.length).toBeGreaterThan(0);
      // Its leases go back to the frontier and are taken by the two left.
      let recoveredAfter = Infinity;
      while (Date.now() - killedAt < 60_000) {
        const left = await db!.db.selectFrom('frontier').select((eb) => eb.fn.countAll<number>().as('n'))
          .where('lease_owner', '=', victim!.owner).where('state', '=', 'leased').executeTakeFirstOrThrow();
        if (Number(left.n) === 0) { recoveredAfter = Date.now() - killedAt; break; }
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(recoveredAfter).toBeLessThan(60_000);
      console.info(`killed a worker holding ${orphaned.length} leases; all taken back after ${(recoveredAfter / 1000).toFixed(1)} s`);
      const survivors = workers.filter((w) => w !== victim!.p);
      for (const w of survivors) expect(await w.exit, w.out()).toBe(0);

      const stored = await db!.db.selectFrom('documents').select(['url', (eb) => eb.fn.countAll<number>().as('n')])
        .where('kind', '=', 'report').groupBy('url').execute();
      expect(stored.map((r) => r.url).sort()).toEqual(expected.map((e) => e.url).sort());
      expect(stored.filter((r) => Number(r.n) !== 1)).toEqual([]);
      const runs = await db!.db.selectFrom('fetch_log').select('run_id').distinct().execute();
      expect(runs).toHaveLength(1); // all three joined one run

      // Nothing fetched twice, except what the dead worker had in flight (fetched, never stored).
      const inFlight = new Set(orphaned.map((r) => { const u = new URL(r.url); return `${u.host}${u.pathname}${u.search}`; }));
      const counts = new Map<string, number>();
      for (const r of farm.requests.filter((q) => q.path !== '/robots.txt')) counts.set(`${r.host}${r.path}`, (counts.get(`${r.host}${r.path}`) ?? 0) + 1);
      expect([...counts].filter(([k, n]) => n > 1 && !inFlight.has(k))).toEqual([]);
      expect(Math.max(...counts.values())).toBeLessThanOrEqual(2);
      // Politeness held across the three processes and the handover, robots.txt included.
      for (const s of farm.sites) {
        const host = new URL(s.baseUrl).host;
        const t = farm.requests.filter((r) => r.host === host).map((r) => r.time).sort((x, y) => x - y);
        for (let i = 1; i < t.length; i++) expect(t[i]! - t[i - 1]!, `${s.id} request ${i}`).toBeGreaterThanOrEqual(INTERVAL - 2);
      }
    } finally {
      for (const w of workers) w.p.kill('SIGKILL');
      await db?.close();
      const c = new pg.Client({ connectionString: POSTGRES_URL });
      await c.connect();
      await c.query(`drop schema if exists "${schema}" cascade`);
      await c.end();
    }
  }, 150_000);
});
