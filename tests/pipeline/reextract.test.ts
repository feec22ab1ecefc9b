/**
 * After an upgrade (a new EXTRACTOR_VERSION) the extract stage reads every stored
 * document again: an unchanged reading keeps its report, a changed one supersedes
 * it, and a reading that returns to an earlier one brings that report back.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/stores.js';
import type { Store } from '../../src/store/open-store.js';
import { saveDocument } from '../../src/store/documents.js';
import { runExtractStage } from '../../src/pipeline/extract-stage.js';
import { extract } from '../../src/extract/index.js';
import type { SourceDocument } from '../../src/model/report.js';

const PAGE = ['某县人民政府2022年政府信息公开工作年度报告', '三、收到和处理政府信息公开申请情况', '本年制发件数',
  '一、本年新收政府信息公开申请数量', '5', '0', '0', '0', '0', '0', '5', '五、存在的主要问题及改进情况', ''].join('\n');

// An extractor that reads the first row's total differently: what an upgrade may change.
const misread = async (doc: SourceDocument) => {
  const r = await extract(doc);
  return r.ok ? { ...r, cells: { ...r.cells, 'applications.new_received.total': 6 }, details: r.details.map((d) => (d.key === 'applications.new_received.total' ? { ...d, value: 6 } : d)) } : r;
};

describe.each(BACKENDS)('re-extraction after an upgrade on $name', (backend) => {
  let store: Store;
  beforeEach(async () => { store = await backend.open(); });
  afterEach(async () => { await store.close(); });

  const live = () => store.db.selectFrom('reports as r').innerJoin('report_cells as c', 'c.report_id', 'r.id')
    .select(['r.id', 'r.extractor_version', 'c.value']).where('r.superseded_by', 'is', null)
    .where('c.key', '=', 'applications.new_received.total').execute();

  it('reads stored documents again with each new version', async () => {
    await saveDocument(store.db, { url: 'http://a.test/nb/2022.txt', httpStatus: 200, kind: 'report', contentType: 'text/plain; charset=utf-8', bytes: new TextEncoder().encode(PAGE) });
    const first = await runExtractStage(store.db, { extract, extractorVersion: 'v1' });
    expect(first).toMatchObject({ documents: 1, reportsNew: 1 });
    const [v1] = await live();
    expect(v1).toMatchObject({ extractor_version: 'v1', value: 5 });

    expect(await runExtractStage(store.db, { extract, extractorVersion: 'v1' })).toMatchObject({ documents: 0 });
    expect(await runExtractStage(store.db, { extract, extractorVersion: 'v2' })).toMatchObject({ documents: 1, reportsUnchanged: 1 });
    expect(await live()).toEqual([v1]);

    expect(await runExtractStage(store.db, { extract: misread, extractorVersion: 'v3' })).toMatchObject({ documents: 1, reportsChanged: 1 });
    expect(await live()).toEqual([expect.objectContaining({ extractor_version: 'v3', value: 6 })]);

    await runExtractStage(store.db, { extract, extractorVersion: 'v4' });
    expect(await live()).toEqual([v1]);
  });
});
