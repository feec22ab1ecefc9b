/**
 * Flag states and corrections across real pipeline runs, on both databases:
 * synthetic report pages with planted misprints are extracted and checked;
 * a reviewer's decisions and corrections must survive re-runs and
 * re-extraction, and go back to a reviewer when the document changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { BACKENDS } from '../helpers/stores.js';
import { addSites, publish, runNoCrawl, SITES, synthFor } from '../helpers/review-fixture.js';
import type { Store } from '../../src/store/open-store.js';
import type { Actor } from '../../src/auth/roles.js';
import { checkReports } from '../../src/check/index.js';
import { actOnFlag, confirmCorrection, correctCell, withdrawCorrection, type ReviewContext } from '../../src/review/actions.js';
import { reviewQueue } from '../../src/review/queue.js';
import { describeChanges } from '../../src/review/flag-lifecycle.js';
import { flagEvents } from '../../src/store/flag-states.js';
import { ActionError } from '../../src/model/action-error.js';
import { exportLongRows, exportRows } from '../../src/research/export-query.js';
import { writeCorrections } from '../../src/review/export-corrections.js';
import { parseCsvObjects } from '../helpers/csv.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const GRANTED_NP = 'applications.granted.natural_person';
const LINTAN_URL = 'http://lintan.example.test/xxgk/2023.html';
const CHUNAN_URL = 'http://chunan.example.test/xxgk/2023.html';

const reviewer: Actor = { id: 1, name: 'ann', role: 'reviewer', regions: null };
const gansuOnly: Actor = { id: 2, name: 'bo', role: 'reviewer', regions: ['62'] };
const viewer: Actor = { id: 3, name: 'cy', role: 'viewer', regions: null };

describe.each(BACKENDS)('review lifecycle on $name', (backend) => {
  let store: Store;
  const ctx = (actor: Actor = reviewer): ReviewContext => ({ db: store.db, actor, origin: 'test', check: checkReports });
  const lintan = synthFor(SITES.lintan, 2023, 7);
  const chunan = synthFor(SITES.chunan, 2023, 11);
  const np = (r: typeof lintan) => r.cells[GRANTED_NP] as number;

  const liveReport = async (url: string) => (await store.db.selectFrom('reports as r').innerJoin('documents as d', 'd.id', 'r.document_id')
    .select(['r.id', 'r.document_id', 'd.version']).where('d.url', '=', url).where('r.superseded_by', 'is', null).executeTakeFirstOrThrow());
  const statesOf = async (url: string) => {
    const rows = await sql<{ id: number; rule: string; subject: string; state: string; reason: string | null; report_id: number }>`
      select s.id, s.rule, s.subject, s.state, s.reason, s.report_id from flag_states s
      where s.lineage = (select 'body:' || r.body_id || '/' || r.year from reports r join documents d on d.id = r.document_id
                         where d.url = ${url} and r.superseded_by is null)
      order by s.rule`.execute(store.db);
    // The two flags the planted misprint raises; other tests add and withdraw other flags.
    return rows.rows.filter((r) => r.subject.split(',').includes(GRANTED_NP));
  };
  const wide = async (view: 'cells_wide' | 'cells_extracted', reportId: number) =>
    (await sql<Record<string, unknown>>`select * from ${sql.table(view)} where report_id = ${reportId}`.execute(store.db)).rows[0]!;

  beforeAll(async () => {
    store = await backend.open();
    await addSites(store.db);
    await publish(store.db, SITES.lintan, LINTAN_URL, lintan, { [GRANTED_NP]: np(lintan) + 5 });
    await publish(store.db, SITES.chunan, CHUNAN_URL, chunan, { [GRANTED_NP]: np(chunan) + 5 });
    await runNoCrawl(store);
  }, 240_000);
  afterAll(async () => { await store?.close(); });

  it('gives every raised flag an open state, queued errors first', async () => {
    expect((await statesOf(LINTAN_URL)).map((s) => [s.rule, s.state])).toEqual([
      ['identity.b.outcomes', 'open'], ['identity.b.row_total', 'open'],
    ]);
    const queue = await reviewQueue(store.db);
    expect(queue.length).toBe(4);
    expect(queue.every((q) => q.severity === 'error' && q.kind === 'flag')).toBe(true);
    // Ordered by region: 33 (淳安) before 62 (临潭).
    expect(queue.map((q) => q.regionCode)).toEqual(['330127', '330127', '623021', '623021']);
  });

  it('keeps confirm and dismiss across a re-run that re-extracts the same document version', async () => {
    const [outcomes, rowTotal] = await statesOf(LINTAN_URL);
    await actOnFlag(ctx(), outcomes!.id, { kind: 'confirm', note: 'the page adds up wrong' });
    await actOnFlag(ctx(), rowTotal!.id, { kind: 'dismiss', reason: 'rule_too_strict' });
    const before = await liveReport(LINTAN_URL);

    const run = await runNoCrawl(store, 'align-review-test-2');
    expect(run.extract.reportsChanged).toBe(2);
    const after = await liveReport(LINTAN_URL);
    expect(after.id).not.toBe(before.id);
    expect(after.document_id).toBe(before.document_id);
    const states = await statesOf(LINTAN_URL);
    expect(states.map((s) => [s.rule, s.state, s.reason, s.report_id])).toEqual([
      ['identity.b.outcomes', 'confirmed', null, after.id], ['identity.b.row_total', 'dismissed', 'rule_too_strict', after.id],
    ]);
    expect(run.check.review).toEqual({ raised: 0, reopened: 0, resolved: 0 });
    // The queue holds what nobody decided yet.
    expect((await reviewQueue(store.db)).map((q) => q.regionCode)).toEqual(['330127', '330127']);

    const again = await runNoCrawl(store, 'align-review-test-2');
    expect(again.check.reportsReflagged).toBe(0);
    expect((await statesOf(LINTAN_URL)).map((s) => s.state)).toEqual(['confirmed', 'dismissed']);
  });

  it('reopens a decision when a new version changes the numbers, and says what changed', async () => {
    await publish(store.db, SITES.lintan, LINTAN_URL, lintan, { [GRANTED_NP]: np(lintan) + 7 });
    const run = await runNoCrawl(store, 'align-review-test-2');
    expect(run.check.review.reopened).toBe(2);
    const states = await statesOf(LINTAN_URL);
    expect(states.map((s) => s.state)).toEqual(['open', 'open']);
    const events = await flagEvents(store.db, (await store.db.selectFrom('flag_states').select('flag_key').where('id', '=', states[1]!.id).executeTakeFirstOrThrow()).flag_key);
    expect(events.map((e) => [e.actor, e.from_state, e.to_state])).toEqual([[null, null, 'open'], ['ann', 'open', 'dismissed'], [null, 'dismissed', 'open']]);
    expect(describeChanges(events[2]!.changes as never)).toBe(`${GRANTED_NP} ${np(lintan) + 5} → ${np(lintan) + 7}; document v1 → v2`);
    const item = (await reviewQueue(store.db, { region: '62' })).find((q) => q.id === states[1]!.id)!;
    expect(item.changes).toContain('document v1 → v2');
  });

  it('reopens a dismissed flag when a correction changes its numbers on the same version', async () => {
    const [, rowTotal] = await statesOf(LINTAN_URL);
    await actOnFlag(ctx(), rowTotal!.id, { kind: 'dismiss', reason: 'extraction_error' });
    const report = await liveReport(LINTAN_URL);
    // Still wrong after the correction (off by one instead of seven): the flag stays, with other numbers.
    const res = await correctCell(ctx(), { reportId: report.id, key: GRANTED_NP, value: String(np(lintan) + 1), reason: 'misread', source: 'table 三, row 予以公开' });
    expect(res.recheck.reopened).toBe(1); // outcomes was open already; row_total reopens
    expect((await statesOf(LINTAN_URL)).map((s) => s.state)).toEqual(['open', 'open']);
  });

  it('closes the flags a correction resolves, keeps the extracted value beside it, and feeds views and metrics', async () => {
    const report = await liveReport(CHUNAN_URL);
    const res = await correctCell(ctx(), {
      reportId: report.id, key: GRANTED_NP, value: String(np(chunan)), reason: 'OCR read 予以公开 wrong', source: 'table 三, row （一）予以公开, column 自然人',
    });
    expect(res.recheck.resolved).toBe(2);
    expect((await statesOf(CHUNAN_URL)).map((s) => s.state)).toEqual(['resolved', 'resolved']);
    const events = await store.db.selectFrom('flag_events').select(['actor', 'note']).where('to_state', '=', 'resolved').execute();
    expect(events.map((e) => e.actor)).toEqual(['ann', 'ann']);
    expect(events[0]!.note).toBe(`after correction ${res.correction.id}`);

    const col = 'app.granted.natural_person';
    const reviewed = await wide('cells_wide', report.id);
    expect([reviewed[col], reviewed.reviewed_cells, reviewed.reviewed_keys]).toEqual([np(chunan), 1, GRANTED_NP]);
    expect((await wide('cells_extracted', report.id))[col]).toBe(np(chunan) + 5);
    const long = await store.db.selectFrom('report_cells_reviewed').selectAll().where('report_id', '=', report.id).where('key', '=', GRANTED_NP).executeTakeFirstOrThrow();
    expect([long.value, long.value_source, long.extracted_value, long.reviewed_by, long.review_source])
      .toEqual([np(chunan), 'reviewed', np(chunan) + 5, 'ann', 'table 三, row （一）予以公开, column 自然人']);
    // The extracted row is untouched.
    const raw = await store.db.selectFrom('report_cells').select('value').where('report_id', '=', report.id).where('key', '=', GRANTED_NP).executeTakeFirstOrThrow();
    expect(raw.value).toBe(np(chunan) + 5);
  });

  it('applies a correction of a total to the metrics', async () => {
    const report = await liveReport(CHUNAN_URL);
    const before = await store.db.selectFrom('report_metrics' as never).select(['applications' as never]).where('report_id' as never, '=', report.id as never).executeTakeFirstOrThrow() as { applications: number };
    expect(before.applications).toBe(chunan.cells['applications.new_received.total']);
    await correctCell(ctx(), { reportId: report.id, key: 'applications.new_received.total', value: String(before.applications + 1), reason: 'test of metrics', source: 'table 三, row 一' });
    const after = await store.db.selectFrom('report_metrics' as never).select(['applications' as never]).where('report_id' as never, '=', report.id as never).executeTakeFirstOrThrow() as { applications: number };
    expect(after.applications).toBe(before.applications + 1);
    const w = await withdrawCorrection(ctx(), (await store.db.selectFrom('cell_corrections').select('id').where('key', '=', 'applications.new_received.total').where('state', '=', 'active').executeTakeFirstOrThrow()).id, 'back to the page');
    expect(w.correction.state).toBe('withdrawn');
    expect((await wide('cells_wide', report.id))['app.new_received.total']).toBe(before.applications);
  });

  it('keeps a correction through re-extraction of the same version', async () => {
    const before = await liveReport(CHUNAN_URL);
    const run = await runNoCrawl(store, 'align-review-test-3');
    expect(run.extract.reportsChanged).toBe(2);
    const after = await liveReport(CHUNAN_URL);
    expect([after.id === before.id, after.document_id]).toEqual([false, before.document_id]);
    expect((await wide('cells_wide', after.id))['app.granted.natural_person']).toBe(np(chunan));
    expect((await statesOf(CHUNAN_URL)).map((s) => s.state)).toEqual(['resolved', 'resolved']);
    expect(run.check.review.reopened).toBe(0);
  });

  it('puts a correction up for review on a new document version, then carries it over on confirm', async () => {
    await publish(store.db, SITES.chunan, CHUNAN_URL, chunan, { [GRANTED_NP]: np(chunan) + 6 });
    await runNoCrawl(store, 'align-review-test-3');
    const v2 = await liveReport(CHUNAN_URL);
    expect(v2.version).toBe(2);
    // Not applied to the new version: its own extracted value shows, and the flags are back.
    expect((await wide('cells_wide', v2.id))['app.granted.natural_person']).toBe(np(chunan) + 6);
    expect((await statesOf(CHUNAN_URL)).map((s) => s.state)).toEqual(['open', 'open']);
    const waiting = (await reviewQueue(store.db)).filter((q) => q.kind === 'correction');
    expect(waiting.length).toBe(1);
    expect(waiting[0]!.reportId).toBe(v2.id);
    expect(waiting[0]!.message).toContain(`version 2 now reads ${np(chunan) + 6}`);

    const carried = await confirmCorrection(ctx(), waiting[0]!.id, 'v2 prints the same misreadable cell');
    expect(carried.correction.document_id).toBe(v2.document_id);
    expect(carried.correction.previous_id).toBe(waiting[0]!.id);
    expect(carried.recheck.resolved).toBe(2);
    expect((await store.db.selectFrom('cell_corrections').select('state').where('id', '=', waiting[0]!.id).executeTakeFirstOrThrow()).state).toBe('carried');
    expect((await wide('cells_wide', v2.id))['app.granted.natural_person']).toBe(np(chunan));
    expect((await reviewQueue(store.db)).filter((q) => q.kind === 'correction')).toEqual([]);
  });

  it('exports the reviewed value, says which cells are reviewed, and writes the extracted ones beside it', async () => {
    const rows = await exportRows(store.db, { year: 2023 });
    const row = rows.find((r) => r.url === CHUNAN_URL)!;
    expect([row['app.granted.natural_person'], row.reviewed_cells, row.reviewed_keys]).toEqual([np(chunan), 1, GRANTED_NP]);
    expect(rows.find((r) => r.url === LINTAN_URL)!.reviewed_keys).toBe(GRANTED_NP);
    // The long export: the reviewed value, its source, and the extracted one beside it.
    const long = (await exportLongRows(store.db, { year: 2023 })).filter((r) => r.url === CHUNAN_URL);
    const cell = long.find((r) => r.key === GRANTED_NP)!;
    const extracted = (await wide('cells_extracted', Number(cell.report_id)))['app.granted.natural_person'];
    expect(extracted).not.toBe(np(chunan));
    expect([cell.value, cell.value_source, cell.extracted_value, cell.raw]).toEqual([np(chunan), 'reviewed', extracted, String(extracted)]);
    expect(long.filter((r) => r.value_source === 'reviewed').map((r) => r.key)).toEqual([GRANTED_NP]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-export-'));
    try {
      const written = await writeCorrections(store.db, path.join(dir, 'x.csv'), rows.map((r) => Number(r.report_id)));
      expect(written).toEqual({ path: path.join(dir, 'x.corrections.csv'), rows: 2 });
      const lines = parseCsvObjects(fs.readFileSync(written.path, 'utf8'));
      const c = lines.find((l) => Number(l.report_id) === row.report_id)!;
      expect([c.key, c.column, c.extracted_value, c.extracted_raw, c.reviewed_value, c.used, c.reviewed_by, c.source]).toEqual([
        GRANTED_NP, 'app.granted.natural_person', String(np(chunan) + 6), String(np(chunan) + 6), String(np(chunan)), 'reviewed', 'ann',
        'table 三, row （一）予以公开, column 自然人',
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses what the actor may not do, with the reason', async () => {
    const report = await liveReport(CHUNAN_URL);
    const [flag] = await statesOf(LINTAN_URL);
    const refused = async (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as ActionError);
    const outOfRegion = await refused(correctCell(ctx(gansuOnly), { reportId: report.id, key: GRANTED_NP, value: '1', reason: 'x', source: 'y' }));
    expect([outOfRegion?.kind, outOfRegion?.message]).toEqual(['forbidden', 'bo reviews region 62 only; this report is in 330127']);
    expect((await refused(actOnFlag(ctx(viewer), flag!.id, { kind: 'confirm' })))?.kind).toBe('forbidden');
    expect((await refused(actOnFlag(ctx(gansuOnly), flag!.id, { kind: 'confirm' })))).toBeNull();
    const superseded = (await store.db.selectFrom('reports as r').innerJoin('documents as d', 'd.id', 'r.document_id').select('r.id')
      .where('d.url', '=', CHUNAN_URL).where('r.superseded_by', 'is not', null).executeTakeFirstOrThrow()).id;
    expect((await refused(correctCell(ctx(), { reportId: superseded, key: GRANTED_NP, value: '1', reason: 'x', source: 'y' })))?.kind).toBe('conflict');
    expect((await refused(correctCell(ctx(), { reportId: report.id, key: GRANTED_NP, value: '1.5', reason: 'x', source: 'y' })))?.message)
      .toBe(`${GRANTED_NP} is a count: expected a whole number, got "1.5"`);
    expect((await refused(correctCell(ctx(), { reportId: report.id, key: GRANTED_NP, value: '1', reason: 'x', source: ' ' })))?.kind).toBe('invalid');
    expect((await refused(actOnFlag(ctx(), 999_999, { kind: 'confirm' })))?.kind).toBe('not_found');
    expect((await refused(correctCell(ctx(), { reportId: report.id, key: 'active.licensing.change', value: '1', reason: 'x', source: 'y' })))?.message)
      .toBe("active.licensing.change is not a cell of this report's layout (template 2021)");
    const extracted = chunan.cells['applications.new_received.total'];
    expect((await refused(correctCell(ctx(), { reportId: report.id, key: 'applications.new_received.total', value: String(extracted), reason: 'x', source: 'y' })))?.message)
      .toBe(`applications.new_received.total was extracted as ${extracted} already: nothing to correct`);
    // Nothing refused reached the audit log; everything done did.
    const actions = (await store.db.selectFrom('audit_log').select('action').orderBy('id').execute()).map((a) => a.action);
    expect(actions).toEqual(['flag.confirm', 'flag.dismiss', 'flag.dismiss', 'cell.correct', 'cell.correct', 'cell.correct', 'correction.withdraw', 'correction.carry', 'flag.confirm']);
  });
});
