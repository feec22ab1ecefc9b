/**
 * OCR's words on the lines tesseract found: a word sits on its line's baseline whatever
 * its own box says, and a label read with a character wrong, alone on its line or between
 * bars, is snapped to the template's label — never a stretch that holds a value.
 */
import { describe, expect, it } from 'vitest';
import { parseHocr } from '../../src/extract/documents/ocr.js';
import { snapLine } from '../../src/extract/documents/ocr-labels.js';

/** An hOCR page as tesseract 5 writes it, one line of words; each word [text, left, top, right, bottom]. */
function hocr(line: { bbox: number[]; baseline: [number, number] }, words: [string, number, number, number, number][]): string {
  const spans = words.map(([text, l, t, r, b], i) => `<span class='ocrx_word' id='word_1_${i + 1}' title='bbox ${l} ${t} ${r} ${b}; x_wconf 93'>\n`
    + [...text].map((ch, k) => `<span class='ocrx_cinfo' title='x_bboxes ${l + k * 25} ${t} ${l + (k + 1) * 25} ${b}; x_conf 99.1'>${ch}</span>`).join('\n') + '\n</span>').join('\n');
  return `<div class='ocr_page' id='page_1' title='image "p1.pgm"; bbox 0 0 1656 2342; ppageno 0; scan_res 200 200'>
  <div class='ocr_carea' id='block_1_1' title="bbox 126 171 726 2196"><p class='ocr_par' id='par_1_1' lang='chi_sim' title="bbox 126 171 726 384">
  <span class='ocr_line' id='line_1_1' title="bbox ${line.bbox.join(' ')}; baseline ${line.baseline.join(' ')}; x_size 32.3; x_descenders 8.1; x_ascenders 8.1">
  ${spans}
  </span></p></div></div>`;
}

describe('OCR words on their lines', () => {
  // `二、上年结转…`: the 、 and 结 boxed 12 px lower than their neighbours, as tesseract boxes them.
  const words: [string, number, number, number, number][] = [['二', 126, 1234, 150, 1259], ['、', 152, 1230, 176, 1271], ['上年', 178, 1234, 228, 1258], ['结', 230, 1230, 255, 1271], ['转', 257, 1235, 282, 1258]];

  it.each([[[0, -1]], [[-0.005, 0]], [[0.003, -2]]] as [[number, number]][])('share one baseline (baseline %j): one line of text, not two', (baseline) => {
    const items = parseHocr(hocr({ bbox: [126, 1234, 282, 1259], baseline }, words)).page.items;
    expect(items.map((i) => i.str)).toEqual(['二', '、', '上年', '结', '转']);
    const ys = items.map((i) => i.y);
    expect(Math.max(...ys) - Math.min(...ys)).toBeLessThan(0.5); // points
    // On the baseline: 1259 + offset px from the top of a 2342 px page, in points.
    expect(ys[0]).toBeCloseTo(((2342 - (1259 + baseline[1])) * 72) / 200, 0);
  });

  it('keep their text, boxes across and confidences', () => {
    const [first] = parseHocr(hocr({ bbox: [126, 1234, 282, 1259], baseline: [0, -1] }, words)).page.items;
    expect(first).toMatchObject({ str: '二', conf: 93 });
    expect(first!.x).toBeCloseTo((126 * 72) / 200, 3);
    expect(first!.w).toBeCloseTo((24 * 72) / 200, 3);
  });
});

describe('labels on OCR lines snapped to the template', () => {
  it.each([
    ['(一)巴以公开', '（一）予以公开'],
    ['1.属于国家秘宓', '1.属于国家秘密'],
    ['| (一)巴以公开 | 0 | 0 |', '| （一）予以公开 | 0 | 0 |'],
    ['二、上年结转政府信息公开申请教量', '二、上年结转政府信息公开申请数量'],
  ])('%s → %s', (read, snapped) => {
    expect(snapLine(read)).toBe(snapped);
  });

  it.each([
    '行政规范性文件 0 0 0', // a value stands apart: the stretch is a row, not a label
    '(一)巴以公开 12',
    '规章', // too short to guess at
    '本机关在政府信息公开工作中坚持以公开为常态、不公开为例外的原则', // prose
    '| 0 | 3 | 5 |',
    // A value glued to its label: snapping would take the number away.
    '行政许可97',
    '行政处罚0',
    '| 其他对外管理服务事项12 | 3 |',
  ])('leaves %s as read', (read) => {
    expect(snapLine(read)).toBe(read);
  });
});
