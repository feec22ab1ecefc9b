/** `nianbao sites list|add|check` and `nianbao crawl` output, through the real binary. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { BIN, runCli } from '../helpers/cli.js';
import { startMiniSite, page, type MiniSite } from './mini-site.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-sites-'));
let site: MiniSite;
let file = '';

beforeAll(async () => {
  site = await startMiniSite({
    '/robots.txt': { body: 'User-agent: *\nCrawl-delay: 0.05\nDisallow: /secret/\n', headers: { 'content-type': 'text/plain' } },
    '/nb/': { body: page('年报', '<a href="/nb/t1.html">甲县2023年政府信息公开工作年度报告</a><a href="/nb/t2.html">甲县2022年政府信息公开工作年度报告</a>') },
    '/nb/t1.html': { body: page('甲县2023年政府信息公开工作年度报告', '<p>正文</p>') },
    '/nb/t2.html': { body: page('甲县2022年政府信息公开工作年度报告', '<p>正文</p>') },
  });
  file = path.join(tmp, 'sites.yaml');
  fs.writeFileSync(file, `# registry\nsites:\n  - id: jia\n    base_url: ${site.base}/\n    body: 甲县人民政府\n    level: 县\n    lists: [${site.base}/nb/]\n`);
});
afterAll(async () => {
  await site.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('nianbao sites', () => {
  it('adds a validated site, keeps comments, and lists both', async () => {
    const db = path.join(tmp, 'db1');
    const bad = await runCli(['--db', db, 'sites', 'add', '--sites', file, '--id', 'yi', '--base-url', 'nope', '--body', '乙县', '--list', `${site.base}/nb/`]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/site "yi": base_url/);
    const ok = await runCli(['--db', db, 'sites', 'add', '--sites', file, '--id', 'yi', '--base-url', `${site.base}/`, '--body', '乙县人民政府', '--list', `${site.base}/nb/`, '--level', '县']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^# registry/);
    const list = await runCli(['--db', db, 'sites', 'list', '--sites', file]);
    expect(list.stdout).toMatch(/jia\s+甲县人民政府/);
    expect(list.stdout).toMatch(/yi\s+乙县人民政府/);
  }, 60_000);

  it('reports a broken registry with its file and line', async () => {
    const broken = path.join(tmp, 'broken.yaml');
    fs.writeFileSync(broken, 'sites:\n  - id: x\n    base_url: http://x.cn/\n    body: 某县\n    lists: [ftp://x.cn/]\n');
    const r = await runCli(['--db', path.join(tmp, 'db2'), 'sites', 'list', '--sites', broken]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`${broken.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:5: site "x": lists\\.0`));
  }, 60_000);

  it('checks robots.txt and the first list page, and sums failures up by cause', async () => {
    const r = await runCli(['sites', 'check', '--sites', file, '--site', 'jia', '--interval', '0']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/ok\s+1\n/);
    expect(r.stdout).toMatch(/checked 1 sites in [\d.]+ s: 1 ok, 0 failed/);
    const missing = path.join(tmp, 'missing.yaml');
    fs.writeFileSync(missing, `sites:\n  - id: gone\n    base_url: ${site.base}/\n    body: 丙县人民政府\n    level: 县\n    lists: [${site.base}/nowhere/]\n`);
    const j = await runCli(['sites', 'check', '--sites', missing, '--json', '--interval', '0']);
    expect(j.code).toBe(1);
    const [one, summary] = j.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(one).toMatchObject({ site: 'gone', url: `${site.base}/nowhere/`, cause: 'http-404', status: 404 });
    expect(summary).toMatchObject({ summary: { 'http-404': 1 }, sites: 1 });
  }, 60_000);
});

describe('nianbao crawl', () => {
  it('prints progress lines, JSON request lines and a closing summary', async () => {
    const r = await runCli(['--db', path.join(tmp, 'db3'), 'crawl', '--sites', file, '--site', 'jia', '--interval', '10', '--log-json', '--no-browser']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => l.outcome === 'ok').map((l) => l.url).sort()).toEqual([`${site.base}/nb/`, `${site.base}/nb/t1.html`, `${site.base}/nb/t2.html`]);
    expect(lines.at(-1)).toMatchObject({ summary: { sites: 1, newDocuments: 3, reports: 2, failed: 0, finished: true } });
    expect(r.stderr).toMatch(/crawl \d+s: queued \d+ fetched \d+ 304 \d+ errors \d+/);
    expect(r.stderr).toMatch(/jia\s+3\s+0\s+0\s+0/);
    const again = await runCli(['--db', path.join(tmp, 'db3'), 'crawl', '--sites', file, '--site', 'jia', '--interval', '10', '--no-browser']);
    expect(again.stdout).toMatch(/fetched 0, new documents 0, new versions 0, unchanged 0, 304 3/);
  }, 60_000);

  it('stops cleanly on SIGINT and the next crawl resumes the run', async () => {
    const db = path.join(tmp, 'db5');
    const args = [BIN, '--db', db, 'crawl', '--sites', file, '--site', 'jia', '--interval', '700', '--no-browser'];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const before = site.requests.length;
    await new Promise<void>((resolve) => { const t = setInterval(() => { if (site.requests.length >= before + 2) { clearInterval(t); resolve(); } }, 10); });
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(code).toBe(0);
    expect(out).toMatch(/stopped early/);
    const again = await runCli(['--db', db, 'crawl', '--sites', file, '--site', 'jia', '--interval', '10', '--no-browser']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/\(resumed\)/);
    expect(again.stdout).toMatch(/finished/);
  }, 60_000);

  it('rejects an unknown site id as a usage error', async () => {
    const r = await runCli(['--db', path.join(tmp, 'db4'), 'crawl', '--sites', file, '--site', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown site id\(s\): nope/);
  }, 60_000);
});
