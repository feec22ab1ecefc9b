import { expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';

const SEED = '/work/shared/corpus/seed-hezuo-2023.txt';
const DEV = '/work/shared/corpus/dev';

test('nianbao check --json: one line per file, seed flags, cross-year between the given files', async () => {
  const r = await runCli(['check', '--json', SEED, `${DEV}/pingtan-2022.html`, `${DEV}/pingtan-2023.html`]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(1);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; ok: boolean; flags: { rule: string; cells: Record<string, number> }[] });
  expect(lines.map((l) => [l.file, l.ok])).toEqual([[SEED, false], [`${DEV}/pingtan-2022.html`, true], [`${DEV}/pingtan-2023.html`, false]]);
  // extraction.inferred: the seed page prints blank cells (no-break spaces) among table C's values,
  // tokens too many that the identities settle (in plain text a blank between values is a cell as
  // much as a value is, so the layout alone no longer drops one).
  expect(lines[0]!.flags.map((f) => f.rule).sort()).toEqual(['extraction.inferred', 'identity.b.balance', 'identity.b.balance', 'identity.b.outcomes',
    'identity.b.outcomes', 'narrative.repealed', 'region.level_word']);
  expect(lines[2]!.flags.map((f) => f.rule)).toEqual(['crossyear.in_force']);
  expect(lines[2]!.flags[0]!.cells['active.normative_documents.in_force']).toBe(470);
}, 60_000);

test('nianbao check: plain text, and a missing file is named', async () => {
  const ok = await runCli(['check', `${DEV}/pingtan-2022.html`]);
  expect([ok.code, ok.stdout.trim()]).toEqual([0, `${DEV}/pingtan-2022.html: ok`]);
  const missing = await runCli(['check', '/nonexistent/report.html']);
  expect(missing.code).toBe(1);
  expect(missing.stderr).toContain('/nonexistent/report.html');
}, 60_000);

test('nianbao check answers per file: a missing path and a directory among good files drop nothing', async () => {
  const files = [`${DEV}/pingtan-2022.html`, '/nonexistent/report.html', DEV, `${DEV}/pingtan-2023.html`];
  const r = await runCli(['check', '--json', ...files]);
  expect(r.code).toBe(1);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; ok: boolean; error?: string; flags: { rule: string }[] });
  expect(lines.map((l) => [l.file, l.ok])).toEqual(files.map((f, i) => [f, i === 0]));
  expect(lines[1]!.error).toBe('/nonexistent/report.html: cannot read (ENOENT)');
  expect(lines[2]!.error).toBe(`${DEV}: is a directory, not a file`);
  // The good files are still checked together: the cross-year rule compares them.
  expect(lines[3]!.flags.map((f) => f.rule)).toEqual(['crossyear.in_force']);
  expect(r.stderr.trim().split('\n')).toEqual(['nianbao: /nonexistent/report.html: cannot read (ENOENT)', `nianbao: ${DEV}: is a directory, not a file`]);
}, 60_000);
