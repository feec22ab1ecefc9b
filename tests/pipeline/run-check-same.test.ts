/**
 * One report, two ways in: `nianbao run` (stored, found on a site whose body is
 * another government) and `nianbao check FILE` (no site at all). The body
 * classifier is the same, so the flags are the same — deadline.late included,
 * which depends on whether the body is a government or a department.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { BACKENDS } from '../helpers/stores.js';
import { generateReport, renderReport, reviseReport, type SynthReport } from '../../src/synth/index.js';
import { saveDocument } from '../../src/store/documents.js';
import { upsertSites } from '../../src/crawl/sites.js';
import { runPipeline } from '../../src/pipeline/run.js';
import { extract, EXTRACTOR_VERSION } from '../../src/extract/index.js';
import { checkReports } from '../../src/check/index.js';
import { checkFiles } from '../../src/cli/commands/check.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-run-check-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Bodies named by a bare region word, a county-level city, a department, a township; published in February (late only for departments). */
const CASES: readonly { organization: string; narrative?: string }[] = [
  { organization: '某县' },
  { organization: '慈溪市人民政府', narrative: '本年度，我县政府信息公开工作稳步推进。' },
  { organization: '某县审计局' },
  { organization: '观海卫镇人民政府' },
];

const flagsOf = (fs: readonly { rule: string; severity: string; message: string }[]) =>
  fs.map((f) => `${f.rule} ${f.severity} ${f.message}`).sort();

function report(i: number, c: (typeof CASES)[number]): SynthReport {
  const r = generateReport(100 + i, { template: '2021', year: 2023, organization: c.organization, level: '县' });
  const revised = c.narrative ? reviseReport(r, { narrative: `${c.narrative}\n${r.narrative}` }) : r;
  return { ...revised, title: `${c.organization}2023年政府信息公开工作年度报告`, publishedDate: '2024-02-15' };
}

describe.each(BACKENDS)('run and check agree ($name)', (backend) => {
  test('the same flags for each report through the pipeline and through check', async () => {
    const store = await backend.open();
    try {
      // A prefecture government's site: none of the reports is its own.
      await upsertSites(store.db, [{ id: 'nb', base_url: 'http://127.0.0.1:9/', body: '宁波市人民政府', region_code: '330200', region_name: '宁波市', level: '市', lists: ['http://127.0.0.1:9/'], hints: { list_style: 'auto' as const, needs_browser: false } }]);
      const files: string[] = [];
      for (const [i, c] of CASES.entries()) {
        const html = renderReport(report(i, c), 'html-table');
        const file = path.join(tmp, `r${i}.html`);
        fs.writeFileSync(file, html);
        files.push(file);
        await saveDocument(store.db, { url: `http://127.0.0.1:9/nb/r${i}.html`, siteId: 'nb', httpStatus: 200, kind: 'report',
          contentType: 'text/html; charset=utf-8', bytes: Buffer.from(html), fetchedAt: new Date('2024-02-16T00:00:00Z') });
      }
      await runPipeline(store, { extract: { extract, extractorVersion: EXTRACTOR_VERSION }, check: checkReports });
      const checked = await checkFiles(files);
      for (const [i, c] of CASES.entries()) {
        const stored = await store.db.selectFrom('flags as f').innerJoin('reports as r', 'r.id', 'f.report_id')
          .innerJoin('documents as d', 'd.id', 'r.document_id')
          .select(['f.rule', 'f.severity', 'f.message']).where('d.url', '=', `http://127.0.0.1:9/nb/r${i}.html`).execute();
        expect([c.organization, ...flagsOf(stored)]).toEqual([c.organization, ...flagsOf(checked[i]!.flags)]);
      }
      const rules = (i: number) => checked[i]!.flags.map((f) => f.rule);
      // The bare 某县 is a government (deadline 3月31日), the department is late (1月31日).
      expect(rules(0)).not.toContain('deadline.late');
      expect(rules(2)).toContain('deadline.late');
      // 慈溪市 is county level by its code and says 我县: a copied narrative, in both.
      expect(rules(1)).toContain('region.level_word');
      const bodies = await store.db.selectFrom('bodies').select(['name', 'kind', 'level', 'region_code']).orderBy('name').execute();
      expect(bodies.find((b) => b.name === '慈溪市人民政府')).toMatchObject({ kind: 'government', level: '县', region_code: '330282' });
      expect(bodies.find((b) => b.name === '某县')).toMatchObject({ kind: 'government', level: '县' });
    } finally {
      await store.close();
    }
  });
});
