/**
 * `nianbao users` and `nianbao review` as scripts use them: the real binary on
 * a database the pipeline filled from report pages with planted misprints.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { parseCsvObjects } from '../helpers/csv.js';
import { openStore } from '../../src/store/open-store.js';
import { addSites, publish, runNoCrawl, SITES, synthFor } from '../helpers/review-fixture.js';

const GRANTED_NP = 'applications.granted.natural_person';
/** Each test starts several CLI processes (each opens the embedded database and runs migrations). */
const SLOW = 240_000;

describe('nianbao users and review', () => {
  let dir: string;
  const env = (extra: Record<string, string> = {}) => ({ NIANBAO_DB: path.join(dir, 'db'), DATABASE_URL: '', NIANBAO_USER: '', ...extra });
  const lintan = synthFor(SITES.lintan, 2023, 7);
  const chunan = synthFor(SITES.chunan, 2023, 11);

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-review-'));
    const store = await openStore({ dbPath: path.join(dir, 'db') });
    await addSites(store.db);
    for (const [site, r] of [[SITES.lintan, lintan], [SITES.chunan, chunan]] as const) {
      await publish(store.db, site, `http://${site.id}.example.test/2023.html`, r, { [GRANTED_NP]: (r.cells[GRANTED_NP] as number) + 5 });
    }
    await runNoCrawl(store);
    await store.close();
  }, 240_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('adds accounts with a password from stdin, refuses bad ones with one line, and lists them', async () => {
    const add = await runCli(['users', 'add', 'ann', '--role', 'reviewer', '--region', '甘肃省', '--password-stdin'], { env: env(), input: 'a long passphrase\n' });
    expect([add.code, add.stdout, add.stderr]).toEqual([0, 'added reviewer ann (region 62)\n', '']);
    const short = await runCli(['users', 'add', 'bo', '--role', 'reviewer', '--password-stdin'], { env: env(), input: 'short\n' });
    expect([short.code, short.stderr]).toEqual([2, 'nianbao: the password must have at least 10 characters\n']);
    const list = await runCli(['users', 'list', '--json'], { env: env() });
    expect(list.stdout.trim().split('\n').map((l) => JSON.parse(l)).map((u) => [u.name, u.role, u.regions, u.disabled])).toEqual([['ann', 'reviewer', '62', false]]);
  }, SLOW);

  it('lists the queue errors first and by region, and a scoped reviewer sees their province only', async () => {
    const all = parseCsvObjects((await runCli(['review', 'list', '--csv'], { env: env() })).stdout);
    expect(all.map((r) => [r.item, r.region, r.rule])).toEqual([
      ['F1', '330127', 'identity.b.outcomes'], ['F2', '330127', 'identity.b.row_total'],
      ['F3', '623021', 'identity.b.outcomes'], ['F4', '623021', 'identity.b.row_total'],
    ]);
    const mine = parseCsvObjects((await runCli(['review', 'list', '--csv'], { env: env({ NIANBAO_USER: 'ann' }) })).stdout);
    expect(mine.map((r) => r.item)).toEqual(['F3', 'F4']);
  }, SLOW);

  it('confirms and dismisses as the named reviewer, and refuses another province, a missing reason or nobody', async () => {
    const confirm = await runCli(['review', 'confirm', 'F3', '--as', 'ann', '--note', 'the page adds up wrong'], { env: env() });
    expect([confirm.code, confirm.stdout]).toEqual([0, 'F3 confirmed\n']);
    const other = await runCli(['review', 'confirm', 'F1', '--as', 'ann'], { env: env() });
    expect([other.code, other.stderr]).toEqual([2, 'nianbao: ann reviews region 62 only; this report is in 330127\n']);
    const noReason = await runCli(['review', 'dismiss', 'F4', '--as', 'ann'], { env: env() });
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toMatch(/^nianbao: --reason must be one of extraction_error, /);
    const nobody = await runCli(['review', 'dismiss', 'F4', '--reason', 'rule_too_strict'], { env: env() });
    expect([nobody.code, nobody.stderr]).toEqual([2, 'nianbao: who is reviewing? pass --as NAME or set NIANBAO_USER (accounts: nianbao users list)\n']);
    const dismiss = await runCli(['review', 'dismiss', 'F4', '--reason', 'rule_too_strict', '--json'], { env: env({ NIANBAO_USER: 'ann' }) });
    expect(dismiss.code).toBe(0);
    expect(JSON.parse(dismiss.stdout).flag).toMatchObject({ id: 4, state: 'dismissed', reason: 'rule_too_strict', decided_by: 'ann' });
  }, SLOW);

  it('corrects a cell, which resolves the flags it explains, and shows the history', async () => {
    const shown = JSON.parse((await runCli(['review', 'show', 'F3', '--json'], { env: env() })).stdout);
    const reportId = shown.report.report_id as number;
    const correct = await runCli(['review', 'correct', String(reportId), GRANTED_NP, String(lintan.cells[GRANTED_NP]), '--as', 'ann',
      '--reason', 'the 5 is a misread 0', '--source', 'table 三, row （一）予以公开, column 自然人'], { env: env() });
    expect(correct.stderr).toBe('');
    expect(correct.stdout).toBe(`C1: ${GRANTED_NP} = ${lintan.cells[GRANTED_NP]} (extracted ${(lintan.cells[GRANTED_NP] as number) + 5}); 2 flag(s) resolved, 0 raised, 0 reopened\n`);
    const history = (await runCli(['review', 'history', 'F3', '--json'], { env: env() })).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(history.map((h) => [h.actor, h.from, h.to, h.note])).toEqual([
      ['(run)', null, 'open', 'raised'], ['ann', 'open', 'confirmed', 'the page adds up wrong'], ['ann', 'confirmed', 'resolved', 'after correction 1'],
    ]);
    const bad = await runCli(['review', 'correct', String(reportId), 'applications.granted.nonsense', '3', '--as', 'ann', '--reason', 'x', '--source', 'y'], { env: env() });
    expect([bad.code, bad.stderr]).toEqual([2, 'nianbao: "applications.granted.nonsense" is not a cell of the national template\n']);
    const audit = parseCsvObjects((await runCli(['sql', '--csv', 'select actor, action, target from audit_log order by id'], { env: env() })).stdout);
    // Every write, and nothing refused.
    expect(audit.map((a) => `${a.actor}:${a.action}:${a.target}`)).toEqual([
      ':user.add:user ann', 'ann:flag.confirm:flag 3', 'ann:flag.dismiss:flag 4', 'ann:cell.correct:correction 1',
    ]);
  }, SLOW);
});
