/** The discover stage's shortcut past the report parser, and the write lane the store stage batches through. */
import { describe, expect, it } from 'vitest';
import { discoverAttachments } from '../../src/crawl/discover.js';
import { discoverPage } from '../../src/crawl/discover-stage.js';
import { mayHaveAttachments } from '../../src/crawl/discover.js';
import { DbLane } from '../../src/crawl/db-lane.js';

const page = (body: string) => `<!DOCTYPE html><html><head><title>某县2023年政府信息公开工作年度报告</title>
<script>document.write('x')</script></head><body>${body}</body></html>`;
const URL_ = 'http://a.cn/nb/t20240101_1.html';

describe('mayHaveAttachments', () => {
  const cases: Array<[string, string]> = [
    ['plain report', page('<p>正文</p><a href="/nb/">返回</a><a href="t2.html">下一篇</a>')],
    ['pdf link', page('<a href="/u/a.pdf">附件</a>')],
    ['upper-case extension', page('<a href="/u/A.PDF">附件</a>')],
    ['docx in an iframe', page('<iframe src="/u/a.docx"></iframe>')],
    ['query after the extension', page('<a href="/u/a.xls?v=1">附件</a>')],
    ['unquoted', page('<a href=/u/a.wps>附件</a>')],
    ['extension split by a newline', page('<a href="/u/a.p\ndf">附件</a>')],
    ['extension as a character reference', page('<a href="/u/a.&#112;df">附件</a>')],
    ['viewer with an escaped file', page('<a href="/pdfjs/viewer.html?file=%2Fu%2Fa%2Epdf">附件</a>')],
    ['viewer with &percnt;', page('<a href="/viewer.html?file=/u/a.&percnt;70df">附件</a>')],
    ['object data', page('<object data="/u/a.ofd"></object>')],
    ['"doc" inside words only', page('<p>document docs DOCTYPE pdfs</p>')],
  ];
  it.each(cases.slice(1, 11))('never misses what the parser finds: %s', (_name, html) => {
    expect(discoverAttachments(URL_, html).links).toHaveLength(1);
    expect(mayHaveAttachments(html)).toBe(true);
  });
  it('lets plain pages skip the parser', () => {
    expect(mayHaveAttachments(cases[0]![1])).toBe(false);
    expect(mayHaveAttachments(cases[11]![1])).toBe(false);
  });
  it('still parses a report the list gave no title, for its title', () => {
    const row = { url: URL_, kind: 'report', meta: {} };
    expect(discoverPage(row, cases[0]![1], 'text/html').title).toBe('某县2023年政府信息公开工作年度报告');
    expect(discoverPage({ ...row, meta: { title: 't' } }, cases[0]![1], 'text/html')).toEqual({ links: [], title: null, scriptDriven: false });
    expect(discoverPage({ ...row, meta: { title: 't' } }, cases[1]![1], 'text/html').links).toHaveLength(1);
  });
});

describe('DbLane', () => {
  it('batches what waits, lists first, never two items with one key in a batch, and splits a failing batch', async () => {
    const batches: string[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const lane = new DbLane<string, string>(async (items) => {
      batches.push(items);
      if (batches.length === 1) await gate;
      if (items.length > 1 && items.includes('bad')) throw new Error('batch failed');
      if (items[0] === 'bad') throw new Error('bad item');
      return items.map((i) => i.toUpperCase());
    }, { slots: 1, key: (i) => i.replace(/\d$/, '') });
    const first = lane.add('a', false);
    const rest = [lane.add('r1', false), lane.add('bad', false), lane.add('l', true), lane.add('r2', false)];
    release();
    expect(await first).toBe('A');
    const settled = await Promise.allSettled(rest);
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : 'rejected'))).toEqual(['R1', 'rejected', 'L', 'R2']);
    expect(batches[1]).toEqual(['l', 'r1', 'bad']); // urgent first; r2 shares r1's key and waits
    expect(batches.slice(2)).toEqual([['l'], ['r1'], ['bad'], ['r2']]);
  });
  it('holds fetching back while too much waits', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const lane = new DbLane<number, number>(async (items) => { await gate; return items; }, { slots: 1, maxQueued: 2 });
    const writes = [1, 2, 3].map((n) => lane.add(n, false));
    let roomy = false;
    const room = lane.room().then(() => (roomy = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(roomy).toBe(false);
    release();
    await room;
    expect(await Promise.all(writes)).toEqual([1, 2, 3]);
  });
  it('lingers: items arriving within lingerMs of the first share its batch; a full batch goes at once', async () => {
    const batches: number[][] = [];
    const lane = new DbLane<number, number>(async (items) => { batches.push(items); return items; }, { slots: 1, maxBatch: 3, lingerMs: 40 });
    const early = [lane.add(1, false), lane.add(2, false)];
    await new Promise((r) => setTimeout(r, 10));
    expect(batches).toEqual([]); // still lingering
    const late = lane.add(3, false); // fills the batch: no more waiting
    await Promise.all([...early, late]);
    expect(batches).toEqual([[1, 2, 3]]);
    const t0 = performance.now();
    expect(await lane.add(4, false)).toBe(4);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(35); // a lone item waited for company
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });
  it('counts the linger from the oldest waiting item: what queued behind a running batch goes when the slot frees', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const starts: Array<{ items: number[]; at: number }> = [];
    const lane = new DbLane<number, number>(async (items) => {
      starts.push({ items, at: performance.now() });
      if (starts.length === 1) await gate;
      return items;
    }, { slots: 1, maxBatch: 10, lingerMs: 200 });
    const first = lane.add(1, false);
    await new Promise((r) => setTimeout(r, 250)); // the first batch is running (held by the gate)
    const queued = lane.add(2, false);
    await new Promise((r) => setTimeout(r, 250)); // item 2 has waited longer than the linger
    const freed = performance.now();
    release();
    await Promise.all([first, queued]);
    expect(starts.map((s) => s.items)).toEqual([[1], [2]]);
    expect(starts[1]!.at - freed).toBeLessThan(150); // no second linger of 200 ms
  });
});
