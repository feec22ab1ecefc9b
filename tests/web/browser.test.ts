/**
 * The web view in a real browser: headless Debian Chromium (playwright-core)
 * against a real `nianbao serve` process on a loaded database. Screenshots go
 * to test-artifacts/. A missing Chromium fails the suite.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { sql } from 'kysely';
import { startServe, type Served } from '../helpers/serve.js';
import { openStore } from '../../src/store/open-store.js';
import { BODIES, loadResearchFixture, reportKey, type LoadedFixture } from '../helpers/research-fixture.js';
import { HOSTILE_FLAG, HOSTILE_NAME, loadHostileReport, type HostileIds } from '../helpers/hostile-report.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts');

interface Snapshot { counts: Record<string, number>; cells: Map<number, Map<string, { value: number | null; raw: string }>> }

async function snapshot(dbDir: string): Promise<Snapshot> {
  const store = await openStore({ dbPath: dbDir });
  try {
    const counts = (await sql<any>`select (select count(*) from reports)::int as reports, (select count(*) from bodies)::int as bodies,
      (select count(*) from report_cells)::int as cells, (select count(*) from flags)::int as flags,
      (select count(*) from documents)::int as documents`.execute(store.db)).rows[0];
    const cells = new Map<number, Map<string, { value: number | null; raw: string }>>();
    for (const c of await store.db.selectFrom('report_cells').select(['report_id', 'key', 'value', 'raw']).execute()) {
      if (!cells.has(c.report_id)) cells.set(c.report_id, new Map());
      cells.get(c.report_id)!.set(c.key, { value: c.value, raw: c.raw });
    }
    return { counts, cells };
  } finally {
    await store.close();
  }
}

describe('nianbao serve in headless Chromium', () => {
  let dir: string;
  let fx: LoadedFixture;
  let hostile: HostileIds;
  let before: Snapshot;
  let server: Served;
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];
  const pageErrors: string[] = [];
  const dbDir = () => path.join(dir, 'db');

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium is required for the browser tests and is missing at ${CHROMIUM} (apt-get install chromium)`);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-serve-'));
    const store = await openStore({ dbPath: dbDir() });
    fx = await loadResearchFixture(store.db);
    hostile = await loadHostileReport(store.db);
    await store.close();
    before = await snapshot(dbDir());
    server = await startServe(dbDir());
    browser = await chromium.launch({
      executablePath: CHROMIUM, headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });

  afterAll(async () => {
    await browser?.close();
    if (server?.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await once(server.child, 'exit');
    }
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const go = (p: string) => page.goto(new URL(p, server.url).toString());

  it('shows a report\'s tables with the values stored in the database', async () => {
    const id = fx.reports.get(reportKey('xihu', 2023))!;
    await go(`/report/${id}`);
    const shown = await page.$$eval('td[data-key]', (tds) => tds.map((td) => [td.getAttribute('data-key')!, td.textContent ?? '']));
    const stored = before.cells.get(id)!;
    expect(shown).toHaveLength(200);
    expect(shown.length).toBe(stored.size);
    for (const [key, text] of shown as [string, string][]) {
      const c = stored.get(key)!;
      expect(text, key).toBe(c.value === null ? c.raw : String(c.value));
    }
    expect(await page.textContent('[data-metric="grant_rate"]')).toBe('60.0%');
    await page.screenshot({ path: path.join(ARTIFACTS, 'report-xihu-2023.png'), fullPage: true });

    // A cell leads to its raw text and the stored document version it was read from.
    await page.click('td[data-key="applications.granted.total"] a');
    expect(await page.textContent('#cell-raw')).toBe('60');
    await page.click('#cell-source');
    // The stored document opens at the value, its line marked.
    expect(page.url()).toMatch(/\/document\/\d+\?report=\d+&key=applications\.granted\.total#highlight$/);
    expect(await page.textContent('#hl-raw')).toBe('60');
    expect(await page.textContent('#highlight .hl-line')).toContain('60');
    expect(await page.content()).toContain(`${BODIES.xihu.name}2023年政府信息公开工作年度报告`);
  });

  it('follows a flag from the flags page to the flagged cell', async () => {
    await go('/flags?rule=identity.b.outcomes&region=620000');
    expect(await page.textContent('#flag-count')).toBe('1 flag.');
    await page.screenshot({ path: path.join(ARTIFACTS, 'flags-identity-b.png'), fullPage: true });
    await page.click('#flag-list a.follow');
    const hezuo = fx.reports.get(reportKey('hezuo', 2023))!;
    expect(new URL(page.url()).pathname).toBe(`/report/${hezuo}`);
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe('#cell-applications.total.total');
    const target = await page.$eval(':target', (el) => ({ key: el.getAttribute('data-key'), cls: el.className, text: el.textContent }));
    expect(target).toEqual({ key: 'applications.total.total', cls: 'v flagged', text: '0' });
    expect(await page.$$eval('td.flagged', (tds) => tds.map((t) => t.getAttribute('data-key')).sort()))
      .toEqual(['active.regulations.repealed', 'applications.granted.total', 'applications.total.total']);
    await page.screenshot({ path: path.join(ARTIFACTS, 'report-hezuo-2023-flagged.png'), fullPage: true });
  });

  it('renders the comparison chart with ECharts served locally', async () => {
    await go(`/compare?region=330000&year=2023&metric=grant_rate&level=${encodeURIComponent('县')}`);
    await page.waitForSelector('#chart-dist[data-rendered="true"] canvas', { timeout: 15_000 });
    const box = await page.$eval('#chart-dist canvas', (c) => ({ w: (c as HTMLCanvasElement).width, h: (c as HTMLCanvasElement).height }));
    expect(box.w).toBeGreaterThan(300);
    expect(box.h).toBeGreaterThan(300);
    // The canvas was drawn on: not every pixel is the same.
    const distinct = await page.$eval('#chart-dist canvas', (c) => {
      const cv = c as HTMLCanvasElement;
      const data = cv.getContext('2d')!.getImageData(0, 0, cv.width, cv.height).data;
      const seen = new Set<number>();
      for (let i = 0; i < data.length; i += 4 * 97) seen.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
      return seen.size;
    });
    expect(distinct).toBeGreaterThan(3);
    const ranking = await page.$$eval('#ranking tr.ranked td:nth-child(2)', (tds) => tds.map((t) => t.textContent));
    expect(ranking).toEqual([BODIES.yuhang.name, HOSTILE_NAME, BODIES.xihu.name, BODIES.haishu.name, BODIES.chunan.name]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'compare-zhejiang-2023.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('shows a hostile body name and flag as text and runs none of it', async () => {
    await go(`/search?q=${encodeURIComponent('桐庐')}`);
    expect(await page.textContent('#results a')).toBe(HOSTILE_NAME);
    await page.click('#results a');
    await page.click(`a[href="/report/${hostile.reportId}"]`);
    expect(await page.textContent('h1')).toBe(`${HOSTILE_NAME}2023年政府信息公开工作年度报告`);
    expect(await page.textContent('li.flag')).toContain(HOSTILE_FLAG);
    await page.hover('td[data-key="applications.partially_granted.total"]');
    await page.screenshot({ path: path.join(ARTIFACTS, 'report-hostile.png'), fullPage: true });
    await go(`/compare?region=330122&year=2023&min=0`);
    await page.waitForSelector('#chart-dist[data-rendered="true"] canvas');
    // The stored page itself carries a script: served raw, it is sandboxed.
    await go(`/document/${hostile.documentId}/raw`);
    await page.waitForLoadState('load');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
  });

  it('answers SQL-injection searches as text, with no result and no change', async () => {
    for (const q of [`' OR 1=1 --`, `'; DROP TABLE reports; --`]) {
      await go('/search');
      await page.fill('input[name=q]', q);
      await page.press('input[name=q]', 'Enter');
      await page.waitForSelector('#result-count');
      expect(await page.textContent('#result-count')).toBe('0 bodies found.');
      expect(await page.textContent('h1')).toBe(`检索: ${q}`);
      expect(await page.inputValue('input[name=q]')).toBe(q);
    }
    await page.screenshot({ path: path.join(ARTIFACTS, 'search-injection.png'), fullPage: true });
    await go(`/report/${fx.reports.get(reportKey('xihu', 2023))}`);
    expect(await page.$$eval('td[data-key]', (tds) => tds.length)).toBe(200);
    expect(dialogs).toEqual([]);
    // Stop the server (PGlite is single-process) and count again.
    server.child.kill('SIGTERM');
    await once(server.child, 'exit');
    expect(server.child.exitCode).toBe(0);
    expect((await snapshot(dbDir())).counts).toEqual(before.counts);
  });
});
