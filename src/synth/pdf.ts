/**
 * A minimal PDF writer for positioned CJK text, so the farm can serve PDF
 * attachments without a browser. The font is not embedded: glyph ids are
 * Unicode code points (Identity-H) and a ToUnicode CMap maps them back, which
 * is all a text extractor needs (viewers substitute a system font).
 */

export interface PdfItem { x: number; y: number; text: string }
export interface PdfOptions { width: number; height: number; fontSize: number; title?: string }

const hex4 = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');

/** UTF-16BE with BOM as a PDF hex string: how document info holds non-Latin text. */
const textString = (s: string) => `<FEFF${[...s].map((c) => hex4(c.charCodeAt(0))).join('')}>`;

/** Code points as 2-byte CIDs (BMP only; anything else becomes U+FFFD). */
const cids = (s: string) => `<${[...s].map((c) => { const n = c.codePointAt(0)!; return hex4(n > 0xffff ? 0xfffd : n); }).join('')}>`;

/** Identity ToUnicode: one bfrange per high byte (ranges may not cross one). */
function toUnicodeCMap(): string {
  const ranges = Array.from({ length: 256 }, (_v, hi) => `<${hex4(hi << 8)}> <${hex4((hi << 8) | 0xff)}> <${hex4(hi << 8)}>`);
  const blocks: string[] = [];
  for (let i = 0; i < ranges.length; i += 100) {
    const part = ranges.slice(i, i + 100);
    blocks.push(`${part.length} beginbfrange\n${part.join('\n')}\nendbfrange`);
  }
  return `/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n`
    + `/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n`
    + `${blocks.join('\n')}\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend`;
}

function content(items: readonly PdfItem[], o: PdfOptions): string {
  const lines = items.map((it) => `1 0 0 1 ${it.x.toFixed(1)} ${(o.height - it.y - o.fontSize).toFixed(1)} Tm ${cids(it.text)} Tj`);
  return `BT\n/F1 ${o.fontSize} Tf\n${lines.join('\n')}\nET`;
}

export function simplePdf(pages: readonly PdfItem[][], o: PdfOptions): Buffer {
  const objects: string[] = [];
  const add = (body: string) => objects.push(body) ;
  const stream = (dict: string, data: string) => `<< ${dict} /Length ${Buffer.byteLength(data, 'latin1')} >>\nstream\n${data}\nendstream`;
  const first = 7; // page objects start after the fixed ones below
  add('<< /Type /Catalog /Pages 2 0 R >>');
  add(`<< /Type /Pages /Kids [${pages.map((_p, i) => `${first + 2 * i} 0 R`).join(' ')}] /Count ${pages.length} >>`);
  add('<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [4 0 R] /ToUnicode 5 0 R >>');
  add('<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> '
    + '/FontDescriptor 6 0 R /DW 1000 /W [32 255 500] /CIDToGIDMap /Identity >>');
  add(stream('', toUnicodeCMap()));
  add('<< /Type /FontDescriptor /FontName /SimSun /Flags 6 /FontBBox [0 -141 1000 859] /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 700 /StemV 80 >>');
  pages.forEach((items, i) => {
    add(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${o.width} ${o.height}] /Resources << /Font << /F1 3 0 R >> >> /Contents ${first + 2 * i + 1} 0 R >>`);
    add(stream('', content(items, o)));
  });
  const info = objects.length + 1;
  add(`<< /Title ${textString(o.title ?? '')} /Producer (nianbao farm) >>`);
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((n) => `${String(n).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${info} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
