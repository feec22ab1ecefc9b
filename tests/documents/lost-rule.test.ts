/**
 * A rule between two rows lost in a scan (faded, or under a stamp): the two rows' label
 * cells become one, holding both names. OCR's label snapping had read `（一）予以公开（二）部分
 * 公开（…）` as the second name alone, and the aligner matched `(七)总计四、结转…` to one row:
 * the first row's values were stated as the second's. Now two names run together are
 * neither snapped to one nor matched as one: each is a row's label again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, tableShots } from '../../fixtures/documents/render.js';
import { closeDocumentWorkers } from '../../src/extract/documents/index.js';
import { snapLabel } from '../../src/extract/documents/ocr-labels.js';
import { ocrMissing } from '../../src/extract/documents/ocr.js';
import { extract, extractText } from '../../src/extract/index.js';
import { splitRowLabels } from '../../src/extract/labels.js';
import { generateReport, renderReport } from '../../src/synth/index.js';

describe('two rows\' names run together', () => {
  it('are not snapped to one of them', () => {
    const merged = '（一）予以公开（二）部分公开（区分处理的，只计这一情形，不计其他情形）';
    expect(snapLabel(merged)).toBe(merged);
    // One name misread is still snapped.
    expect(snapLabel('（二）部分公开（区分处理的，只计这一情形，不计其他情彩）')).toBe('（二）部分公开（区分处理的，只计这一情形，不计其他情形）');
  });

  it('are split where each item number starts, when every part names a row', () => {
    expect(splitRowLabels('(七)总计四、结转下年度继续办理', '2021')).toEqual(['(七)总计', '四、结转下年度继续办理']);
    expect(splitRowLabels('2.重复申请3.要求提供公开出版物', '2021')).toEqual(['2.重复申请', '3.要求提供公开出版物']);
    expect(splitRowLabels('四、结转下年度继续办理', '2021')).toBeNull();
    expect(splitRowLabels('第二十条第（五）项', '2021')).toBeNull();
    expect(splitRowLabels('（七）总计（单位：件）', '2021')).toBeNull();
  });

  it('give each row its own line of values', () => {
    const rep = generateReport(3);
    const lines = renderReport(rep, 'text-pipes').split('\n');
    const total = lines.findIndex((l) => /^\| （七）总计 \|/.test(l));
    expect(total).toBeGreaterThan(0);
    expect(lines[total + 1]).toMatch(/^\| 四、结转下年度继续办理 \|/);
    // The two rows as a lost rule prints them: both names on the first line.
    lines[total] = lines[total]!.replace('（七）总计', '（七）总计四、结转下年度继续办理');
    lines[total + 1] = lines[total + 1]!.replace(/^\| 四、结转下年度继续办理 /, '');
    const x = extractText(lines.join('\n'), {}, {}, [], 'reader');
    const keys = Object.keys(rep.cells).filter((k) => /^applications\.(total|carried_forward)\./.test(k));
    expect(x.ok && Object.fromEntries(keys.map((k) => [k, x.cells[k]]))).toEqual(Object.fromEntries(keys.map((k) => [k, rep.cells[k]])));
  });
});

describe('scans whose rule under a row\'s name was lost', () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launch(); }, 60_000);
  afterAll(async () => { await browser?.close(); await closeDocumentWorkers(); });
  const STYLE = '<style>body{font-family:"WenQuanYi Micro Hei";font-size:14px} table{border-collapse:collapse} td{border:1px solid #000;padding:2px 4px}</style>';

  it.each([
    { seed: 2, label: '（一）予以公开' },
    { seed: 3, label: '（七）总计' },
  ])('seed $seed, the rule under $label: no value given to the wrong row', async ({ seed, label }) => {
    expect(await ocrMissing()).toBeNull();
    const rep = generateReport(seed);
    let html = renderReport(rep, 'html-grid').replace('<head>', `<head>${STYLE}`);
    const at = html.lastIndexOf('<td', html.indexOf(`>${label}</td>`));
    html = `${html.slice(0, at)}<td style="border-bottom:1px solid #fff"${html.slice(at + 3)}`;
    const images = await tableShots(browser, html);
    const x = await extract({ fileName: 'page.html', bytes: new TextEncoder().encode(`<html><head><meta charset="utf-8"><title>${/<title>([^<]*)/.exec(html)![1]}</title></head><body><img src="1.png"></body></html>`),
      images: images.map((b, i) => ({ src: `${i + 1}.png`, bytes: new Uint8Array(b) })) });
    expect(x.ok).toBe(true);
    if (!x.ok) return;
    const wrong = Object.entries(x.cells).filter(([k, v]) => v !== rep.cells[k]).map(([k, v]) => `${k}=${v} (printed ${rep.cells[k]})`);
    expect(wrong).toEqual([]);
    expect(Object.keys(x.cells).length / Object.keys(rep.cells).length).toBeGreaterThan(0.9);
  }, 180_000);
});
