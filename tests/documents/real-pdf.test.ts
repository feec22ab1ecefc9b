import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDocumentWorkers, readDocument } from '../../src/extract/documents/index.js';

const DIR = '/work/shared/corpus/pdf';
const COLS = ['natural_person', 'commercial_enterprise', 'research_institution', 'social_welfare_org', 'legal_service_org', 'other_org', 'total'];
const B_ROWS = ['new_received', 'carried_over', 'granted', 'partially_granted', 'denied_state_secret', 'denied_prohibited_by_law',
  'denied_three_safety_one_stability', 'denied_third_party_rights', 'denied_internal_affairs', 'denied_process_information',
  'denied_enforcement_files', 'denied_query_matters', 'unable_not_held', 'unable_needs_creation', 'unable_unclear_after_correction',
  'not_processed_petition_complaint', 'not_processed_duplicate', 'not_processed_publications', 'not_processed_excessive_repeated',
  'not_processed_confirm_existing', 'other', 'total', 'carried_forward'];
const A_ROWS: [string, string[]][] = [
  ['规章', ['active.regulations.issued', 'active.regulations.repealed', 'active.regulations.in_force']],
  ['行政规范性文件', ['active.normative_documents.issued', 'active.normative_documents.repealed', 'active.normative_documents.in_force']],
  ['行政许可', ['active.licensing.decisions']], ['行政处罚', ['active.penalty.decisions']],
  ['行政强制', ['active.coercion.decisions']], ['行政事业性收费', ['active.fees.amount']],
];
const C_KEYS = ['review', 'litigation_direct', 'litigation_after_review'].flatMap((g) => ['upheld', 'corrected', 'other', 'pending', 'total'].map((c) => `${g}.${c}`));

const cellsOf = (line: string): string[] => line.slice(1, -1).split('|').map((c) => c.trim());
const num = (s: string | undefined): number | null => (s === undefined || s === '' ? null : Number(s));

afterAll(() => closeDocumentWorkers());

describe.each(['hongze-2023', 'hongze-2024'])('real PDF %s', (id) => {
  it('pipe rows carry every gold cell in row/column order', async () => {
    const gold = JSON.parse(readFileSync(`${DIR}/${id}.gold.json`, 'utf8')) as { cells: Record<string, number | null>; year: number };
    const r = await readDocument(new Uint8Array(readFileSync(`${DIR}/${id}.pdf`)), { fileName: `${id}.pdf` });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.pages).toBe(5);
    expect(r.title).toContain(`${gold.year}年政府信息公开工作年度报告`);
    expect(r.title).toContain('洪泽区');
    const rows = r.text.split('\n').filter((l) => l.startsWith('|')).map(cellsOf);
    const seen = new Set<string>();
    for (const [label, keys] of A_ROWS) {
      const row = rows.find((c) => c[0] === label);
      expect(row, label).toBeDefined();
      keys.forEach((k, i) => { expect(num(row![1 + i]), k).toBe(gold.cells[k]); seen.add(k); });
    }
    // Table B rows: a label, then seven numbers (empty cells of a ruled grid may stand before them).
    const bRows = rows.filter((c) => c.length >= 8 && c.slice(0, -7).some((x) => /[^\d]/.test(x)) && c.slice(-7).every((x) => /^\d+$/.test(x)));
    expect(bRows).toHaveLength(B_ROWS.length);
    B_ROWS.forEach((row, i) => {
      const vals = bRows[i]!.slice(-7);
      COLS.forEach((col, j) => { const k = `applications.${row}.${col}`; expect(num(vals[j]), k).toBe(gold.cells[k]); seen.add(k); });
    });
    expect(bRows[3]!.at(-8)).toBe('（二）部分公开（区分处理的，只计这一情形，不计其他情形）');
    const cRow = rows.find((c) => c.length === 15)!;
    C_KEYS.forEach((k, i) => { expect(num(cRow[i]), k).toBe(gold.cells[k]); seen.add(k); });
    expect(seen.size).toBe(Object.keys(gold.cells).length);
  });
});
