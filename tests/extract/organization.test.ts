/** The reporting body as the page names it: before the year, after it, on the line above, or after a file-style 年报_. */
import { describe, expect, it } from 'vitest';
import { findOrganization } from '../../src/extract/meta.js';

describe('findOrganization', () => {
  it.each([
    ['before the year', '桃江县松木塘镇人民政府2022年政府信息公开工作年度报告', '桃江县松木塘镇人民政府'],
    ['after the year', '2023年度官洲街道办事处政府信息公开工作年度报告', '官洲街道办事处'],
    ['file-style title', 'Page 9 - 2020年报_审计局', '审计局'],
    ['Chinese-numeral year', '某县统计局二〇二三年政府信息公开工作年度报告', '某县统计局'],
  ])('%s', (_name, line, want) => {
    expect(findOrganization(null, `${line}\n一、总体情况\n`)).toBe(want);
  });

  it('names no body when the title names none', () => {
    expect(findOrganization(null, '2022年政府信息公开工作年度报告\n一、总体情况\n')).toBeNull();
    expect(findOrganization(null, '二、主动公开政府信息情况\n规章 | 0 | 0 | 0 |\n')).toBeNull();
  });
});
