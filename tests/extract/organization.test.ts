/**
 * The reporting body as the page names it: in the title (before the year, after it, after
 * a file-style 年报_), else in the article's metadata (发布机构：…), else on the line above
 * the title — never a website's banner.
 */
import { describe, expect, it } from 'vitest';
import { findOrganization, statedPublisher } from '../../src/extract/meta.js';
import { extractText } from '../../src/extract/index.js';

describe('findOrganization', () => {
  it.each([
    ['before the year', '桃江县松木塘镇人民政府2022年政府信息公开工作年度报告', '桃江县松木塘镇人民政府'],
    ['after the year', '2023年度官洲街道办事处政府信息公开工作年度报告', '官洲街道办事处'],
    ['file-style title', 'Page 9 - 2020年报_审计局', '审计局'],
    ['Chinese-numeral year', '某县统计局二〇二三年政府信息公开工作年度报告', '某县统计局'],
    ['before 关于 and the year', '某县发展和改革局关于2022年政府信息公开工作的年度报告', '某县发展和改革局'],
    ['the year after the title, in brackets', '某县人民政府政府信息公开工作年度报告（2022年）', '某县人民政府'],
    ['a title ending in 年报', '某县2022年政府信息公开年报', '某县'],
    ['a notice issuing the report: the body whose report it is', '某县人民政府办公室关于印发某县2022年政府信息公开工作年度报告的通知', '某县'],
  ])('%s', (_name, line, want) => {
    expect(findOrganization(null, `${line}\n一、总体情况\n`)).toBe(want);
  });

  it('names no body when the title names none', () => {
    expect(findOrganization(null, '2022年政府信息公开工作年度报告\n一、总体情况\n')).toBeNull();
    expect(findOrganization(null, '二、主动公开政府信息情况\n规章 | 0 | 0 | 0 |\n')).toBeNull();
  });

  // Portal pages put the site's name above the article: 某县人民政府门户网站, 某市政府网, 政务公开专栏.
  it.each(['永登县人民政府门户网站', '某市人民政府网', '某县政务公开专栏', '某县政府信息公开平台', '某区人民政府门户'])(
    'does not take the banner %s above an unnamed title for the body', (banner) => {
      expect(findOrganization(null, `${banner}\n2024年政府信息公开工作年度报告\n一、总体情况\n`)).toBeNull();
    });

  it('still takes a body named on the line above the title', () => {
    expect(findOrganization(null, '某县审计局\n2024年政府信息公开工作年度报告\n一、总体情况\n')).toBe('某县审计局');
  });

  it.each([
    ['same line', '发布机构：新集乡人民政府', '新集乡人民政府'],
    ['next cell', '索引号：\n620121000-2025-048208\n发布机构：\n新集乡人民政府\n发文日期：\n2025-01-13', '新集乡人民政府'],
    ['half-width colon, spaced', '信息来源 : 某县审计局 | 发布日期：2024-01-20', '某县审计局'],
    ['来源 after an empty value', '来源：\n发布日期：2024-01-20\n发文机关：某县卫生健康局', '某县卫生健康局'],
  ])('takes the publisher the metadata states (%s) over the banner above the title', (_name, meta, want) => {
    const text = `某县人民政府门户网站\n${meta}\n2024年政府信息公开工作年度报告\n一、总体情况\n`;
    expect(statedPublisher(text)).toBe(want);
    expect(findOrganization(null, text)).toBe(want);
  });

  it('prefers the body the title names to the stated publisher (a county office publishing for a township)', () => {
    expect(findOrganization(null, '发布机构：某县人民政府办公室\n下庄镇人民政府2023年政府信息公开工作年度报告\n')).toBe('下庄镇人民政府');
  });

  it('takes no website or newspaper for a publisher', () => {
    expect(statedPublisher('来源：某县人民政府门户网站\n')).toBeNull();
    expect(statedPublisher('来源：本站原创\n')).toBeNull();
  });

  it('reads the publisher from an HTML page whose metadata sits in a table, under a portal banner', () => {
    const html = `<html><head><meta charset="utf-8"><title>2024年政府信息公开工作年度报告</title></head><body>
<div class="header">永登县人民政府门户网站</div>
<table><tr><td>索引号：</td><td>620121000-2025-048208</td><td>分类：</td><td>政府信息公开年报</td></tr>
<tr><td>发布机构：</td><td>新集乡人民政府</td><td>发文日期：</td><td>2025-01-13</td></tr></table>
<h1>2024年政府信息公开工作年度报告</h1><p>一、总体情况</p></body></html>`;
    const x = extractText(html, { url: 'http://127.0.0.1/xxgk/xjx/gknb/202501/t20250113_1.html' });
    expect(x.ok && x.organization).toBe('新集乡人民政府');
  });
});
