import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NO_MIGRATIONS, sql } from 'kysely';
import { BACKENDS } from '../helpers/stores.js';
import { extraction } from '../helpers/extraction.js';
import type { Store } from '../../src/store/open-store.js';
import { migrator } from '../../src/store/open-store.js';
import { documentBytes, documentVersions, saveDocument, touchDocument } from '../../src/store/documents.js';
import { loadExtraction } from '../../src/store/reports.js';
import { upsertBody } from '../../src/store/bodies.js';
import { upsertSites } from '../../src/crawl/sites.js';
import { replaceFlags } from '../../src/store/flags.js';
import { ALL_KEYS, wideColumn } from '../../src/template/keys.js';

const enc = (s: string) => new TextEncoder().encode(s);

describe.each(BACKENDS)('store on $name', (backend) => {
  let store: Store;
  beforeEach(async () => { store = await backend.open(); });
  afterEach(async () => { await store.close(); });

  it('migrates up from empty and back down', async () => {
    const all = await migrator(store).getMigrations();
    expect(all.length).toBeGreaterThanOrEqual(2);
    expect(all.every((m) => m.executedAt instanceof Date)).toBe(true);
    const tables = await sql<{ n: string }>`select table_name as n from information_schema.tables
      where table_schema = current_schema() order by 1`.execute(store.db);
    const names = tables.rows.map((r) => r.n);
    for (const t of ['documents', 'blobs', 'frontier', 'reports', 'report_cells', 'flags', 'sites', 'bodies', 'report_latest', 'cells_wide']) {
      expect(names).toContain(t);
    }
    const down = await migrator(store).migrateTo(NO_MIGRATIONS);
    expect(down.error).toBeUndefined();
    const left = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables
      where table_schema = current_schema() and table_name = 'documents'`.execute(store.db);
    expect(left.rows[0]?.n).toBe(0);
  });

  it('keeps one version for the same bytes and a new one for changed bytes', async () => {
    const url = 'http://county1.test/zfxxgknb/t20240130_1.html';
    const a = await saveDocument(store.db, { url, httpStatus: 200, bytes: enc('<p>v1</p>'), headers: { etag: '"a"' } });
    const again = await saveDocument(store.db, { url, httpStatus: 200, bytes: enc('<p>v1</p>') });
    expect(a.created).toBe(true);
    expect(again).toMatchObject({ id: a.id, version: 1, created: false });
    const b = await saveDocument(store.db, { url, httpStatus: 200, bytes: enc('<p>v2 edited</p>') });
    expect(b).toMatchObject({ version: 2, created: true });
    const versions = await documentVersions(store.db, url);
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect(new TextDecoder().decode(await documentBytes(store.db, a.id))).toBe('<p>v1</p>');
    expect(new TextDecoder().decode(await documentBytes(store.db, b.id))).toBe('<p>v2 edited</p>');
    // The URL's first sighting survives into the new version; a 304 touches only the newest.
    expect(versions[1]!.first_seen_at.getTime()).toBe(versions[0]!.first_seen_at.getTime());
    const later = new Date(Date.now() + 60_000);
    expect(await touchDocument(store.db, url, later)).toBe(b.id);
    const after = await documentVersions(store.db, url);
    expect(after[1]!.last_checked_at.getTime()).toBe(later.getTime());
  });

  it('stores identical bytes at two URLs once', async () => {
    await saveDocument(store.db, { url: 'http://a.test/1', httpStatus: 200, bytes: enc('same') });
    await saveDocument(store.db, { url: 'http://a.test/2', httpStatus: 200, bytes: enc('same') });
    const blobs = await store.db.selectFrom('blobs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(blobs.n)).toBe(1);
  });

  it('loads the same extraction twice without change', async () => {
    const doc = await saveDocument(store.db, { url: 'http://a.test/r', httpStatus: 200, bytes: enc('r') });
    const x = extraction({ 'applications.new_received.total': 6, 'applications.granted.total': null });
    const first = await loadExtraction(store.db, { documentId: doc.id, bodyId: null, extraction: x, extractorVersion: 't1' });
    const second = await loadExtraction(store.db, { documentId: doc.id, bodyId: null, extraction: x, extractorVersion: 't1' });
    expect(first.created).toBe(true);
    expect(second).toEqual({ reportId: first.reportId, created: false, superseded: [] });
    const counts = await sql<{ r: number; c: number }>`select (select count(*) from reports)::int as r,
      (select count(*) from report_cells)::int as c`.execute(store.db);
    expect(counts.rows[0]).toEqual({ r: 1, c: 2 });
  });

  it('supersedes the report of an older version and report_latest picks the newest', async () => {
    await upsertSites(store.db, [{ id: 'c1', base_url: 'http://c1.test/', body: '甲县人民政府', region_code: '620000', region_name: '甲县', level: '县', lists: ['http://c1.test/nb/'], hints: { list_style: 'auto', needs_browser: false } }]);
    const bodyId = await upsertBody(store.db, { name: '甲县人民政府', regionCode: '620000', regionName: '甲县', level: '县', kind: 'government', siteId: 'c1' });
    expect(await upsertBody(store.db, { name: '甲县人民政府', regionCode: '620000', regionName: '甲县', level: '县', kind: 'government' })).toBe(bodyId);
    const url = 'http://c1.test/nb/2023.html';
    const v1 = await saveDocument(store.db, { url, httpStatus: 200, bytes: enc('v1'), fetchedAt: new Date('2024-01-30T00:00:00Z') });
    const v2 = await saveDocument(store.db, { url, httpStatus: 200, bytes: enc('v2'), fetchedAt: new Date('2024-02-15T00:00:00Z') });
    const r1 = await loadExtraction(store.db, { documentId: v1.id, bodyId, extraction: extraction({ 'applications.new_received.total': 5 }), extractorVersion: 't' });
    const r2 = await loadExtraction(store.db, { documentId: v2.id, bodyId, extraction: extraction({ 'applications.new_received.total': 7 }), extractorVersion: 't' });
    expect(r2.superseded).toEqual([r1.reportId]);
    const latest = await sql<any>`select report_id, body, year, document_version from report_latest`.execute(store.db);
    expect(latest.rows).toEqual([{ report_id: r2.reportId, body: '甲县人民政府', year: 2023, document_version: 2 }]);
    // The superseded report stays queryable with its own numbers.
    const old = await store.db.selectFrom('report_cells').select('value').where('report_id', '=', r1.reportId).executeTakeFirstOrThrow();
    expect(old.value).toBe(5);
  });

  it('supersedes by URL and by body and year in one load, and nothing else', async () => {
    const body = (name: string) => upsertBody(store.db, { name, regionCode: '620000', regionName: '甲县', level: '县', kind: 'government' });
    const [gov, dept] = [await body('甲县人民政府'), await body('甲县教育局')];
    const load = async (url: string, bodyId: number | null, year: number, n: number) => {
      const doc = await saveDocument(store.db, { url, httpStatus: 200, bytes: enc(`${url} ${n}`) });
      return loadExtraction(store.db, { documentId: doc.id, bodyId, extraction: { ...extraction({ 'applications.new_received.total': n }), year }, extractorVersion: 't' });
    };
    const oldUrl = await load('http://c1.test/nb/a.html', gov, 2022, 1); // this URL, another year (it misread the year)
    const sameYear = await load('http://c1.test/nb/b.html', gov, 2023, 2); // another URL, same body and year
    const otherBody = await load('http://c1.test/nb/c.html', dept, 2023, 3);
    const otherYear = await load('http://c1.test/nb/d.html', gov, 2021, 4);
    const noBody = await load('http://c1.test/nb/e.html', null, 2023, 5);
    const now = await load('http://c1.test/nb/a.html', gov, 2023, 6);
    expect([...now.superseded].sort((a, b) => a - b)).toEqual([oldUrl.reportId, sameYear.reportId]);
    const live = await store.db.selectFrom('reports').select('id').where('superseded_by', 'is', null).orderBy('id').execute();
    expect(live.map((r) => r.id)).toEqual([otherBody.reportId, otherYear.reportId, noBody.reportId, now.reportId]);
    // A report with no body supersedes by URL only.
    const again = await load('http://c1.test/nb/e.html', null, 2023, 7);
    expect(again.superseded).toEqual([noBody.reportId]);
  });

  it('cells_wide has a column per key, keeps null as null and decimals exact', async () => {
    const doc = await saveDocument(store.db, { url: 'http://a.test/w', httpStatus: 200, bytes: enc('w') });
    const { reportId } = await loadExtraction(store.db, {
      documentId: doc.id, bodyId: null, extractorVersion: 't',
      extraction: extraction({
        'applications.granted.natural_person': 6,
        'applications.granted.total': null,
        'applications.not_processed_excessive_repeated.commercial_enterprise': 2,
        'active.fees.amount': 5949.088667,
        'review.total': 0,
      }),
    });
    const row = (await sql<any>`select * from cells_wide where report_id = ${reportId}`.execute(store.db)).rows[0];
    expect(Object.keys(row)).toEqual(expect.arrayContaining(ALL_KEYS.map(wideColumn)));
    expect(row['app.granted.natural_person']).toBe(6);
    expect(row['app.granted.total']).toBeNull();
    expect(row['app.not_processed_excessive_repeated.commercial_enterprise']).toBe(2);
    expect(row['active.fees.amount']).toBe(5949.088667);
    expect(row['review.total']).toBe(0);
    // Stated blank (a row with null) vs not stated (no row) stays visible in report_cells.
    const blank = await store.db.selectFrom('report_cells').select(['value', 'raw'])
      .where('report_id', '=', reportId).where('key', '=', 'applications.granted.total').executeTakeFirstOrThrow();
    expect(blank).toEqual({ value: null, raw: '/' });
  });

  it('replaces flags idempotently', async () => {
    const doc = await saveDocument(store.db, { url: 'http://a.test/f', httpStatus: 200, bytes: enc('f') });
    const { reportId } = await loadExtraction(store.db, { documentId: doc.id, bodyId: null, extraction: extraction({}), extractorVersion: 't' });
    const flag = { rule: 'identity.b.balance', severity: 'error' as const, message: 'x', cells: { 'applications.total.total': 0 } };
    await replaceFlags(store.db, reportId, [flag]);
    await replaceFlags(store.db, reportId, [flag]);
    const rows = await store.db.selectFrom('flags').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.cells).toEqual({ 'applications.total.total': 0 });
  });
});
