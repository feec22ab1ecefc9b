import { describe, expect, it } from 'vitest';
import { regionName, regionPrefix, resolveRegion } from '../../src/research/region.js';
import { parseComparison } from '../../src/research/compare.js';

describe('region selection', () => {
  it('drops trailing zero pairs so a prefix selects the region and everything under it', () => {
    expect(regionPrefix('330000')).toBe('33');
    expect(regionPrefix('330100')).toBe('3301');
    expect(regionPrefix('330106')).toBe('330106');
    // 台州市 is 331000: dropping single zeros would select 331xxx and take in 丽水 (3311).
    expect(regionPrefix('331000')).toBe('3310');
    expect(regionPrefix('110000')).toBe('11');
    expect(regionPrefix('330106001000')).toBe('330106001');
  });

  it('names regions and resolves names to codes', () => {
    expect(regionName('330000')).toBe('浙江省');
    expect(regionName('623001')).toBe('合作市');
    expect(resolveRegion('浙江')).toEqual({ ok: true, prefix: '33', name: '浙江省' });
    expect(resolveRegion('甘南藏族自治州')).toEqual({ ok: true, prefix: '6230', name: '甘南藏族自治州' });
    expect(resolveRegion('330100')).toEqual({ ok: true, prefix: '3301', name: '杭州市' });
  });

  it('rejects unknown and ambiguous names with what to do instead', () => {
    const amb = resolveRegion('鼓楼区');
    expect(amb.ok).toBe(false);
    expect(!amb.ok && amb.error).toMatch(/ambiguous.*320106.*give its code/);
    expect(resolveRegion('火星')).toEqual({ ok: false, error: expect.stringContaining('unknown region "火星"') });
    expect(resolveRegion('3')).toEqual({ ok: false, error: expect.stringContaining('2 to 12 digits') });
  });
});

describe('parseComparison', () => {
  it('validates every input and defaults the metric and the minimum', () => {
    const ok = parseComparison({ region: '330000', year: '2023', level: '县' });
    expect(ok.ok && ok.value).toMatchObject({ year: 2023, region: { prefix: '33' }, level: '县', minDenominator: 30, metric: { id: 'grant_rate' } });
    const bad = (input: Parameters<typeof parseComparison>[0]) => { const r = parseComparison(input); return r.ok ? '' : r.error; };
    expect(bad({ year: '2023', metric: 'nope' })).toMatch(/unknown metric "nope"; choose one of applications, handled, grant_rate/);
    expect(bad({ year: '23' })).toMatch(/--year expects a report year/);
    expect(bad({ year: '2023', level: '镇' })).toMatch(/--level must be one of 省 市 县 乡/);
    expect(bad({ year: '2023', min: '-1' })).toMatch(/--min expects/);
    expect(bad({ year: '2023', min: 'x' })).toMatch(/--min expects/);
  });
});
