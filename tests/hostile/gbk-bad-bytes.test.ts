/**
 * A GBK page with an undecodable byte sequence in its prose still gives every cell:
 * each sequence GB18030 cannot decode (four-byte ones beyond U+10FFFF included, which
 * iconv-lite turns into lone surrogates), placed before each paragraph end in turn —
 * the headings that open the tables among them.
 */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { extract } from '../../src/extract/index.js';
import { decodeDocument } from '../../src/extract/decode.js';
import { generateReport, renderReport } from '../../src/synth/index.js';

const BAD_GB = [[0xfe, 0x39, 0xfe, 0x39], [0xe3, 0x32, 0x9a, 0x36], [0xff], [0x81, 0x30], [0x80], [0x84, 0x31, 0xa5]];
const rep = generateReport(1042);
const gbk = iconv.encode(renderReport(rep, 'html-table').replace('<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=gbk">'), 'gbk');
const ends: number[] = [];
for (let i = gbk.indexOf('</p>'); i >= 0; i = gbk.indexOf('</p>', i + 1)) ends.push(i);

describe.each(BAD_GB.map((b) => ({ seq: b.map((x) => x.toString(16)).join(' '), bytes: b })))('the bytes $seq', ({ bytes }) => {
  it('before any paragraph end: no lone surrogate, every cell', async () => {
    expect(ends.length).toBeGreaterThan(5);
    for (const at of ends) {
      const page = new Uint8Array(Buffer.concat([gbk.subarray(0, at), Buffer.from(bytes), gbk.subarray(at)]));
      expect(decodeDocument(page, 'text/html').text).not.toMatch(/[\ud800-\udfff]/);
      const x = await extract({ url: 'http://127.0.0.1/nb/gbk.html', contentType: 'text/html', bytes: page });
      expect(x.ok && x.cells, `before the paragraph end at byte ${at}`).toEqual(rep.cells);
    }
  });
});
