import { describe, expect, test } from 'vitest';
import { checkReport, checkReports } from '../../src/check/index.js';
import { corpusIds, corpusReport } from './corpus.js';

const rules = (fs: readonly { rule: string }[]) => fs.map((f) => f.rule).sort();

describe('seed hezuo 2023', () => {
  const flags = checkReport(corpusReport('seed-hezuo-2023'));

  test('yields exactly its known flags', () => {
    expect(rules(flags)).toEqual([
      'identity.b.balance', 'identity.b.balance', 'identity.b.outcomes', 'identity.b.outcomes',
      'narrative.repealed', 'region.level_word',
    ]);
  });

  test('the broken identities are the natural-person and total columns of table B', () => {
    const balance = flags.filter((f) => f.rule === 'identity.b.balance');
    expect(balance.map((f) => f.cells['applications.new_received.natural_person'] ?? f.cells['applications.new_received.total'])).toEqual([6, 6]);
    expect(balance[0]!.message).toContain('自然人');
    expect(balance[1]!.message).toContain('总计');
    const outcomes = flags.filter((f) => f.rule === 'identity.b.outcomes');
    expect(outcomes[0]!.cells['applications.total.natural_person']).toBe(0);
    expect(outcomes[0]!.cells['applications.granted.natural_person']).toBe(6);
  });

  test('narrative 废止1件 against table A 0, and 我县 in a 市 report', () => {
    const repealed = flags.find((f) => f.rule === 'narrative.repealed')!;
    expect(repealed.cells).toMatchObject({ narrative: 1, 'active.normative_documents.repealed': 0 });
    expect(flags.find((f) => f.rule === 'region.level_word')!.message).toContain('我县');
  });

  test('no arithmetic flag on table C', () => {
    expect(flags.filter((f) => f.rule.startsWith('identity.c'))).toEqual([]);
  });
});

test('pingtan 2022 → 2023 breaks the in-force chain (470 vs 698 + 77 − 132)', () => {
  const a = corpusReport('pingtan-2022'), b = corpusReport('pingtan-2023');
  const flags = checkReports([a, b]);
  const f = flags.get('pingtan-2023')!.filter((x) => x.rule === 'crossyear.in_force');
  expect(f).toHaveLength(1);
  expect(f[0]!.cells).toMatchObject({ 'active.normative_documents.in_force': 470, 'last_year.active.normative_documents.in_force': 698 });
  expect(f[0]!.relatedReportId).toBe('pingtan-2022');
  expect(flags.get('pingtan-2022')!.filter((x) => x.rule.startsWith('crossyear'))).toEqual([]);
});

test('sh-bgt 2019: its narrative (quoted in the gold notes; the stored page holds only the tables) contradicts 272 + 3', () => {
  const base = corpusReport('sh-bgt-2019');
  // The stored page starts at 二; the 一、总体情况 sentence is restored from the gold notes.
  const r = { ...base, text: `一、总体情况 …本年度予以公开及部分公开258件。${base.text}` };
  const f = checkReport(r).filter((x) => x.rule === 'narrative.granted');
  expect(f).toHaveLength(1);
  expect(f[0]!.cells.narrative).toBe(258);
  expect(f[0]!.message).toContain('at least 275'); // blanks in the granted row are not read as 0: 275 is a floor
  // Without that sentence the page restates nothing the table contradicts.
  expect(checkReport(base).filter((x) => x.rule.startsWith('narrative'))).toEqual([]);
});

test('hongze 2023: the two table C totals printed 0 against their rows (10+1, 5); hongze 2024 keeps the in-force chain', () => {
  // The two reports name the body differently (洪泽区人民政府 / 淮安市洪泽区人民政府); the registry would know it is one.
  const h23report = corpusReport('hongze-2023');
  const body = { ...h23report.body, name: '淮安市洪泽区人民政府', regionCode: '320813' };
  const flags = checkReports([{ ...h23report, body }, { ...corpusReport('hongze-2024'), body }]);
  const h23 = flags.get('hongze-2023')!;
  expect(h23.map((f) => f.rule)).toEqual(['identity.c.group_total', 'identity.c.group_total']);
  expect(h23.map((f) => f.cells['review.total'] ?? f.cells['litigation_after_review.total'])).toEqual([0, 0]);
  expect(h23[0]!.message).toContain('行政复议');
  // 5 + 3 − 0 = 8 and nothing carried: no cross-year flag; 行政许可 550 → 9487 is a real tenfold jump (info).
  expect(flags.get('hongze-2024')!.map((f) => [f.rule, f.severity, f.cells['active.licensing.decisions']])).toEqual([['outlier.yoy', 'info', 9487]]);
});

test('no false arithmetic flag on the corpus pages whose tables add up', () => {
  for (const id of corpusIds().filter((x) => !x.startsWith('seed') && x !== 'hongze-2023')) {
    const arithmetic = checkReport(corpusReport(id)).filter((f) => f.rule.startsWith('identity.'));
    expect(arithmetic, id).toEqual([]);
  }
});

test('no narrative or level-word flag on the dev corpus pages', () => {
  for (const id of corpusIds().filter((x) => !x.startsWith('seed'))) {
    const fs = checkReport(corpusReport(id)).filter((f) => f.rule.startsWith('narrative.') || f.rule.startsWith('region.'));
    expect(fs, id).toEqual([]);
  }
});
