/**
 * Word tables as an office suite writes them, in DOCX and in legacy DOC: generated reports in the template's grid
 * (rowspans, colspans), with blank cells (three in seven), converted from HTML to DOCX by
 * LibreOffice — merged group labels as vertical merges, spanning labels as gridSpan — plain,
 * and with the empty cell that closes every row of many Word tables. The DOCX reader once
 * wrote a blank for every merged and spanned grid column, and a row with a blank too many
 * could have the wrong one dropped: 4–13 values stated wrong per plain report, 40–78 per
 * padded one. Now a table's rows list the cells that begin in them, as a ruled PDF table's
 * do, without the padding (layout-grid.ts). A legacy DOC read by word-extractor gave its
 * tables as tab-separated cells, a row's end the same tab as an empty cell: 37–81 values
 * wrong per report; now LibreOffice saves it as DOCX first (doc.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { htmlToDocx } from '../../fixtures/documents/render.js';
import { closeDocumentWorkers } from '../../src/extract/documents/index.js';
import { extract } from '../../src/extract/index.js';
import { generateReport, renderReport } from '../../src/synth/index.js';
import { afterAll } from 'vitest';

const STYLE = '<style>table{border-collapse:collapse} td{border:1px solid #000;padding:2px 4px;font-size:10pt}</style>';
const SEEDS = [1, 2, 5, 8];
const withBlanks = (seed: number) => {
  const rep = generateReport(seed);
  let k = 0;
  return { rep, cells: Object.fromEntries(Object.entries(rep.cells).map(([key, v]) => [key, (k++ * 13 + seed * 5) % 7 < 3 ? null : v])) };
};

describe.each(['docx', 'doc'] as const)('%s written by LibreOffice from the template grid', (format) => {
  const docs = new Map<string, Uint8Array>();
  beforeAll(async () => {
    const forms = SEEDS.flatMap((seed) => [false, true].map((padded) => {
      const { rep, cells } = withBlanks(seed);
      const html = renderReport({ ...rep, cells }, 'html-grid').replace('</head>', `${STYLE}</head>`);
      return { key: `${seed} ${padded}`, html: padded ? html.replace(/<\/tr>/gi, '<td>&nbsp;</td></tr>') : html };
    }));
    const bytes = await htmlToDocx(forms.map((f) => f.html), format);
    forms.forEach((f, i) => docs.set(f.key, bytes[i]!));
  }, 300_000);
  afterAll(async () => { await closeDocumentWorkers(); });

  it.each(SEEDS.flatMap((seed) => [{ seed, padded: false }, { seed, padded: true }]))('seed $seed, padded $padded: every cell as printed, blanks null', async ({ seed, padded }) => {
    const { cells } = withBlanks(seed);
    const r = await extract({ fileName: `report.${format}`, bytes: docs.get(`${seed} ${padded}`)! });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.details.filter((d) => d.value !== cells[d.key]).map((d) => `${d.key}=${d.value} (printed ${cells[d.key]})`)).toEqual([]);
    expect(r.cells).toEqual(cells);
  });
});
