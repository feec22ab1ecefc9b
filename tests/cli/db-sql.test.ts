import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { POSTGRES_URL } from '../helpers/stores.js';
import { EXTRACTOR_VERSION } from '../../src/extract/index.js';

describe('nianbao db / sql on embedded PGlite', () => {
  let dir: string;
  beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-cli-')); });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const env = () => ({ NIANBAO_DB: path.join(dir, 'db'), DATABASE_URL: '' });

  it('migrates, reports status and answers queries as table, CSV and JSON', async () => {
    const m = await runCli(['db', 'migrate'], { env: env() });
    expect(m.code).toBe(0);
    expect(m.stdout).toContain('applied: 0001-core, 0002-views');
    const s = await runCli(['db', 'status'], { env: env() });
    expect(s.code).toBe(0);
    expect(s.stdout).toMatch(/documents\s+0/);
    expect(s.stdout).toContain(`extractor: ${EXTRACTOR_VERSION}; documents it has yet to read: 0`);
    const csv = await runCli(['sql', "select 2 + 3 as n, '合作市' as body", '--csv'], { env: env() });
    expect(csv.stdout).toBe('n,body\n5,合作市\n');
    const json = await runCli(['sql', 'select count(*) as reports from report_latest', '--json'], { env: env() });
    expect(JSON.parse(json.stdout)).toEqual({ reports: 0 });
  });

  it('prints a bad query\'s database error on one line and exits 1', async () => {
    const r = await runCli(['sql', 'select * from no_such_table'], { env: env() });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('relation "no_such_table" does not exist');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('rejects a usage error with exit 2', async () => {
    const r = await runCli(['sql', 'select 1', '--csv', '--json'], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('choose one of --csv and --json');
  });
});

describe('nianbao sql on PostgreSQL', () => {
  // A schema of its own: the shared database may hold other runs' migrations.
  const env = { DATABASE_URL: POSTGRES_URL, NIANBAO_DB: '', NIANBAO_SCHEMA: `cli_sql_${process.pid}_${Date.now()}` };
  afterAll(async () => {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`drop schema if exists "${env.NIANBAO_SCHEMA}" cascade`);
    await client.end();
  });

  it('uses DATABASE_URL and reports errors the same way', async () => {
    const ok = await runCli(['sql', 'select current_database() as db', '--csv'], { env });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe(`db\n${new URL(POSTGRES_URL).pathname.slice(1)}\n`);
    const where = await runCli(['sql', 'select current_schema() as s', '--csv'], { env });
    expect(where.stdout).toBe(`s\n${env.NIANBAO_SCHEMA}\n`);
    const bad = await runCli(['sql', 'selec 1'], { env });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^nianbao: query failed: syntax error at or near "selec"\n$/);
  });
});
