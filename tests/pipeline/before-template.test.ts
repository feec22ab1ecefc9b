/**
 * Reports of years before the national template (2018 and earlier: free-form prose under
 * the old 条例) are kept as documents but not loaded as template reports; a report of a
 * template year whose table can't be read is still loaded, so the gap stays visible.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/stores.js';
import type { Store } from '../../src/store/open-store.js';
import { saveDocument } from '../../src/store/documents.js';
import { runExtractStage } from '../../src/pipeline/extract-stage.js';
import { extract } from '../../src/extract/index.js';
import { detectTemplate } from '../../src/extract/meta.js';

const prose = (title: string) => [title, '一、概述', '2018年，我局认真贯彻落实《中华人民共和国政府信息公开条例》，主动公开政府信息120条。',
  '二、主动公开政府信息情况', '全年通过门户网站公开信息120条，其中规范性文件3件。', '三、依申请公开情况', '全年共受理申请5件，均已按期答复。'].join('\n');

describe('templates by year', () => {
  it('gives no template to a year before the first, and the dated one after', () => {
    expect([2017, 2018, 2019, 2020, 2021, 2024].map((y) => detectTemplate('', y))).toEqual([null, null, '2019', '2019', '2021', '2021']);
  });
});

describe.each(BACKENDS)('free-form reports before the template on $name', (backend) => {
  let store: Store;
  beforeEach(async () => { store = await backend.open(); });
  afterEach(async () => { await store.close(); });

  const save = (url: string, text: string) => saveDocument(store.db, {
    url, httpStatus: 200, kind: 'report', contentType: 'text/plain; charset=utf-8', bytes: new TextEncoder().encode(text),
  });

  it('keeps a 2018 report as a document only, and loads a 2023 one without a table', async () => {
    await save('http://a.test/nb/201903/t20190310_1.txt', prose('某县审计局2018年政府信息公开工作年度报告'));
    await save('http://a.test/nb/202401/t20240110_2.txt', prose('某县审计局2023年政府信息公开工作年度报告'));
    const s = await runExtractStage(store.db, { extract, extractorVersion: 't1' });
    expect(s).toMatchObject({ documents: 2, beforeTemplate: 1, noTable: 1, reportsNew: 1, failed: 0 });
    const reports = await store.db.selectFrom('reports').select(['year', 'template']).execute();
    expect(reports).toEqual([{ year: 2023, template: '2021' }]);
    expect(await store.db.selectFrom('documents').select('url').execute()).toHaveLength(2);
    const log = await store.db.selectFrom('extraction_log').select(['year', 'ok', 'report_id']).orderBy('year').execute();
    expect(log).toEqual([{ year: 2018, ok: true, report_id: null }, { year: 2023, ok: true, report_id: expect.any(Number) }]);
  });
});
