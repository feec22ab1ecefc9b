import { describe, expect, it } from 'vitest';
import { layoutPages, type TextItem } from '../../src/extract/documents/layout.js';

const t = (str: string, x: number, y: number, h = 10): TextItem => ({ str, x, y, w: str.length * h * (/^[\d.]+$/.test(str) ? 0.5 : 1), h });
const page = (items: TextItem[]) => ({ width: 600, height: 800, items });

describe('layout', () => {
  it('joins a table across a page break and drops the header repeated on the next page', () => {
    const header = [t('项目', 60, 700), t('自然人', 300, 700), t('总计', 400, 700)];
    const out = layoutPages([
      page([t('年度报告', 200, 760, 20), ...header, t('一、本年新收', 60, 680), t('3', 305, 680), t('3', 405, 680), t('- 1 -', 290, 30)]),
      page([...header, t('二、上年结转', 60, 680), t('1', 305, 680), t('', 405, 680), t('1', 405, 680)]),
    ]);
    expect(out.title).toBe('年度报告');
    expect(out.lines).toEqual(['年度报告', '项目 自然人 总计', '| 一、本年新收 | 3 | 3 |', '| 二、上年结转 | 1 | 1 |']);
  });

  it('merges a label wrapped above and below its values and keeps blank cells', () => {
    const out = layoutPages([page([
      t('甲', 300, 720), t('乙', 350, 720), t('丙', 400, 720),
      t('（二）部分公开（区分处理的', 60, 707, 9), t('5', 302, 700), t('7', 402, 700), t('只计这一情形）', 60, 694, 9),
      t('1.属于国家秘密', 120, 680), t('0', 302, 680), t('0', 352, 680), t('0', 402, 680),
    ])]);
    expect(out.lines).toContain('| （二）部分公开（区分处理的只计这一情形） | 5 |  | 7 |');
    expect(out.lines).toContain('| 1.属于国家秘密 | 0 | 0 | 0 |');
  });

  it('keeps a sentence with a number in it as prose', () => {
    const out = layoutPages([page([t('全年收取信息处理费', 60, 700), t('0', 150, 700), t('元。', 156, 700)])]);
    expect(out.lines).toEqual(['全年收取信息处理费0元。']);
  });
});
