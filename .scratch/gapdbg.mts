import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { parseHocr } from '../src/extract/documents/ocr.js';
import { parsePgm } from '../src/extract/documents/raster-rules.js';
execFileSync('pdftoppm', ['-r', '200', '-gray', '-f', '1', '-l', '1', '-singlefile', process.argv[2]!, '/tmp/hx/g']);
const hocr = execFileSync('tesseract', ['/tmp/hx/g.pgm', 'stdout', '-l', 'chi_sim', '--psm', '6', '--dpi', '200', '-c', 'hocr_char_boxes=1', 'hocr'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
const img = parsePgm(new Uint8Array(fs.readFileSync('/tmp/hx/g.pgm')));
const k = 200 / 72;
for (const it of parseHocr(hocr).page.items.filter((i) => /^[\d.,]{2,}$/.test(i.str))) {
  console.log(it.str, Math.round(it.x * k), Math.round((it.x + it.w) * k), 'h', Math.round(it.h * k), it.chars?.map((c) => Math.round(((c.x0 + c.x1) / 2) * k)).join(','));
}
import { splitAtDigitGaps } from '../src/extract/documents/ocr-digit-gaps.js';
const items = parseHocr(hocr).page.items.filter((i) => i.str === '0000000');
console.log(splitAtDigitGaps(items, img, 200).map((i) => i.str));
// columns with ink
const it = items[0]!; const top = Math.round(img.height - (it.y + it.h) * k), bottom = Math.round(img.height - it.y * k);
let s = '';
for (let x = 400; x < 600; x++) { let ink = false; for (let y = top; y <= bottom; y++) if (img.data[y * img.width + x]! < 128) ink = true; s += ink ? '#' : '.'; }
console.log(top, bottom, s);
