/**
 * A report an earlier extractor loaded stops being live when the current extractor reads
 * its document and loads no report from it: a free-form report before the template, a page
 * that only links its attachment, an attachment whose table it no longer reads. Such a report
 * is retired (superseded_by points at itself, retired_why says why): out of report_latest, the
 * checks and the review queue, still queryable. A later reading like the old one brings it
 * back; an extraction that fails retires nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/stores.js';
import type { Store } from '../../src/store/open-store.js';
import { saveDocument } from '../../src/store/documents.js';
import { runExtractStage } from '../../src/pipeline/extract-stage.js';
import { runCheckStage } from '../../src/pipeline/check-stage.js';
import { liveSuccessor } from '../../src/store/corrections.js';
import { extract } from '../../src/extract/index.js';
import { checkReports } from '../../src/check/index.js';
import { correctCell } from '../../src/review/actions.js';
import type { ActionError } from '../../src/model/action-error.js';
import type { ExtractedCell, ExtractionResult, SourceDocument } from '../../src/model/report.js';

const FREE_FORM = ['某县审计局2018年政府信息公开工作年度报告', '一、概述', '2018年，我局主动公开政府信息120条。',
  '二、依申请公开情况', '全年共受理申请5件，均已按期答复。'].join('\n');
const TABLE = ['某县人民政府2022年政府信息公开工作年度报告', '三、收到和处理政府信息公开申请情况', '本年制发件数',
  '一、本年新收政府信息公开申请数量', '5', '0', '0', '0', '0', '0', '5', '五、存在的主要问题及改进情况', ''].join('\n');

const cell = (key: string, value: number): ExtractedCell => ({ key, value, raw: String(value), how: 'read', provenance: { table: 'B', line: 1 } });

/** What an older extractor made of any page: a template report with a row that does not add up. */
const older = async (doc: SourceDocument): Promise<ExtractionResult> => {
  const r = await extract(doc);
  if (!r.ok) return r;
  const details = [cell('applications.new_received.natural', 4), cell('applications.new_received.total', 9)];
  return { ...r, template: '2019', details, cells: Object.fromEntries(details.map((d) => [d.key, d.value])) };
};

describe.each(BACKENDS)('reports retired with no successor on $name', (backend) => {
  let store: Store;
  beforeEach(async () => { store = await backend.open(); });
  afterEach(async () => { await store.close(); });

  const save = (url: string, text: string, more: { parentId?: number; kind?: 'report' | 'attachment' } = {}) => saveDocument(store.db, {
    url, httpStatus: 200, kind: more.kind ?? 'report', parentId: more.parentId, contentType: 'text/plain; charset=utf-8', bytes: new TextEncoder().encode(text),
  });
  const reports = () => store.db.selectFrom('reports').select(['id', 'year', 'superseded_by', 'retired_why', 'extractor_version']).orderBy('id').execute();
  const latest = () => store.db.selectFrom('report_latest').select(['report_id', 'year']).orderBy('report_id').execute();

  it('retires a free-form report an older extractor loaded, resolves its flags, and brings it back when read so again', async () => {
    await save('http://a.test/nb/2018.txt', FREE_FORM);
    expect(await runExtractStage(store.db, { extract: older, extractorVersion: 'old' })).toMatchObject({ reportsNew: 1 });
    const [old] = await reports();
    expect(await latest()).toEqual([{ report_id: old!.id, year: 2018 }]);
    const before = await runCheckStage(store.db, checkReports);
    expect(before.review.raised).toBeGreaterThan(0);

    const s = await runExtractStage(store.db, { extract, extractorVersion: 'new' });
    expect(s).toMatchObject({ documents: 1, beforeTemplate: 1, reportsRetired: 1, reportsNew: 0 });
    const [retired] = await reports();
    expect(retired!.superseded_by).toBe(retired!.id);
    expect(retired!.retired_why).toMatch(/^new read document \d+ as a free-form report of 2018, before the national template$/);
    expect(await latest()).toEqual([]);
    expect(await liveSuccessor(store.db, retired!.id)).toBeNull();
    const after = await runCheckStage(store.db, checkReports);
    expect(after.reportsChecked).toBe(0);
    expect(after.review.resolved).toBe(before.review.raised);
    const open = await store.db.selectFrom('flag_states').select('flag_key').where('state', '!=', 'resolved').execute();
    expect(open).toEqual([]);
    // A reviewer cannot correct a retired report, and is told why.
    const refused = await correctCell({ db: store.db, actor: { id: 1, name: 'ann', role: 'reviewer', regions: null }, origin: 'test', check: checkReports },
      { reportId: retired!.id, key: 'applications.new_received.total', value: '5', reason: 'x', source: 'y' }).then(() => null, (e: unknown) => e as ActionError);
    expect([refused?.kind, refused?.message]).toEqual(['conflict', `report ${retired!.id} was retired: its document yields no report now`]);

    // An extractor reading the page as the old one did makes that report live again.
    expect(await runExtractStage(store.db, { extract: older, extractorVersion: 'old-again' })).toMatchObject({ reportsUnchanged: 1, reportsRetired: 0 });
    expect(await reports()).toEqual([{ ...retired, superseded_by: null, retired_why: null }]);
  });

  it('retires a page report once the page only links its attachment, and keeps the attachment\'s', async () => {
    const v1 = await save('http://a.test/nb/2022.html', TABLE);
    await runExtractStage(store.db, { extract, extractorVersion: 'v1' });
    const [pageReport] = await reports();
    expect(pageReport).toMatchObject({ year: 2022, superseded_by: null });

    // The page is rewritten to point at an attachment, which now carries the table.
    const v2 = await save('http://a.test/nb/2022.html', '某县人民政府2022年政府信息公开工作年度报告\n详见附件。');
    expect(v2.id).not.toBe(v1.id);
    await save('http://a.test/nb/2022-report.txt', TABLE, { parentId: v2.id, kind: 'attachment' });
    const s = await runExtractStage(store.db, { extract, extractorVersion: 'v1' });
    expect(s).toMatchObject({ documents: 2, noTable: 1, reportsRetired: 1 });
    const rows = await reports();
    const live = rows.filter((r) => r.superseded_by === null);
    expect(live).toHaveLength(1);
    expect(live[0]!.id).not.toBe(pageReport!.id);
    expect(rows.find((r) => r.id === pageReport!.id)).toMatchObject({ superseded_by: pageReport!.id, retired_why: expect.stringMatching(/a page that only links its attachment$/) });
    expect((await latest()).map((r) => r.report_id)).toEqual([live[0]!.id]);
  });

  it('retires an attachment\'s report when its table is no longer read, and nothing when extraction fails', async () => {
    const page = await save('http://a.test/nb/2023.html', '某县人民政府2023年政府信息公开工作年度报告\n详见附件。');
    await save('http://a.test/nb/2023.txt', TABLE.replace('2022', '2023'), { parentId: page.id, kind: 'attachment' });
    await runExtractStage(store.db, { extract, extractorVersion: 'v1' });
    expect((await reports()).filter((r) => r.superseded_by === null)).toHaveLength(1);

    const failing = async (): Promise<ExtractionResult> => ({ ok: false, error: 'time limit of 60 s reached', limit: 'time-limit', warnings: [] });
    expect(await runExtractStage(store.db, { extract: failing, extractorVersion: 'v2' })).toMatchObject({ failed: 2, reportsRetired: 0 });
    expect((await reports()).filter((r) => r.superseded_by === null)).toHaveLength(1);

    const tableless = async (doc: SourceDocument): Promise<ExtractionResult> => {
      const r = await extract(doc);
      return r.ok ? { ...r, details: [], cells: {} } : r;
    };
    expect(await runExtractStage(store.db, { extract: tableless, extractorVersion: 'v3' })).toMatchObject({ reportsRetired: 1 });
    const [att] = await reports();
    expect(att).toMatchObject({ superseded_by: att!.id, retired_why: expect.stringMatching(/an attachment with no table it could read$/) });
  });
});
