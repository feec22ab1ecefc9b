/** `nianbao farm --profile portals`: serves portals and writes the registry (no lists), the columns and a CSV for `sites import`. */
import { it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN } from '../helpers/cli.js';
import { parseSites } from '../../src/crawl/sites.js';
import { importSites } from '../../src/crawl/site-import.js';

it('nianbao farm --profile portals writes sites.yaml without lists, the columns and a CSV with broken rows', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-portals-'));
  const f = (n: string) => path.join(dir, n);
  const child = spawn(process.execPath, [BIN, 'farm', '--profile', 'portals', '--sites', '4', '--seed', '2', '--port', '0', '--bodies', '5-8', '--years', '1',
    '--write-sites', f('sites.yaml'), '--write-columns', f('columns.json'), '--write-csv', f('portals.csv'), '--broken', '6'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '', stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const closed = new Promise<number>((r) => child.on('close', (c) => r(c ?? -1)));
  try {
    for (let i = 0; i < 300 && !stdout.includes('Ctrl-C'); i++) await new Promise((r) => setTimeout(r, 50));
    expect(stdout, stderr).toMatch(/farm of 4 sites \(seed 2, day 0, portals\)/);
    const sites = parseSites(fs.readFileSync(f('sites.yaml'), 'utf8'), 'sites.yaml');
    expect(sites.map((s) => s.lists)).toEqual([[], [], [], []]);
    const columns = JSON.parse(fs.readFileSync(f('columns.json'), 'utf8')) as Array<{ siteId: string; listUrl: string; trail: string[] }>;
    expect(new Set(columns.map((c) => c.siteId))).toEqual(new Set(sites.map((s) => s.id)));
    expect((await fetch(columns[0]!.listUrl)).status).toBe(200);
    const csv = importSites(fs.readFileSync(f('portals.csv'), 'utf8'), 'portals.csv');
    expect(csv.problems).toEqual([]);
    expect(csv.sites).toHaveLength(10);
    child.kill('SIGINT');
    expect(await closed).toBe(0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

it('nianbao farm rejects a bad --bodies range as a usage error', async () => {
  const child = spawn(process.execPath, [BIN, 'farm', '--profile', 'portals', '--bodies', '60-30'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  expect(await new Promise<number>((r) => child.on('close', (c) => r(c ?? -1)))).toBe(2);
  expect(stderr).toBe('nianbao: --bodies expects N or MIN-MAX within 1–500, got "60-30"\n');
});
