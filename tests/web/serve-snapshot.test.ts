/**
 * `nianbao serve` on the embedded database leaves it free: another command can
 * write while the view is up, and the view shows the change once it has taken
 * a new copy.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { upsertBody } from '../../src/store/bodies.js';
import { runCli } from '../helpers/cli.js';
import { startServe, type Served } from '../helpers/serve.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-serve-copy-'));
const db = path.join(dir, 'db');
let served: Served | undefined;
afterAll(async () => {
  await served?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('other commands run while serve is up, and serve picks up their changes', async () => {
  const store = await openStore({ dbPath: db });
  await upsertBody(store.db, { name: '淳安县人民政府', regionCode: '330127', regionName: '淳安县', level: '县', kind: 'government' });
  await store.close();
  served = await startServe(db);
  const search = async (q: string) => (await fetch(`${served!.url}search?q=${encodeURIComponent(q)}`)).text();
  expect(await search('淳安')).toContain('淳安县人民政府');

  const write = await runCli(['sql', '--write', "insert into bodies (name, region_code, level, kind) values ('慈溪市人民政府', '330282', '县', 'government')"],
    { env: { NIANBAO_DB: db, DATABASE_URL: '' } });
  expect([write.code, write.stderr]).toEqual([0, '']);
  const read = await runCli(['sql', '--csv', 'select count(*) as n from bodies'], { env: { NIANBAO_DB: db, DATABASE_URL: '' } });
  expect(read.stdout).toBe('n\n2\n');

  const until = Date.now() + 90_000;
  let page = '';
  while (Date.now() < until && !(page = await search('慈溪')).includes('慈溪市人民政府')) await new Promise((r) => setTimeout(r, 1000));
  expect(page).toContain('慈溪市人民政府');
  expect(served.stderr()).toContain('the database changed');
}, 300_000);
