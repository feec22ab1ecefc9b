/**
 * A body and report whose every free-text field carries markup or script, for
 * checking that the web view shows it as text and runs none of it.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../src/store/schema.js';
import { saveDocument } from '../../src/store/documents.js';
import { upsertBody } from '../../src/store/bodies.js';
import { loadExtraction } from '../../src/store/reports.js';
import { replaceFlags } from '../../src/store/flags.js';
import { extraction } from './extraction.js';

export const HOSTILE_NAME = `<script>window.__pwned=1;alert('name')</script>"><img src=x onerror="window.__pwned=2;alert('img')">桐庐县人民政府`;
export const HOSTILE_FLAG = `<img src=x onerror="alert('flag')"> </script><script>alert('flag2')</script>`;
export const HOSTILE_RAW = `<b onmouseover="alert('raw')">7</b>`;

export interface HostileIds { readonly bodyId: number; readonly reportId: number; readonly documentId: number }

export async function loadHostileReport(db: Kysely<Database>): Promise<HostileIds> {
  const bodyId = await upsertBody(db, { name: HOSTILE_NAME, regionCode: '330122', regionName: `桐庐县"'<i>`, level: '县', kind: 'government' });
  const doc = await saveDocument(db, {
    url: `http://tonglu.gov.test/nb/2023.html?"><script>alert('url')</script>`, httpStatus: 200, kind: 'report',
    contentType: 'text/html; charset=utf-8', charset: 'utf-8',
    bytes: new TextEncoder().encode(`<html><body><h1>${HOSTILE_NAME}</h1><script>alert('stored page')</script><p>本年新收申请35件</p></body></html>`),
  });
  const x = extraction({
    'applications.new_received.total': 35, 'applications.total.total': 35,
    'applications.granted.total': 20, 'applications.partially_granted.total': 7,
  }, { year: 2023, organization: HOSTILE_NAME, title: `${HOSTILE_NAME}2023年政府信息公开工作年度报告` });
  const details = x.details.map((d) => (d.key === 'applications.partially_granted.total' ? { ...d, raw: HOSTILE_RAW } : d));
  const { reportId } = await loadExtraction(db, { documentId: doc.id, bodyId, extraction: { ...x, details }, extractorVersion: 'fixture-1' });
  await replaceFlags(db, reportId, [{ rule: 'narrative.applications', severity: 'warning', message: HOSTILE_FLAG, cells: { 'applications.new_received.total': 35 } }]);
  return { bodyId, reportId, documentId: doc.id };
}
