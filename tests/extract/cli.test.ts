import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('nianbao extract', () => {
  it('prints one JSON line per file; a failing file is one error line and exit 1', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-extract-'));
    try {
      const good = path.join(dir, 'r.txt');
      fs.writeFileSync(good, ['某镇人民政府2022年政府信息公开工作年度报告', '| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |',
        '| 规章 | 2 | 0 | 2 |', '| 行政规范性文件 | / | 0 | 5 |', '| 行政许可 | 7 |', '| 行政处罚 | 9 |'].join('\n'));
      const r = await runCli(['extract', good, path.join(dir, 'missing.html'), '--jsonl']);
      expect(r.code).toBe(1);
      const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
      expect(lines[0]).toMatchObject({ file: good, ok: true, template: '2021', year: 2022, organization: '某镇人民政府' });
      expect(lines[0].cells).toEqual({
        'active.regulations.issued': 2, 'active.regulations.repealed': 0, 'active.regulations.in_force': 2,
        'active.normative_documents.issued': null, 'active.normative_documents.repealed': 0, 'active.normative_documents.in_force': 5,
        'active.licensing.decisions': 7, 'active.penalty.decisions': 9,
      });
      expect(lines[1]).toMatchObject({ ok: false });
      expect(lines[1].error).toContain('missing.html');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    } finally { fs.rmSync(dir, { recursive: true, force: true }); }
  }, 60_000);

  it('rejects a call without files as a usage error', async () => {
    const r = await runCli(['extract']);
    expect(r.code).toBe(2);
  }, 60_000);
});
