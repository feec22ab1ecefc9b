/**
 * The farm's ground truth run through the checks (src/check): sound reports
 * raise nothing but the 2019-format warning, each planted flaw raises its rule.
 */
import { it, expect } from 'vitest';
import { startFarm, type ExpectedReport, type Farm } from '../../src/farm/index.js';
import { checkReports } from '../../src/check/index.js';
import type { Report } from '../../src/model/report.js';

const FLAW_RULE = { 'balance': 'identity.b.balance', 'narrative-figure': 'narrative.applications', 'wrong-level': 'region.level_word' } as const;

function asReport(farm: Farm, e: ExpectedReport, i: number): Report {
  const site = farm.sites.find((s) => s.id === e.siteId)!;
  const government = e.body === site.bodyName;
  return {
    id: String(i), year: e.year, template: e.template, otherAsOneRow: e.otherAsOneRow, cells: e.cells, text: e.narrative,
    title: e.title, publishedDate: e.published,
    body: { name: e.body, level: site.level, regionName: site.regionName, regionCode: site.regionCode, kind: government ? 'government' : 'department' },
  };
}

it.each([0, 1])('sound farm reports pass the checks; planted flaws are caught (day %i)', async (day) => {
  const farm = await startFarm({ seed: 21, sites: 30 });
  try {
    const all = farm.expected(day);
    const flags = checkReports(all.map((e, i) => asReport(farm, e, i)));
    let flawed = 0;
    const extra: string[] = [];
    all.forEach((e, i) => {
      const rules = (flags.get(String(i)) ?? []).map((f) => f.rule);
      const allowed = e.template === '2019' && e.year >= 2021 ? ['template.format_year'] : [];
      const planted = e.flaws.map((f) => FLAW_RULE[f]);
      flawed += planted.length;
      for (const rule of planted) expect(rules, `${e.url} ${rule}`).toContain(rule);
      extra.push(...rules.filter((r) => !allowed.includes(r) && !planted.includes(r as never)));
    });
    expect(flawed).toBeGreaterThan(5);
    expect(extra).toEqual([]);
  } finally {
    await farm.close();
  }
});
