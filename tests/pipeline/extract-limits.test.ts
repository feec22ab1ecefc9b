/**
 * The pipeline's extract stage under limits, wired as `nianbao run` wires it
 * (pipelineStages: the worker pool): a stored document that runs over its time
 * limit and one over the size limit each fail with the reason in extraction_log,
 * and the reports around them still load.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/stores.js';
import type { Store } from '../../src/store/open-store.js';
import { saveDocument } from '../../src/store/documents.js';
import { runPipeline } from '../../src/pipeline/run.js';
import { pipelineStages, type ProductionStages } from '../../src/pipeline/stages.js';
import { generateReport, renderReport } from '../../src/synth/index.js';

const enc = (s: string) => new TextEncoder().encode(s);
// A row of a million values: seconds of aligning in 2 MB, whatever the machine.
const longRow = (n: number) => `2023年政府信息公开工作年度报告\n本年制发件数\n行政许可 ${Array.from({ length: n }, (_, i) => i % 10).join(' ')}\n`;

describe.each(BACKENDS)('extraction limits in a run ($name)', (backend) => {
  let store: Store;
  let stages: ProductionStages;
  const reports = [generateReport(21), generateReport(22)];
  beforeAll(async () => {
    store = await backend.open();
    const docs = [
      { url: 'http://a.test/nb/1.html', bytes: enc(renderReport(reports[0]!, 'html-table')) },
      { url: 'http://a.test/nb/slow.txt', bytes: enc(longRow(1_000_000)) },
      { url: 'http://a.test/nb/big.html', bytes: new Uint8Array(5 << 20).fill(0x20) },
      { url: 'http://a.test/nb/2.html', bytes: enc(renderReport(reports[1]!, 'html-table')) },
    ];
    for (const d of docs) {
      const contentType = d.url.endsWith('.txt') ? 'text/plain; charset=utf-8' : 'text/html; charset=utf-8';
      await saveDocument(store.db, { ...d, httpStatus: 200, kind: 'report', contentType });
    }
    stages = pipelineStages({ sitesFile: 'unused.yaml', crawl: false, extraction: {
      workers: 2, limits: { timeMs: 2000, maxBytes: 4 << 20, maxTextChars: 5_000_000, memoryMb: 2048 },
    } });
  });
  afterAll(async () => { await stages?.close(); await store?.close(); });

  it('records each stopped document with its limit and loads the others', async () => {
    const run = await runPipeline(store, stages);
    expect(run.extract).toMatchObject({ documents: 4, failed: 2, reportsNew: 2, stoppedByLimit: { 'time-limit': 1, 'size-limit': 1 } });
    const log = await store.db.selectFrom('extraction_log as l').innerJoin('documents as d', 'd.id', 'l.document_id')
      .select(['d.url', 'l.ok', 'l.stopped_by', 'l.error', 'l.year']).orderBy('d.id').execute();
    expect(log.map((l) => [l.url.split('/').pop(), l.ok, l.stopped_by])).toEqual([
      ['1.html', true, null], ['slow.txt', false, 'time-limit'], ['big.html', false, 'size-limit'], ['2.html', true, null],
    ]);
    expect(log[1]!.error).toMatch(/slow\.txt: .*stopped after 2 s: over the time limit/);
    expect(log[2]!.error).toMatch(/big\.html: .*5 MB is over the size limit of 4 MB/);
    expect(log[0]!.year).toBe(reports[0]!.year);
    const cells = await store.db.selectFrom('report_cells as c').innerJoin('reports as r', 'r.id', 'c.report_id')
      .innerJoin('documents as d', 'd.id', 'r.document_id').select(['d.url', 'c.key', 'c.value']).execute();
    for (const [i, rep] of reports.entries()) {
      const mine = Object.fromEntries(cells.filter((c) => c.url.endsWith(`/${i + 1}.html`)).map((c) => [c.key, c.value]));
      expect(mine).toEqual(rep.cells);
    }
  }, 120_000);
});
