import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { documentLines } from '../../src/extract/documents/docx.js';
import { readDocument } from '../../src/extract/documents/index.js';
import { extractText } from '../../src/extract/index.js';
import { recovered, synthDoc, toDocx } from '../../fixtures/documents/synthetic.js';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

describe('DOCX tables', () => {
  it('lists each cell once, on the row it begins in: a spanning label once, a merged label on its first row', () => {
    const xml = `<w:document xmlns:w="${W}"><w:body><w:p><w:r><w:t>标题</w:t></w:r></w:p><w:tbl>
      <w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>一、本年新收</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>5</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr>
      <w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>（三）不予公开</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>1.属于国家秘密</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>0</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>2</w:t></w:r></w:p></w:tc></w:tr>
      <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p><w:r><w:t>（三）不予公开</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>2.其他</w:t></w:r><w:r><w:t xml:space="preserve">法律</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>3 &amp; 4</w:t></w:r></w:p></w:tc></w:tr>
      </w:tbl></w:body></w:document>`;
    expect(documentLines(xml)).toEqual([
      '标题',
      '| 一、本年新收 | 5 |  |',
      '| （三）不予公开 | 1.属于国家秘密 | 0 | 2 |',
      '| 2.其他法律 | 1 | 3 & 4 |',
    ]);
  });

  it('places the cells of a row that starts inside the grid (gridBefore) where they are drawn', () => {
    // Grid: outer label | group label (two columns wide, merged down) | value. The second row is
    // indented past the outer label: its merged cell continues the group label, not the outer one.
    const tc = (text: string, pr = '') => `<w:tc>${pr ? `<w:tcPr>${pr}</w:tcPr>` : ''}<w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:tc>`;
    const xml = `<w:document xmlns:w="${W}"><w:body><w:tbl>
      <w:tr>${tc('三、本年度办理结果')}${tc('（三）不予公开', '<w:gridSpan w:val="2"/><w:vMerge w:val="restart"/>')}${tc('7')}</w:tr>
      <w:tr><w:trPr><w:gridBefore w:val="1"/><w:wBefore w:w="900" w:type="dxa"/></w:trPr>${tc('', '<w:gridSpan w:val="2"/><w:vMerge/>')}${tc('4')}</w:tr>
      <w:tr><w:trPr><w:gridAfter w:val="1"/></w:trPr>${tc('（四）无法提供')}${tc('2', '<w:gridSpan w:val="2"/>')}</w:tr>
      </w:tbl></w:body></w:document>`;
    expect(documentLines(xml)).toEqual(['| 三、本年度办理结果 | （三）不予公开 | 7 |', '| 4 |', '| （四）无法提供 | 2 |']);
  });

  it('reads no grid wider than Word draws: a span of a billion columns is clamped', () => {
    const xml = `<w:document xmlns:w="${W}"><w:body><w:tbl><w:tr><w:trPr><w:gridBefore w:val="1000000000"/></w:trPr>
      <w:tc><w:tcPr><w:gridSpan w:val="999999999"/></w:tcPr><w:p><w:r><w:t>规章</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>3</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>`;
    expect(documentLines(xml)).toEqual(['| 规章 | 3 |']);
  });

  it('leaves out hidden text (w:vanish), as Word neither shows nor prints it', () => {
    const run = (t: string, hidden?: string) => `<w:r>${hidden === undefined ? '' : `<w:rPr><w:vanish${hidden}/></w:rPr>`}<w:t>${t}</w:t></w:r>`;
    const xml = `<w:document xmlns:w="${W}"><w:body><w:tbl><w:tr>
      <w:tc><w:p>${run('规章')}</w:p></w:tc><w:tc><w:p>${run('2')}${run('7', '')}</w:p></w:tc><w:tc><w:p>${run('0', ' w:val="false"')}</w:p></w:tc><w:tc><w:p>${run('9', ' w:val="1"')}${run('5')}</w:p></w:tc>
      </w:tr></w:tbl></w:body></w:document>`;
    expect(documentLines(xml)).toEqual(['| 规章 | 2 | 0 | 5 |']);
  });

  it('reads a text box once (its choice, not the fallback that repeats it), and the paragraph around it whole', () => {
    const box = (t: string) => `<w:txbxContent><w:p><w:r><w:t>${t}</w:t></w:r></w:p></w:txbxContent>`;
    const xml = `<w:document xmlns:w="${W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>
      <w:p><w:r><w:t>本机关全年共收到申请</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>${box('某县人民政府办公室文件')}</w:drawing></mc:Choice>
      <mc:Fallback><w:pict>${box('某县人民政府办公室文件')}</w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>12件。</w:t></w:r></w:p>
      </w:body></w:document>`;
    expect(documentLines(xml)).toEqual(['某县人民政府办公室文件', '本机关全年共收到申请12件。']);
  });

  it('reads WPS-style files whose WordprocessingML prefix is not w:', async () => {
    const d = synthDoc(42);
    const files = unzipSync(await toDocx(d));
    const xml = strFromU8(files['word/document.xml']!)
      .replace(/<(\/?)w:/g, '<$1wx:').replace(/ w:/g, ' wx:').replace(`xmlns:w="${W}"`, `xmlns:wx="${W}" xmlns:w="urn:other"`);
    files['word/document.xml'] = strToU8(xml);
    const r = await readDocument(zipSync(files), { fileName: 'wps.docx' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.title).toBe(d.title);
    expect(recovered(d, r.text).missing).toEqual([]);
  });

  it('recovers every value from 200 generated DOCX reports', async () => {
    let cells = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const d = synthDoc(seed);
      const r = await readDocument(await toDocx(d), { fileName: `synth-${seed}.docx` });
      expect(r.ok, `seed ${seed}`).toBe(true);
      if (!r.ok) continue;
      expect(r.format).toBe('docx');
      const got = recovered(d, r.text);
      expect(got.missing, `seed ${seed}`).toEqual([]);
      cells += got.total;
      // Through the one aligner, as `extract` does with a document's text: every value on its key.
      const x = extractText(r.text, { title: r.title ?? undefined });
      expect(x.ok && x.cells, `seed ${seed} aligned`).toEqual(d.values);
    }
    expect(cells).toBe(200 * 200);
  }, 60_000);
});
