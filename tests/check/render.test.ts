import { expect, test } from 'vitest';
import { generateReport, renderReport, reviseReport, RENDER_STYLES } from '../../src/synth/index.js';
import { extractText } from '../../src/extract/index.js';
import { checkReport } from '../../src/check/index.js';
import { reportOfExtraction } from '../../src/cli/commands/check.js';

// End to end with the extractor: a rendered synthetic page reads back cell for cell and checks clean;
// the same page with one broken cell is flagged.
test.each(RENDER_STYLES)('%s: rendered reports read back exactly and check clean', (style) => {
  const fileName = style.startsWith('html') ? 'r.html' : 'r.txt';
  for (let seed = 0; seed < 12; seed++) {
    const s = generateReport(seed);
    const x = extractText(renderReport(s, style), { fileName });
    expect(x.ok, `${style} ${seed}`).toBe(true);
    if (!x.ok) continue;
    for (const [k, v] of Object.entries(s.cells)) expect(x.cells[k], `${style} ${seed} ${k}`).toBe(v);
    expect(checkReport(reportOfExtraction('r', x)).filter((f) => /^(identity|narrative)\./.test(f.rule)), `${style} ${seed}`).toEqual([]);
    const k = 'applications.carried_forward.natural_person';
    const bad = extractText(renderReport(reviseReport(s, { cells: { [k]: (s.cells[k] as number) + 1 } }), style), { fileName });
    if (!bad.ok) throw new Error(bad.error);
    expect(checkReport(reportOfExtraction('r', bad)).map((f) => f.rule)).toContain('identity.b.balance');
    const said = s.narrative.replace(/申请(\d+)件/, (_, n: string) => `申请${Number(n) + (s.cells['applications.carried_over.total'] as number) + 5}件`);
    const wrong = extractText(renderReport(reviseReport(s, { narrative: said }), style), { fileName });
    if (!wrong.ok) throw new Error(wrong.error);
    expect(checkReport(reportOfExtraction('r', wrong)).map((f) => f.rule), `${style} ${seed}`).toContain('narrative.applications');
  }
}, 60_000);
