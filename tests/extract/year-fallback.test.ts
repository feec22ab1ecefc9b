import { describe, expect, it } from 'vitest';
import { extractText } from '../../src/extract/index.js';
import { fallbackYear } from '../../src/extract/meta.js';

describe('report year when the page does not state it', () => {
  it('takes a year-only URL parameter, then the local file name, and says so', () => {
    expect(fallbackYear({ url: 'http://x.gov.cn/module/xxgk/xxgkAnnualReport.jsp?area=1137&fbtime=2020' }, '')).toEqual({ year: 2020, from: 'URL parameter' });
    expect(fallbackYear({ fileName: '/data/reports/p004-haizhu-jd-2023.txt' }, '')).toEqual({ year: 2023, from: 'file name' });
    expect(fallbackYear({}, '# source: http://a.gov.cn/nb/content.jsp?id=12&nd=2022\n规章 | 0 | 0 | 0 |')).toEqual({ year: 2022, from: 'URL parameter' });
    // Longer digit runs (ids, timestamps) are not years.
    expect(fallbackYear({ url: 'http://a.gov.cn/art/1570961002793582594.html?id=202301' }, '')).toBeNull();
    expect(fallbackYear({ fileName: 'report-20231.txt' }, '')).toBeNull();
  });

  it('prefers what the page states over any fallback', () => {
    const page = '测试县人民政府2022年政府信息公开工作年度报告\n规章 | 0 | 0 | 0 |';
    const x = extractText(page, { fileName: 'saved-2019.txt' });
    expect(x.ok && [x.year, x.warnings.some((w) => w.includes('file name'))]).toEqual([2022, false]);
    const y = extractText('规章 | 0 | 0 | 0 |', { fileName: 'saved-2019.txt' });
    expect(y.ok && y.year).toBe(2019);
    expect(y.ok && y.warnings).toContain('report year 2019 taken from the file name: the page does not state it');
  });

  it('takes the period the figures cover (统计期限自2022年1月1日起至2022年12月31日止) when no title names the year', () => {
    const opening = (p: string) => `政府信息公开工作年度报告\n本报告中所列数据的统计期限${p}。如对本报告有疑问，请与本机关联系。\n规章 | 0 | 0 | 0 |`;
    for (const [p, year] of [['自2022年1月1日起至2022年12月31日止', 2022], ['为2021年1月1日至2021年12月31日', 2021], ['自 2020 年 1 月 1 日起至 2020 年 12 月 31 日止', 2020]] as const) {
      const x = extractText(opening(p), { fileName: 'saved-2019.txt' });
      expect(x.ok && [x.year, x.warnings.some((w) => w.includes('file name'))], p).toEqual([year, false]);
    }
    // A span of other dates names no year of a report: the file name's fallback, said so.
    const y = extractText(opening('自2022年3月1日起至2022年12月31日止'), { fileName: 'saved-2019.txt' });
    expect(y.ok && y.year).toBe(2019);
  });
});

describe('report year in titles', () => {
  it.each([
    ['某县人民政府政府信息公开工作年度报告（2022年）', 2022],
    ['某县人民政府政府信息公开工作年度报告(2021年度)', 2021],
    ['某县2020年政府信息公开年报', 2020],
    ['某县发展和改革局关于2023年政府信息公开工作的年度报告', 2023],
  ])('%s → %i, over a year the narrative names first', (title, year) => {
    const x = extractText(`${title}\n一、总体情况\n2019年以来，本机关持续推进政务公开。\n规章 | 0 | 0 | 0 |`, { fileName: 'saved-2018.txt' });
    expect(x.ok && [x.year, x.title]).toEqual([year, title]);
  });
});
