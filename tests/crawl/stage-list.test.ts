/** The crawl's stages as data: their declared order, the typed chain, the runner's closed set of outcomes, list_style. */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { CRAWL_STAGES, AGAIN_FROM } from '../../src/crawl/stages.js';
import { StageList, runStages, next, retry, type Stage } from '../../src/crawl/stage.js';
import type { RowCtx, StoredCtx } from '../../src/crawl/crawl-context.js';
import { firstStrategy } from '../../src/crawl/list-style.js';
import type { Site } from '../../src/crawl/sites.js';

describe('the stage list', () => {
  it('is declared in the order of the crawl, and `again` restarts at the fetch', () => {
    expect(CRAWL_STAGES.names).toEqual(['navigation budget', 'robots', 'politeness slot', 'conditional GET', 'fetch', 'decode', 'classify page', 'discover links', 'find columns', 'store version']);
    expect(CRAWL_STAGES.names[AGAIN_FROM]).toBe('fetch');
    expectTypeOf(CRAWL_STAGES).toEqualTypeOf<StageList<RowCtx, StoredCtx, import('../../src/crawl/crawl-context.js').CrawlEnv>>();
  });

  it('chains only stages whose input is the previous output', () => {
    const toLen: Stage<string, number, null> = { name: 'len', run: (s) => next(s.length) };
    const double: Stage<number, number, null> = { name: 'double', run: (n) => next(n * 2) };
    const list = StageList.start<string, null>().then(toLen).then(double);
    expectTypeOf(list).toEqualTypeOf<StageList<string, number, null>>();
    // @ts-expect-error a string stage cannot follow a number stage
    list.then(toLen);
  });

  it('runs the stages in order, stops at the first outcome that is not continue, and rejects anything else', async () => {
    const seen: string[] = [];
    const step = (name: string): Stage<number, number, null> => ({ name, run: (n) => { seen.push(name); return next(n + 1); } });
    const stop: Stage<number, number, null> = { name: 'stop', run: () => retry('busy', { afterMs: 5 }) };
    const list = StageList.start<number, null>().then(step('a')).then(stop).then(step('b'));
    expect(await runStages(list.stages, 0, null)).toMatchObject({ kind: 'retry', reason: 'busy', afterMs: 5, counted: true });
    expect(seen).toEqual(['a']);
    expect(await runStages(StageList.start<number, null>().then(step('a')).then(step('b')).stages, 0, null)).toEqual({ kind: 'continue', value: 2 });
    const bogus = { name: 'bogus', run: () => ({ kind: 'done' }) } as unknown as Stage<number, number, null>;
    await expect(runStages(StageList.start<number, null>().then(bogus).stages, 0, null)).rejects.toThrow(/stage bogus returned .*not an outcome/);
  });
});

describe('list_style', () => {
  const site = (hints: Partial<Site['hints']>): Site => ({
    id: 's', base_url: 'http://a.cn/', body: '某县', lists: ['http://a.cn/nb/'], hints: { list_style: 'auto', needs_browser: false, ...hints },
  } as Site);
  const list = { kind: 'list', method: 'GET', meta: { seed: true } };
  it('picks how a list is fetched first', () => {
    expect(firstStrategy(list, site({}))).toBe('http');
    expect(firstStrategy(list, site({ list_style: 'browser' }))).toBe('browser');
    expect(firstStrategy(list, site({ needs_browser: true }))).toBe('browser');
    expect(firstStrategy(list, site({ list_style: 'json' }))).toBe('data');
    expect(firstStrategy(list, site({ list_style: 'trs' }))).toBe('http');
  });
  it('never renders reports, API answers or POSTs', () => {
    expect(firstStrategy({ ...list, kind: 'report' }, site({ list_style: 'browser' }))).toBe('http');
    expect(firstStrategy({ ...list, meta: { data: true } }, site({ list_style: 'browser' }))).toBe('data');
    expect(firstStrategy({ ...list, method: 'POST', meta: {} }, site({ list_style: 'browser' }))).toBe('data');
  });
});
