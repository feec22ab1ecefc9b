/**
 * The copy rule across provinces: the check stage holds one province at a time, the
 * national pass compares stored signatures across all of them. Run on both databases.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/stores.js';
import { extraction } from '../helpers/extraction.js';
import type { Store } from '../../src/store/open-store.js';
import { saveDocument } from '../../src/store/documents.js';
import { upsertBody } from '../../src/store/bodies.js';
import { upsertSites } from '../../src/crawl/sites.js';
import { loadExtraction } from '../../src/store/reports.js';
import { runCheckStage } from '../../src/pipeline/check-stage.js';
import { checkReports } from '../../src/check/index.js';
import { generateReport, type SynthReport } from '../../src/synth/index.js';
import { candidatePairs } from '../../src/store/narrative-signatures.js';
import { nationalCopyFlags, sign, type NationalCopies } from '../../src/pipeline/national-copies.js';
import type { Body } from '../../src/model/body.js';

const BODIES = {
  chunan: { name: '淳安县人民政府', regionCode: '330127', regionName: '淳安县', level: '县', kind: 'government' },
  anji: { name: '安吉县人民政府', regionCode: '330523', regionName: '安吉县', level: '县', kind: 'government' },
  lintan: { name: '临潭县人民政府', regionCode: '623021', regionName: '临潭县', level: '县', kind: 'government' },
  yongdeng: { name: '永登县人民政府', regionCode: '620121', regionName: '永登县', level: '县', kind: 'government' },
} as const satisfies Record<string, Body>;
type BodyId = keyof typeof BODIES;

let url = 0;
async function load(store: Store, body: BodyId, s: SynthReport, published: string, narrative = s.narrative): Promise<number> {
  const b = BODIES[body];
  const base = `http://${body}.gov.test/`;
  await upsertSites(store.db, [{ id: body, base_url: base, body: b.name, region_code: b.regionCode, region_name: b.regionName, level: b.level, lists: [base], hints: { list_style: 'auto', needs_browser: false } }]);
  const bodyId = await upsertBody(store.db, { ...b, siteId: body });
  const title = `${b.name}${s.year}年政府信息公开工作年度报告`;
  const doc = await saveDocument(store.db, {
    url: `http://${body}.gov.test/ndbg/${s.year}-${url++}.html`, siteId: body, httpStatus: 200, kind: 'report', title,
    bytes: new TextEncoder().encode(`<html><title>${title}</title><body>${narrative}</body></html>`), contentType: 'text/html; charset=utf-8',
  });
  const x = extraction(s.cells, { template: s.template, year: s.year, otherAsOneRow: s.otherAsOneRow, organization: b.name, title, publishedDate: published, text: narrative });
  return (await loadExtraction(store.db, { documentId: doc.id, bodyId, extraction: x, extractorVersion: 'test-1' })).reportId;
}

/** copy.narrative flags of live reports (a superseded report keeps the flags it had). */
const copyFlags = (store: Store) => store.db.selectFrom('flags as f').innerJoin('reports as r', 'r.id', 'f.report_id')
  .select(['f.report_id', 'f.related_report_id', 'f.cells']).where('f.rule', '=', 'copy.narrative').where('r.superseded_by', 'is', null)
  .orderBy('f.report_id').execute();

describe.each(BACKENDS)('national copy detection ($name)', (backend) => {
  let store: Store;
  beforeEach(async () => { store = await backend.open(); });
  afterEach(async () => { await store.close(); });

  it('flags a copy between two provinces, only the later report, and writes nothing on a re-run', async () => {
    const year = { year: 2023, template: '2021' } as const;
    const source = generateReport(1, year);
    const src = await load(store, 'chunan', source, '2024-01-10');
    const copy = await load(store, 'lintan', generateReport(2, year), '2024-01-29', source.narrative);
    // Unrelated reports on both sides, and 淳安 reusing its own text the year before: no copy.
    await load(store, 'anji', generateReport(3, year), '2024-01-12');
    await load(store, 'yongdeng', generateReport(4, year), '2024-01-15');
    await load(store, 'chunan', generateReport(5, { year: 2022, template: '2021' }), '2023-01-10', source.narrative);

    const first = await runCheckStage(store.db, checkReports);
    expect(await copyFlags(store)).toEqual([{ report_id: copy, related_report_id: src, cells: { similarity: 1 } }]);
    expect(first.flagsByRule['copy.narrative']).toBe(1);

    const again = await runCheckStage(store.db, checkReports);
    expect(again.reportsReflagged).toBe(0);
    const signatures = await store.db.selectFrom('narrative_signatures').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(signatures.n)).toBe(5);
  });

  it('drops the flag and the old signature when a new extraction of the copy has its own text', async () => {
    const year = { year: 2023, template: '2021' } as const;
    const source = generateReport(11, year);
    await load(store, 'anji', source, '2024-01-08');
    const copied = generateReport(12, year);
    const copy = await load(store, 'yongdeng', copied, '2024-02-01', source.narrative);
    await runCheckStage(store.db, checkReports);
    expect((await copyFlags(store)).map((f) => f.report_id)).toEqual([copy]);

    // The same document read again by a newer extractor, which found the page's own narrative.
    const doc = await store.db.selectFrom('reports').select('document_id').where('id', '=', copy).executeTakeFirstOrThrow();
    const b = BODIES.yongdeng;
    const bodyId = await upsertBody(store.db, { ...b, siteId: 'yongdeng' });
    const x = extraction(copied.cells, { template: '2021', year: 2023, organization: b.name, title: `${b.name}2023年政府信息公开工作年度报告`, publishedDate: '2024-02-01', text: copied.narrative });
    const fixed = await loadExtraction(store.db, { documentId: doc.document_id, bodyId, extraction: x, extractorVersion: 'test-2' });
    expect(fixed.superseded).toEqual([copy]);

    await runCheckStage(store.db, checkReports);
    expect(await copyFlags(store)).toEqual([]);
    const ids = (await store.db.selectFrom('narrative_signatures').select('report_id').execute()).map((r) => r.report_id);
    expect(ids).not.toContain(copy);
    expect(ids).toContain(fixed.reportId);
  });

  it('pairs each report of a boilerplate cluster with a few neighbours only, and still flags every later one', async () => {
    // Twelve counties of four provinces publishing one text: the buckets hold all twelve.
    const year = { year: 2023, template: '2021' } as const;
    const text = generateReport(31, year).narrative;
    const ids: number[] = [];
    for (let i = 0; i < 12; i++) {
      const code = `${['33', '62', '41', '51'][i % 4]}01${String(10 + i).padStart(2, '0')}`;
      const b: Body = { name: `第${i}县人民政府`, regionCode: code, regionName: `第${i}县`, level: '县', kind: 'government' };
      const bodyId = await upsertBody(store.db, b);
      const doc = await saveDocument(store.db, { url: `http://c${i}.gov.test/nb/2023.html`, httpStatus: 200, kind: 'report', bytes: new TextEncoder().encode(`${i}`) });
      const x = extraction(generateReport(40 + i, year).cells, { ...year, organization: b.name, title: `${b.name}2023年报`, publishedDate: `2024-01-${10 + i}`, text });
      ids.push((await loadExtraction(store.db, { documentId: doc.id, bodyId, extraction: x, extractorVersion: 'test-1' })).reportId);
    }
    await sign(store.db, 100);
    const pairs: { a: number; b: number }[] = [];
    for await (const chunk of candidatePairs(store.db, 500, 3)) pairs.push(...chunk.pairs);
    // Each report meets its next three by id (fewer at the end): 9×3 + 2 + 1 pairs, not 66.
    expect(pairs).toHaveLength(30);
    expect(pairs.every((p) => p.b > p.a && ids.indexOf(p.b) - ids.indexOf(p.a) <= 3)).toBe(true);
    await runCheckStage(store.db, checkReports);
    expect((await copyFlags(store)).map((f) => f.report_id)).toEqual(ids.slice(1));
  });

  it('compares only the pairs a new report makes, and its verdicts equal a whole pass', async () => {
    const year = { year: 2023, template: '2021' } as const;
    const text = generateReport(61, year).narrative;
    const cluster = async (from: number, n: number) => {
      for (let i = from; i < from + n; i++) {
        const code = `${['33', '62', '41'][i % 3]}02${String(10 + i).padStart(2, '0')}`;
        const b: Body = { name: `甲${i}县人民政府`, regionCode: code, regionName: `甲${i}县`, level: '县', kind: 'government' };
        const bodyId = await upsertBody(store.db, b);
        const doc = await saveDocument(store.db, { url: `http://k${i}.gov.test/nb/2023.html`, httpStatus: 200, kind: 'report', bytes: new TextEncoder().encode(`k${i}`) });
        // Every third county rewrites a sentence: near copies, not exact ones.
        const own = i % 3 === 0 ? text.replace(/。/, `。本县第${i}次修订。`) : text;
        const x = extraction(generateReport(70 + i, year).cells, { ...year, organization: b.name, title: `${b.name}2023年报`, publishedDate: `2024-01-${10 + i}`, text: own });
        await loadExtraction(store.db, { documentId: doc.id, bodyId, extraction: x, extractorVersion: 'test-1' });
      }
    };
    await cluster(0, 8);
    const first = await nationalCopyFlags(store.db);
    expect(first.signed).toBe(8);
    await cluster(8, 3);
    const second = await nationalCopyFlags(store.db);
    expect(second.signed).toBe(3);
    // 3 new reports × at most 16 earlier neighbours: not the 55 pairs of 11 reports.
    expect(second.candidates).toBeGreaterThan(0);
    expect(second.candidates).toBeLessThanOrEqual(3 * 8 + 3);
    expect((await nationalCopyFlags(store.db)).candidates).toBe(0);

    // A whole pass from nothing finds the same verdicts.
    await store.db.deleteFrom('narrative_copies').execute();
    await store.db.updateTable('narrative_signatures').set({ paired: false }).execute();
    const whole = await nationalCopyFlags(store.db);
    expect(whole.candidates).toBe(55);
    const verdicts = (x: NationalCopies) => [...x.flags].map(([id, f]) => [id, f.map((g) => [g.relatedReportId, g.cells])]).sort();
    expect(verdicts(second)).toEqual(verdicts(whole));
    expect(second.flags.size).toBe(10);

    // A report unpaired below paired ones (signed late, say) meets its neighbours on both sides.
    const middle = (await store.db.selectFrom('narrative_signatures').select('report_id').orderBy('report_id').execute())[5]!.report_id;
    await store.db.deleteFrom('narrative_copies').where((eb) => eb.or([eb('a', '=', middle), eb('b', '=', middle)])).execute();
    await store.db.updateTable('narrative_signatures').set({ paired: false }).where('report_id', '=', middle).execute();
    const late = await nationalCopyFlags(store.db);
    expect(late.candidates).toBe(10);
    expect(verdicts(late)).toEqual(verdicts(whole));
  });
});

