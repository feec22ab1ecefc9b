/**
 * A reviewer's session in headless Debian Chromium against a real
 * `nianbao serve` on PostgreSQL (so `nianbao run --no-crawl` can run beside
 * it, as the nightly cron does): sign in, work through the queue with the
 * keyboard, dismiss, correct, confirm, re-run the pipeline, find it all kept.
 * Then what others may not do, by direct request: a viewer's forged POST, a
 * POST without the CSRF token, another province's report, a sixth password guess.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { BIN, runCli } from '../helpers/cli.js';
import { POSTGRES_URL } from '../helpers/stores.js';
import { addSites, publish, runNoCrawl, SITES, synthFor } from '../helpers/review-fixture.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { addAccount } from '../../src/auth/accounts.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts');
const PASSWORD = 'a long enough passphrase';
const GRANTED = 'applications.granted.total';
const LINTAN = 'http://lintan.example.test/xxgk/2023.html';
const ZHUONI = 'http://zhuoni.example.test/xxgk/2023.html';

describe('reviewing in the browser', () => {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const env = { DATABASE_URL: POSTGRES_URL, NIANBAO_SCHEMA: schema, NIANBAO_DB: '', NIANBAO_USER: '' };
  const lintan = synthFor(SITES.lintan, 2023, 7);
  const zhuoni = synthFor(SITES.zhuoni, 2023, 5);
  let store: Store;
  let server: { child: ChildProcess; url: string };
  let browser: Browser;
  const pageErrors: string[] = [];

  const live = async (url: string) => (await store.db.selectFrom('reports as r').innerJoin('documents as d', 'd.id', 'r.document_id')
    .select('r.id').where('d.url', '=', url).where('r.superseded_by', 'is', null).executeTakeFirstOrThrow()).id;
  const flagId = async (url: string, rule: string) => (await store.db.selectFrom('flag_states').select('id')
    .where('report_id', '=', await live(url)).where('rule', '=', rule).executeTakeFirstOrThrow()).id;

  async function signedIn(name: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 1200, height: 760 }, baseURL: server.url });
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto('/review');
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.fill('input[name=name]', name);
    await page.fill('input[name=password]', PASSWORD);
    await page.press('input[name=password]', 'Enter');
    await page.waitForURL(/\/review$/);
    return { context, page };
  }

  const selectedRule = (page: Page) => page.$eval('#queue tr.selected', (tr) => tr.getAttribute('data-rule'));
  const queueRules = (page: Page) => page.$$eval('#queue tr.item', (trs) => trs.map((tr) => tr.getAttribute('data-rule')));

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium is required for the browser tests and is missing at ${CHROMIUM} (apt-get install chromium)`);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    store = await openStore({ url: POSTGRES_URL, schema });
    await addSites(store.db);
    await publish(store.db, SITES.lintan, LINTAN, lintan, { [GRANTED]: (lintan.cells[GRANTED] as number) + 5 });
    await publish(store.db, SITES.zhuoni, ZHUONI, zhuoni, { 'review.total': (zhuoni.cells['review.total'] as number) + 2 });
    // Loaded by an older extractor: the CLI's run re-extracts every document, as after an upgrade.
    await runNoCrawl(store, 'align-0');
    const by = { actor: null, origin: 'test' };
    await addAccount(store.db, { name: 'ann', role: 'reviewer', regions: ['620000'], password: PASSWORD }, by);
    await addAccount(store.db, { name: 'bo', role: 'reviewer', regions: ['330000'], password: PASSWORD }, by);
    await addAccount(store.db, { name: 'vic', role: 'viewer', regions: [], password: PASSWORD }, by);

    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    child.stderr!.on('data', (d) => (err += d));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`nianbao serve did not start in 60 s: ${out}${err}`)), 60_000);
      child.stdout!.on('data', (d) => {
        out += d;
        const m = /serving (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
        if (m) { clearTimeout(timer); resolve(m[1]!); }
      });
      child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`nianbao serve exited with ${code}: ${err}`)); });
    });
    server = { child, url };
    browser = await chromium.launch({
      executablePath: CHROMIUM, headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    if (server?.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await once(server.child, 'exit');
    }
    await store?.close();
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`);
    await client.end();
  });

  it('works through the queue with the keyboard: dismiss, correct, confirm; a run keeps all of it', async () => {
    const { context, page } = await signedIn('ann');
    expect(await page.textContent('#keys')).toContain('j / k next / previous');
    expect(await queueRules(page)).toEqual(['identity.b.outcomes', 'identity.b.row_total', 'identity.c.group_total', 'narrative.granted', 'narrative.review']);
    expect(await selectedRule(page)).toBe('identity.b.outcomes');

    // j j: to 卓尼's table C total; d, a reason, Enter: dismissed.
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    expect(await selectedRule(page)).toBe('identity.c.group_total');
    await page.screenshot({ path: path.join(ARTIFACTS, 'review-queue-start.png'), clip: { x: 0, y: 0, width: 1200, height: 470 } });
    await page.keyboard.press('d');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('reason');
    await page.selectOption('#queue tr.selected select[name=reason]', 'explained_in_notes');
    await Promise.all([page.waitForURL(/\/review\?at=2$/), page.keyboard.press('Enter')]);
    expect(await queueRules(page)).toEqual(['identity.b.outcomes', 'identity.b.row_total', 'narrative.granted', 'narrative.review']);
    expect(await selectedRule(page)).toBe('narrative.granted');

    // k to 临潭's row total, e: the cell page, its source line beside the form.
    await page.keyboard.press('k');
    expect(await selectedRule(page)).toBe('identity.b.row_total');
    await Promise.all([page.waitForURL(/\/cell\/applications\.granted\.total\?next=/), page.keyboard.press('e')]);
    expect(await page.textContent('#cell-excerpt mark')).toBe(`<td>${(lintan.cells[GRANTED] as number) + 5}</td>`);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('value');
    await page.screenshot({ path: path.join(ARTIFACTS, 'review-correct.png') });
    await page.fill('#correct-form input[name=value]', String(lintan.cells[GRANTED]));
    await page.fill('#correct-form input[name=reason]', 'the total reads 24 on the page; extraction took the next cell');
    await Promise.all([page.waitForURL(/\/review\?at=1$/), page.press('#correct-form input[name=reason]', 'Enter')]);
    // The correction makes 临潭's report add up: its three flags closed.
    expect(await queueRules(page)).toEqual(['narrative.review']);
    await page.screenshot({ path: path.join(ARTIFACTS, 'review-queue.png') });
    await Promise.all([page.waitForURL(/\/review\?at=0$/), page.keyboard.press('c')]);
    expect(await page.textContent('#queue-count')).toBe('0 items to review in region 62, by severity, region and age.');

    const before = { lintan: await live(LINTAN), zhuoni: await live(ZHUONI) };
    const run = await runCli(['run', '--no-crawl', '--json', '--quiet'], { env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
    expect([summary.changedReports, summary.check.review]).toEqual([2, { raised: 0, reopened: 0, resolved: 0 }]);
    const after = { lintan: await live(LINTAN), zhuoni: await live(ZHUONI) };
    expect(after.lintan).not.toBe(before.lintan);
    expect(after.zhuoni).not.toBe(before.zhuoni);

    // Both kept: the dismissal on the re-extracted report, the correction on the same document version.
    await page.goto(`/report/${after.zhuoni}`);
    expect(await page.getAttribute('#flags [data-state]', 'data-state')).toBe('dismissed');
    expect(await page.textContent('#flags [data-state]')).toContain('(explained_in_notes) by ann');
    await page.goto(`/report/${after.lintan}`);
    expect(await page.getAttribute(`td[data-key="${GRANTED}"]`, 'class')).toBe('v reviewed');
    expect(await page.textContent(`td[data-key="${GRANTED}"]`)).toBe(String(lintan.cells[GRANTED]));
    expect(await page.textContent('#flags h2')).toBe('标记 Flags (0)');
    expect(await page.textContent('#corrections')).toContain(`extracted ${(lintan.cells[GRANTED] as number) + 5}`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'review-report-kept.png'), fullPage: true });
    await page.goto('/review');
    expect(await page.$$('#queue tr.item')).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('shows a viewer no forms and answers their forged POST with 403', async () => {
    const { context, page } = await signedIn('vic');
    await page.goto(`/report/${await live(ZHUONI)}`);
    expect(await page.$$('form.review')).toEqual([]);
    await page.goto('/review?region=62');
    expect(await page.$$('form.review')).toEqual([]);
    const csrf = await page.getAttribute('header form input[name=_csrf]', 'value');
    const flag = await flagId(ZHUONI, 'identity.c.group_total');
    const res = await page.request.post(`/flag/${flag}/confirm`, { form: { _csrf: csrf!, next: '/review' }, maxRedirects: 0 });
    expect(res.status()).toBe(403);
    expect(await res.text()).toContain('vic is a viewer and may not review');
    expect((await store.db.selectFrom('flag_states').select('state').where('id', '=', flag).executeTakeFirstOrThrow()).state).toBe('dismissed');
    await context.close();
  });

  it('refuses a reviewer\'s POST without the CSRF token', async () => {
    const { context, page } = await signedIn('ann');
    const flag = await flagId(ZHUONI, 'identity.c.group_total');
    const res = await page.request.post(`/flag/${flag}/confirm`, { form: { next: '/review' }, maxRedirects: 0 });
    expect(res.status()).toBe(403);
    expect(await res.text()).toContain('Missing or wrong form token');
    expect((await store.db.selectFrom('flag_states').select('state').where('id', '=', flag).executeTakeFirstOrThrow()).state).toBe('dismissed');
    await context.close();
  });

  it('keeps a reviewer of 浙江 off 甘肃\'s reports, whatever they post', async () => {
    const { context, page } = await signedIn('bo');
    const report = await live(ZHUONI);
    await page.goto(`/report/${report}/cell/review.total`);
    expect(await page.$$('#correct-form')).toEqual([]);
    const csrf = (await page.getAttribute('header form input[name=_csrf]', 'value'))!;
    const correct = await page.request.post(`/report/${report}/cell/review.total/correct`,
      { form: { _csrf: csrf, value: '0', reason: 'x', source: 'line 1' }, maxRedirects: 0 });
    expect(correct.status()).toBe(403);
    expect(await correct.text()).toContain('bo reviews region 33 only; this report is in 623022');
    const reopen = await page.request.post(`/flag/${await flagId(ZHUONI, 'identity.c.group_total')}/reopen`, { form: { _csrf: csrf }, maxRedirects: 0 });
    expect(reopen.status()).toBe(403);
    expect(await store.db.selectFrom('cell_corrections').select('key').where('key', '=', 'review.total').execute()).toEqual([]);
    await context.close();
  });

  // Last: five failures from this address block it for a minute.
  it('refuses the sixth sign-in in a minute after five wrong passwords, even with the right one', async () => {
    const context = await browser.newContext({ baseURL: server.url });
    const page = await context.newPage();
    const attempt = async (password: string) => {
      await page.goto('/login');
      await page.fill('input[name=name]', 'ann');
      await page.fill('input[name=password]', password);
      const [res] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.press('input[name=password]', 'Enter')]);
      await page.waitForLoadState();
      return res.status();
    };
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push(await attempt(`wrong guess ${i}`));
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    expect(await attempt(PASSWORD)).toBe(429);
    expect(await page.textContent('#login-error')).toMatch(/^Too many failed sign-ins: try again in \d+ s\.$/);
    // Refused, not checked: a checked right password would have signed in (and been audited login.ok).
    const audit = await store.db.selectFrom('audit_log').select('action').where('target', '=', 'user ann').where('action', 'like', 'login.%')
      .orderBy('id', 'desc').limit(6).execute();
    expect(audit.map((a) => a.action).reverse()).toEqual(['login.failed', 'login.failed', 'login.failed', 'login.failed', 'login.failed', 'login.refused']);
    await context.close();
  });
});
