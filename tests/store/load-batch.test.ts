/**
 * Loading a batch at once (loadBatchIn) must leave the database exactly as loading its items
 * one by one would. The reference is a small model of the one-by-one rules, written here from
 * the documented semantics: a load whose extraction is already live does nothing; one already
 * stored but superseded is live again; otherwise it is a new report; either way it then takes
 * over the live reports of its URL and of its body and year. A retirement points the live
 * reports of its URL at themselves. Random batches over few URLs, bodies and years make
 * revivals, shared body-years and claims by two items common.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/stores.js';
import { extraction } from '../helpers/extraction.js';
import type { Store } from '../../src/store/open-store.js';
import { saveDocument } from '../../src/store/documents.js';
import { extractionHash, loadBatchIn, loadExtractionIn, type LoadInput, type LoadResult, type RetireInput } from '../../src/store/reports.js';
import { upsertBody } from '../../src/store/bodies.js';
import { ALL_KEYS } from '../../src/template/keys.js';
import { rng } from '../../src/synth/random.js';

const enc = (s: string) => new TextEncoder().encode(s);

/** A report in the model: identified by its document and its content variant. */
interface ModelReport { doc: number; variant: string; url: string; body: number | null; year: number | null; by: string | null }
const idOf = (r: { doc: number; variant: string }) => `${r.doc}:${r.variant}`;

class Model {
  readonly reports: ModelReport[] = [];
  load(doc: number, variant: string, url: string, body: number | null, year: number | null): { created: boolean; superseded: string[] } {
    let self = this.reports.find((r) => r.doc === doc && r.variant === variant);
    if (self && self.by === null) return { created: false, superseded: [] };
    const created = !self;
    if (self) self.by = null;
    else this.reports.push(self = { doc, variant, url, body, year, by: null });
    const superseded: string[] = [];
    for (const r of this.reports) {
      if (r === self || r.by !== null) continue;
      if (r.url === url || (body !== null && year !== null && r.body === body && r.year === year)) { r.by = idOf(self); superseded.push(idOf(r)); }
    }
    return { created, superseded: superseded.sort() };
  }
  retire(url: string): string[] {
    const gone = this.reports.filter((r) => r.by === null && r.url === url);
    for (const r of gone) r.by = idOf(r);
    return gone.map(idOf).sort();
  }
}

type Step = { kind: 'load'; doc: number; variant: string; body: number | null; year: number | null } | { kind: 'retire'; url: string };

describe.each(BACKENDS)('loading a batch on $name', (backend) => {
  let store: Store;
  beforeEach(async () => { store = await backend.open(); });
  afterEach(async () => { await store.close(); });

  it('leaves what loading one by one leaves, over random batches', async () => {
    const urls = ['http://c1.test/nb/a.html', 'http://c1.test/nb/b.html', 'http://c1.test/nb/c.html', 'http://c1.test/nb/d.pdf'];
    const docs: { id: number; url: string }[] = [];
    for (const [u, url] of urls.entries()) {
      for (let v = 1; v <= 2; v++) docs.push({ id: (await saveDocument(store.db, { url, httpStatus: 200, bytes: enc(`${u} v${v}`) })).id, url });
    }
    const bodies = [
      await upsertBody(store.db, { name: '甲县人民政府', regionCode: '620101', regionName: '甲县', level: '县', kind: 'government' }),
      await upsertBody(store.db, { name: '甲县教育局', regionCode: '620101', regionName: '甲县', level: '县', kind: 'department' }),
    ];
    const key = ALL_KEYS[0]!;
    const input = (s: Extract<Step, { kind: 'load' }>): LoadInput => ({
      documentId: s.doc, url: docs.find((d) => d.id === s.doc)!.url, bodyId: s.body, extractorVersion: 'test',
      extraction: extraction({ [key]: Number(s.variant.split('@')[0]) }, { year: s.year }),
    });
    // This seed's rounds include a report made live again that a later item claims by its stored body and
    // year (the rarest path: without loadBatchIn's cut for it, this test fails).
    const r = rng('load-batch', 2);
    const model = new Model();
    let seen = 0;
    for (let round = 0; round < 12; round++) {
      const steps: Step[] = Array.from({ length: r.int(1, 8) }, () => {
        if (r.chance(0.2)) return { kind: 'retire', url: r.pick(urls) };
        const doc = r.pick(docs).id;
        const year = r.chance(0.9) ? r.int(2022, 2023) : null;
        // The content read (its hash) is the value and the year; the body is the caller's, not part of it.
        return { kind: 'load', doc, variant: `${r.int(0, 1)}@${year}`, body: r.chance(0.8) ? r.pick(bodies) : null, year };
      });
      const expected = steps.map((s) => (s.kind === 'retire' ? model.retire(s.url) : model.load(s.doc, s.variant, docs.find((d) => d.id === s.doc)!.url, s.body, s.year)));
      const items = steps.map((s): LoadInput | RetireInput => (s.kind === 'retire' ? { url: s.url, why: `round ${round}` } : input(s)));
      const got = await store.db.transaction().execute((tx) => loadBatchIn(tx, items));
      // Report ids → model identities, to compare results and the whole table.
      const rows = await store.db.selectFrom('reports').select(['id', 'document_id', 'superseded_by', 'retired_why'])
        .select((eb) => eb.ref('extraction_hash').as('hash')).execute();
      const hashVariant = new Map<string, string>();
      for (const v of [0, 1]) for (const y of [2022, 2023, null]) {
        hashVariant.set(extractionHash(extraction({ [key]: v }, { year: y })), `${v}@${y}`);
      }
      const ident = new Map(rows.map((row) => [row.id, `${row.document_id}:${hashVariant.get(row.hash)}`]));
      got.forEach((g, k) => {
        const e = expected[k]!;
        if (Array.isArray(g)) expect(g.map((id) => ident.get(id)!).sort()).toEqual(e);
        else {
          const ge = e as { created: boolean; superseded: string[] };
          expect({ created: (g as LoadResult).created, superseded: (g as LoadResult).superseded.map((id) => ident.get(id)!).sort() }).toEqual(ge);
        }
      });
      const table = rows.map((row) => [ident.get(row.id)!, row.superseded_by === null ? null : ident.get(row.superseded_by)!] as const).sort();
      const want = model.reports.map((m) => [idOf(m), m.by] as const).sort();
      expect(table).toEqual(want);
      for (const row of rows) expect(row.retired_why !== null).toBe(row.superseded_by === row.id);
      seen += steps.length;
    }
    // The random rounds did exercise every path.
    expect(seen).toBeGreaterThan(40);
    expect(model.reports.filter((m) => m.by !== null && m.by !== idOf(m)).length).toBeGreaterThan(0);
    expect(model.reports.filter((m) => m.by === idOf(m)).length + model.reports.filter((m) => m.by === null).length).toBeGreaterThan(0);
  });

  it('gives one load the same result alone as in a batch', async () => {
    const url = 'http://c2.test/nb/2023.html';
    const a = await saveDocument(store.db, { url, httpStatus: 200, bytes: enc('a') });
    const b = await saveDocument(store.db, { url, httpStatus: 200, bytes: enc('b') });
    const body = await upsertBody(store.db, { name: '乙县人民政府', regionCode: '620102', regionName: '乙县', level: '县', kind: 'government' });
    const x = extraction({ [ALL_KEYS[0]!]: 3 });
    const first = await store.db.transaction().execute((tx) => loadExtractionIn(tx, { documentId: a.id, url, bodyId: body, extraction: x, extractorVersion: 't' }));
    const second = await store.db.transaction().execute((tx) => loadExtractionIn(tx, { documentId: b.id, bodyId: body, extraction: x, extractorVersion: 't' }));
    expect(first).toMatchObject({ created: true, superseded: [] });
    expect(second).toMatchObject({ created: true, superseded: [first.reportId] });
    const again = await store.db.transaction().execute((tx) => loadExtractionIn(tx, { documentId: b.id, bodyId: body, extraction: x, extractorVersion: 't' }));
    expect(again).toEqual({ reportId: second.reportId, created: false, superseded: [] });
  });
});
