/** The farm's county sites, fetched over loopback: every published report reads back to its ground truth. */
import { describe, expect, it } from 'vitest';
import { startFarm } from '../../src/farm/index.js';
import { extract } from '../../src/extract/index.js';

describe('extract on farm report pages', () => {
  it('matches the ground truth cells, year and template of each report (GBK pages included)', async () => {
    const farm = await startFarm({ seed: 11, sites: 6 });
    const bad: string[] = [];
    let n = 0;
    try {
      for (const e of farm.expected(0)) {
        const res = await fetch(e.url);
        const bytes = new Uint8Array(await res.arrayBuffer());
        const r = await extract({ url: e.url, bytes, contentType: res.headers.get('content-type') ?? undefined });
        n++;
        if (!r.ok) { bad.push(`${e.url}: ${r.error}`); continue; }
        const wrong = Object.keys(e.cells).filter((k) => r.cells[k] !== e.cells[k]);
        const extra = Object.keys(r.cells).filter((k) => !(k in e.cells) && r.cells[k] !== null);
        if (wrong.length || extra.length || r.year !== e.year || r.template !== e.template) bad.push(`${e.url}: wrong ${wrong.slice(0, 3)} extra ${extra.slice(0, 3)}`);
      }
    } finally { await farm.close(); }
    expect(n).toBeGreaterThan(20);
    expect(bad).toEqual([]);
  }, 60_000);
});
