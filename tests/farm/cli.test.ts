import { it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN } from '../helpers/cli.js';
import { parseSites } from '../../src/crawl/sites.js';

it('nianbao farm serves until Ctrl-C and writes sites.yaml and the ground truth', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-farm-'));
  const yamlFile = path.join(dir, 'sites.yaml'), truth = path.join(dir, 'expected.json');
  const child = spawn(process.execPath, [BIN, 'farm', '--sites', '3', '--seed', '5', '--port', '0', '--profile', 'clean',
    '--write-sites', yamlFile, '--write-expected', truth], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '', stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const closed = new Promise<number>((r) => child.on('close', (c) => r(c ?? -1)));
  try {
    for (let i = 0; i < 200 && !stdout.includes('Ctrl-C'); i++) await new Promise((r) => setTimeout(r, 50));
    expect(stdout, stderr).toMatch(/farm of 3 sites \(seed 5, day 0, clean\)/);
    const sites = parseSites(fs.readFileSync(yamlFile, 'utf8'), yamlFile);
    expect(sites).toHaveLength(3);
    const expected = JSON.parse(fs.readFileSync(truth, 'utf8')) as { url: string; title: string }[];
    const res = await fetch(expected[0]!.url);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(expected[0]!.title);
    child.kill('SIGINT');
    expect(await closed).toBe(0);
    expect(stdout).toMatch(/farm stopped after 1 requests/);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

it('nianbao farm rejects a bad profile', async () => {
  const child = spawn(process.execPath, [BIN, 'farm', '--profile', 'chaos'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise<number>((r) => child.on('close', (c) => r(c ?? -1)));
  expect(code).not.toBe(0);
  expect(stderr).toMatch(/--profile expects realistic, clean or portals, got "chaos"/);
});

it('nianbao farm treats a bad number as a usage error (exit 2) naming the option', async () => {
  const child = spawn(process.execPath, [BIN, 'farm', '--day', '11'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise<number>((r) => child.on('close', (c) => r(c ?? -1)));
  expect(code).toBe(2);
  expect(stderr).toBe('nianbao: --day expects an integer 0–10, got "11"\n');
});
