/**
 * `nianbao sql` guards: read-only unless --write, one statement only, every
 * column kept. The runner is tested on both backends; the CLI end to end once.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/stores.js';
import { runCli } from '../helpers/cli.js';
import { namedResult, uniqueColumns } from '../../src/research/sql-result.js';
import { upsertSites } from '../../src/crawl/sites.js';

it('repeated column names are suffixed, never dropped', () => {
  expect(uniqueColumns(['a', 'a', 'count', 'count', 'a_2', 'a'])).toEqual(['a', 'a_2', 'count', 'count_2', 'a_2_2', 'a_3']);
});

describe.each(BACKENDS)('raw SQL on $name', (backend) => {
  it('reads every column, refuses writes unless asked, runs one statement only', async () => {
    const store = await backend.open();
    try {
      await upsertSites(store.db, [{ id: 's1', base_url: 'http://127.0.0.1:9/', body: '某县人民政府', region_code: '330127', region_name: '淳安县', level: '县', lists: ['http://127.0.0.1:9/'], hints: { list_style: 'auto' as const, needs_browser: false } }]);
      const two = namedResult(await store.raw('select 1 as a, 2 as a, count(*) as n, count(distinct id) as n from sites'));
      expect(two.columns).toEqual(['a', 'a_2', 'n', 'n_2']);
      expect(two.rows).toEqual([{ a: 1, a_2: 2, n: 1, n_2: 1 }]);
      await expect(store.raw('delete from sites')).rejects.toThrow(/read-only transaction/);
      await expect(store.raw('select 1; commit; delete from sites')).rejects.toThrow(/multiple commands/);
      expect((await store.db.selectFrom('sites').select('id').execute()).length).toBe(1);
      const del = await store.raw('delete from sites', { write: true });
      expect(del).toMatchObject({ fields: [], affected: 1 });
      expect((await store.db.selectFrom('sites').select('id').execute()).length).toBe(0);
      // The connection is usable afterwards (the failed transactions were rolled back).
      expect((await store.raw('select 42 as x')).rows).toEqual([[42]]);
      if (backend.name === 'postgres') {
        await expect(store.raw('select pg_sleep(2)', { timeoutMs: 200 })).rejects.toThrow(/statement timeout/);
      }
    } finally {
      await store.close();
    }
  }, 180_000);
});

describe('nianbao sql', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-sql-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const env = { NIANBAO_DB: path.join(dir, 'db'), DATABASE_URL: '' };

  it('prints both columns of SELECT 1 AS a, 2 AS a; a DELETE fails without --write and works with it', async () => {
    const two = await runCli(['sql', 'SELECT 1 AS a, 2 AS a'], { env });
    expect(two.code).toBe(0);
    expect(two.stdout.split('\n')[0]!.trim().split(/\s+/)).toEqual(['a', 'a_2']);
    expect(two.stdout).toMatch(/\n1\s+2\n/);
    const del = await runCli(['sql', 'DELETE FROM flags'], { env });
    expect(del.code).toBe(1);
    expect(del.stderr).toMatch(/read-only transaction.*add --write/);
    const ok = await runCli(['sql', '--write', 'DELETE FROM flags'], { env });
    expect([ok.code, ok.stdout]).toEqual([0, '0 row(s) affected\n']);
  }, 240_000);
});
