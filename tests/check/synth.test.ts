import { describe, expect, test } from 'vitest';
import { checkReport, checkReports } from '../../src/check/index.js';
import { generateReport, reviseReport, toReport, LEVEL_CHAR, type SynthReport } from '../../src/synth/index.js';
import { identities, evaluate, templateKeys } from '../../src/template/index.js';
import type { Level } from '../../src/model/body.js';

describe('generateReport', () => {
  test('every key of the template, every identity holds, same seed same report', () => {
    for (let seed = 0; seed < 200; seed++) {
      const s = generateReport(seed);
      expect(Object.keys(s.cells).sort()).toEqual(templateKeys(s.template, { otherAsOneRow: s.otherAsOneRow }).sort());
      for (const id of identities({ template: s.template, otherAsOneRow: s.otherAsOneRow })) {
        expect(evaluate(id, s.cells).status, `${seed} ${id.id}`).toBe('holds');
      }
    }
    expect(generateReport(7)).toEqual(generateReport(7));
    expect(generateReport(7).narrative).not.toBe(generateReport(8).narrative);
  });

  test('options are honoured and the narrative restates the table', () => {
    const s = generateReport(3, { template: '2021', year: 2023, level: '市', organization: '某市人民政府' });
    expect([s.template, s.year, s.level, s.organization]).toEqual(['2021', 2023, '市', '某市人民政府']);
    expect(s.narrative).toContain(`申请${s.cells['applications.new_received.total']}件`);
    expect(s.narrative).toContain('我市');
    expect(s.title).toBe('某市人民政府2023年政府信息公开工作年度报告');
  });
});

type Fault = 'cell' | 'narrative' | 'level' | 'copy';
const EXPECTED: Record<Fault, string> = {
  cell: 'identity.b.balance', narrative: 'narrative.applications', level: 'region.level_word', copy: 'copy.narrative',
};
const LOWER: Partial<Record<Level, Level>> = { 省: '市', 市: '县', 县: '乡' };

/** One known inconsistency injected into a consistent report. */
function inject(fault: Fault, seed: number, source: SynthReport): SynthReport {
  switch (fault) {
    case 'cell': {
      const s = generateReport(seed);
      const k = 'applications.carried_forward.natural_person';
      return reviseReport(s, { cells: { [k]: (s.cells[k] as number) + 1 } });
    }
    case 'narrative': {
      // A figure matching neither reading the check accepts (新收, or 新收 + 上年结转).
      const s = generateReport(seed);
      const carried = s.cells['applications.carried_over.total'] as number;
      return reviseReport(s, { narrative: s.narrative.replace(/申请(\d+)件/, (_, n: string) => `申请${Number(n) + carried + 5}件`) });
    }
    case 'level': {
      // A government speaks of its region (我县); a department of itself (本机关).
      const s = generateReport(seed, { level: (['省', '市', '县'] as const)[seed % 3], government: true });
      const lower = LOWER[s.level]!;
      return reviseReport(s, { narrative: s.narrative.replaceAll(`我${LEVEL_CHAR[s.level]}`, `我${LEVEL_CHAR[lower]}`) });
    }
    case 'copy': {
      // Same year as its source and published after it: the later of two copies is the copy.
      const s = generateReport(seed, { year: source.year, template: source.template });
      return { ...reviseReport(s, { narrative: source.narrative }), publishedDate: `${source.year + 1}-01-29` };
    }
  }
}

test('600 synthetic reports: every injected fault flagged by its rule, at most 1 % of clean ones flagged', () => {
  const faults: Fault[] = ['cell', 'narrative', 'level', 'copy'];
  const reports: { id: string; s: SynthReport; fault: Fault | null }[] = [];
  for (let i = 0; i < 600; i += 2) {
    const clean = generateReport(10_000 + i);
    reports.push({ id: `clean-${i}`, s: clean, fault: null });
    const fault = faults[(i / 2) % 4]!;
    reports.push({ id: `fault-${i}-${fault}`, s: inject(fault, 10_000 + i + 1, clean), fault });
  }
  const flags = checkReports(reports.map((x) => toReport(x.s, x.id)));
  const missed = reports.filter((x) => x.fault && !(flags.get(x.id) ?? []).some((f) => f.rule === EXPECTED[x.fault!]));
  expect(missed.map((x) => x.id)).toEqual([]);
  const cleanFlagged = reports.filter((x) => !x.fault && (flags.get(x.id) ?? []).length > 0);
  console.info(`clean flagged: ${cleanFlagged.length}/300`);
  expect(cleanFlagged.length, JSON.stringify(cleanFlagged.slice(0, 3).map((x) => flags.get(x.id)))).toBeLessThanOrEqual(3);
  expect(reports.filter((x) => x.fault).length).toBe(300);
});

test('a clean synthetic report raises nothing on its own', () => {
  let flagged = 0;
  for (let seed = 0; seed < 300; seed++) if (checkReport(toReport(generateReport(seed), `s${seed}`)).length) flagged++;
  expect(flagged).toBe(0);
});
