/**
 * Decoding yields well-formed text whatever the bytes: bad sequences cost their
 * characters (counted in a warning), never the page; wide encodings are found
 * without a BOM; binary data is refused with a reason.
 */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeDocument, sniffWide, wellFormed } from '../../src/extract/decode.js';
import { extract } from '../../src/extract/index.js';
import { generateReport, renderReport } from '../../src/synth/index.js';

const report = generateReport(11);
const html = renderReport(report, 'html-table');
const gbkHtml = html.replace('<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=gbk">');

async function cellsOf(bytes: Uint8Array, fileName = 'r.html') {
  const r = await extract({ fileName, bytes });
  if (!r.ok) throw new Error(r.error);
  const wrong = Object.keys(report.cells).filter((k) => r.cells[k] !== report.cells[k]);
  return { wrong, warnings: r.warnings };
}

/** GBK bytes with `bad` inserted before each of the first `n` occurrences of `</td>` after `after`. */
function corrupt(bytes: Buffer, bad: number[], n: number): Buffer {
  const parts: Buffer[] = [];
  let from = 0;
  let at = bytes.indexOf('</p>', 0);
  for (let i = 0; i < n && at >= 0; i++) {
    parts.push(bytes.subarray(from, at), Buffer.from(bad));
    from = at;
    at = bytes.indexOf('</p>', at + 4);
  }
  parts.push(bytes.subarray(from));
  return Buffer.concat(parts);
}

describe('bad bytes', () => {
  // Four-byte GB18030 sequences beyond U+10FFFF decode to lone surrogates, which broke the HTML parser.
  for (const bad of [[0xfe, 0x39, 0xfe, 0x39], [0xe3, 0x32, 0x9a, 0x36], [0xff], [0x81, 0x30]]) {
    it(`a GBK page with four bad sequences (${bad.map((b) => b.toString(16)).join(' ')}) gives all its cells, with a warning`, async () => {
      const bytes = corrupt(iconv.encode(gbkHtml, 'gbk'), bad, 4);
      const { wrong, warnings } = await cellsOf(new Uint8Array(bytes));
      expect(wrong).toEqual([]);
      expect(warnings.some((w) => /byte sequences? could not be decoded as GB18030 \(shown as U\+FFFD\)/.test(w))).toBe(true);
    });
  }

  it('an undeclared UTF-8 page with a few bad bytes stays UTF-8', async () => {
    const bytes = corrupt(Buffer.from(html.replace('<meta charset="utf-8">', ''), 'utf8'), [0xc3], 3);
    const { wrong, warnings } = await cellsOf(new Uint8Array(bytes));
    expect(wrong).toEqual([]);
    expect(warnings).toContain('3 byte sequences could not be decoded as UTF-8 (shown as U+FFFD)');
  });

  it('replaces and counts lone surrogates', () => {
    expect(wellFormed('a\ud800b\udc00c\ud83d\ude00')).toEqual({ text: 'a\ufffdb\ufffdc\ud83d\ude00', replaced: 2 });
  });

  it('refuses binary data with a reason instead of an empty report', async () => {
    let x = 12345;
    const noise = new Uint8Array(20_000).map(() => ((x = (x * 1103515245 + 12345) >>> 0) >>> 24));
    const r = await extract({ fileName: 'noise.html', bytes: noise });
    expect(r).toMatchObject({ ok: false });
    expect(!r.ok && r.error).toMatch(/^noise\.html: binary data, not text/);
  });
});

describe('wide encodings without a BOM', () => {
  for (const enc of ['utf-16le', 'utf-16be', 'utf-32le', 'utf-32be'] as const) {
    it(`${enc}: detected, every cell read, with a warning`, async () => {
      const bytes = new Uint8Array(iconv.encode(html, enc, { addBOM: false }));
      expect(sniffWide(bytes)).toBe(enc);
      const { wrong, warnings } = await cellsOf(bytes);
      expect(wrong).toEqual([]);
      expect(warnings).toContain(`text is ${enc.toUpperCase()} without a byte-order mark (detected from its NUL bytes)`);
    });
  }

  it('plain text reports too (no markup, mostly Chinese)', async () => {
    const text = renderReport(report, 'text-lines');
    const { wrong } = await cellsOf(new Uint8Array(iconv.encode(text, 'utf-16le', { addBOM: false })), 'r.txt');
    expect(wrong).toEqual([]);
  });

  it('with a BOM, UTF-32 is not mistaken for UTF-16', () => {
    const d = decodeDocument(new Uint8Array(iconv.encode('规章 1', 'utf-32le', { addBOM: true })));
    expect(d).toMatchObject({ text: '规章 1', charset: 'utf-32le', warnings: [] });
  });
});
