/**
 * JSON parameters carry half a character as U+FFFD (json-param.ts): unit cases for the
 * escapes JSON.stringify writes, and a report whose warning quotes a page cut mid-character
 * and a queued link titled with it, which PostgreSQL's JSON input refused, on both backends.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jsonParam } from '../../src/store/json-param.js';
import { BACKENDS } from '../helpers/stores.js';
import type { Store } from '../../src/store/open-store.js';
import { saveDocument } from '../../src/store/documents.js';
import { loadExtraction } from '../../src/store/reports.js';
import { enqueue } from '../../src/store/frontier.js';
import type { ExtractionOk } from '../../src/model/report.js';

const HALF = '𠀀'.slice(0, 1); // the first half of U+20000

describe('jsonParam', () => {
  it('writes each half of a character as U+FFFD, anywhere in the value', () => {
    expect(JSON.parse(jsonParam({ w: [`a${HALF}b`, '\udc00'], n: 1 }))).toEqual({ w: ['a\ufffdb', '\ufffd'], n: 1 });
  });
  it('keeps whole astral characters, and text that only spells an escape', () => {
    for (const v of ['𠀀镇', '\\ud800', `\\${HALF}`, ['\\\\ud83d', 'x']]) {
      expect(JSON.parse(jsonParam(v))).toEqual(typeof v === 'string' ? v.toWellFormed() : v);
    }
  });
});

describe.each(BACKENDS)('page text cut mid-character in JSON columns on $name', (backend) => {
  let store: Store;
  beforeEach(async () => { store = await backend.open(); });
  afterEach(async () => { await store.close(); });

  it('loads a report whose warning quotes it, and queues a link titled with it', async () => {
    const doc = await saveDocument(store.db, { url: 'http://a.test/2022.html', httpStatus: 200, bytes: new TextEncoder().encode('x') });
    const x = {
      ok: true, template: '2021', year: 2022, organization: null, title: null, text: '', cells: {}, details: [],
      warnings: [`row "${HALF}镇" left out`], accounts: [], otherAsOneRow: false,
    } as unknown as ExtractionOk;
    const { reportId } = await loadExtraction(store.db, { documentId: doc.id, bodyId: null, extraction: x, extractorVersion: 't' });
    const r = await store.db.selectFrom('reports').select('warnings').where('id', '=', reportId).executeTakeFirstOrThrow();
    expect(r.warnings).toEqual(['row "\ufffd镇" left out']);
    await enqueue(store.db, [{ url: 'http://a.test/list.html', kind: 'report', meta: { title: `${HALF}镇2022年报` } }]);
    const row = await store.db.selectFrom('frontier').select('meta').where('url', '=', 'http://a.test/list.html').executeTakeFirstOrThrow();
    expect(row.meta).toEqual({ title: '\ufffd镇2022年报' });
  });
});
