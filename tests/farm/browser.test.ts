/**
 * The farm's script-only list really needs a browser: plain HTML has no report
 * links, Chromium renders them all. Missing Chromium fails (it is required).
 */
import fs from 'node:fs';
import { it, expect } from 'vitest';
import { chromium } from 'playwright-core';
import { startFarm } from '../../src/farm/index.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

it('renders the browser-only list into links to every report of the site', async () => {
  expect(fs.existsSync(CHROMIUM), `Chromium is required at ${CHROMIUM}`).toBe(true);
  const farm = await startFarm({ seed: 4, sites: 10 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const site = farm.sites.find((s) => s.needsBrowser)!;
    expect(site.style).toBe('browser');
    const plain = await (await fetch(site.listUrls[0]!)).text();
    expect(plain).not.toMatch(/年度报告/);
    const page = await browser.newPage();
    await page.goto(site.listUrls[0]!);
    await page.waitForSelector('#list a');
    const links = await page.$$eval('#list a', (as) => as.map((a) => ({ href: (a as HTMLAnchorElement).href, title: a.textContent ?? '' })));
    const reports = links.filter((l) => /\d{4}年政府信息公开工作年度报告$/.test(l.title)).map((l) => l.href).sort();
    expect(reports).toEqual(farm.expected(0).filter((e) => e.siteId === site.id).map((e) => e.url).sort());
  } finally {
    await browser.close();
    await farm.close();
  }
}, 60_000);
