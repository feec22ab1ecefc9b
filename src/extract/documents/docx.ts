/**
 * DOCX → lines: paragraphs as lines, table rows as pipe lines (as a ruled PDF table's). Reads
 * word/document.xml with a small tag scanner; the WordprocessingML prefix is
 * looked up from its namespace because WPS and others do not always use `w:`.
 */
import { strFromU8 } from 'fflate';
import type { DocumentRead } from './index.js';
import { unzipBounded, ZipTooLargeError } from './bounded-unzip.js';
import { decodeXmlText as decode } from './xml-text.js';
import { pipeLine, spanTableRows, type SpanCell } from './layout-grid.js';
import { APART, DIGIT_CLASS } from '../values.js';

// The page count is all docProps/app.xml gives: a large one is a bomb, not metadata.
const MAX_APP_XML = 1 << 20;
const W_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const TAG = /<(\/?)([\w.-]+:)?([\w.-]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;

function attr(attrs: string, name: string): string | null {
  const m = new RegExp(`(?:^|\\s)(?:[\\w.-]+:)?${name}\\s*=\\s*["']([^"']*)["']`).exec(attrs);
  return m ? m[1]! : null;
}

// A cell's paragraphs and line breaks join without a gap (a label wrapped by hand, 商业/企业,
// reads as one word) — except between two digits: numbers stacked in a cell (1 above 2) are
// two values or one number broken over two lines, which the cell does not say. Joined they
// read 12; kept apart with a broken bar, the cell holds its column and states no value.
const BREAK = '\u0002';
const STACKED = new RegExp(String.raw`(?<=[${DIGIT_CLASS}])\s*\u0002[\s\u0002]*(?=[${DIGIT_CLASS}])`, 'g');
const cellText = (paragraphs: readonly string[]): string =>
  paragraphs.map((p) => p.replace(/^\u0002+|\u0002+$/g, '')).filter(Boolean).join(BREAK).replace(STACKED, APART).replace(/\u0002/g, '');

interface TableState { rows: SpanCell[][]; row: SpanCell[] | null; cell: string[] | null; span: number; vmergeCont: boolean; after: number }

export function readDocx(bytes: Uint8Array, where: string): DocumentRead {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipBounded(bytes, (name) => name === 'word/document.xml' || name === 'docProps/app.xml', undefined,
      (name) => (name === 'docProps/app.xml' ? MAX_APP_XML : Infinity));
  } catch (err) {
    const msg = (err as Error).message;
    return { ok: false, error: `${where}: ${err instanceof ZipTooLargeError ? 'DOCX is too large' : 'DOCX is corrupt or truncated'} (zip: ${msg})`, warnings: [] };
  }
  const xml = files['word/document.xml'];
  if (!xml) {
    const encrypted = bytes.length > 8 && bytes[0] === 0xd0 && bytes[1] === 0xcf;
    return { ok: false, error: `${where}: ${encrypted ? 'DOCX is encrypted' : 'DOCX has no word/document.xml (not a Word document or damaged)'}`, warnings: [] };
  }
  const lines = documentLines(strFromU8(xml));
  const title = lines.find((l) => l.trim() && !l.startsWith('|'))?.trim() ?? null;
  // Word records the page count it last laid out; files that never were laid out say nothing.
  const app = files['docProps/app.xml'];
  const pages = Number(/<(?:\w+:)?Pages>(\d+)</.exec(app ? strFromU8(app) : '')?.[1] ?? 1) || 1;
  return { ok: true, format: 'docx', pages, text: lines.join('\n'), title, ocr: false, confidence: 1, warnings: [] };
}

export function documentLines(xml: string): string[] {
  const nsDecl = new RegExp(`xmlns:([\\w.-]+)\\s*=\\s*["']${W_NS.replace(/[.]/g, '\\.')}["']`).exec(xml);
  const w = nsDecl ? `${nsDecl[1]}:` : 'w:';
  const out: string[] = [];
  const tables: TableState[] = [];
  let para: string | null = null;
  let inText = false;
  // A run formatted as hidden text (w:vanish): Word neither shows nor prints it, so it is no part of a cell.
  let hiddenRun = false;
  // Tracked changes not yet accepted: what Word shows as the document is the text after them, so
  // text deleted or moved away (w:del, w:moveFrom) is no part of it — deleted runs normally hold
  // w:delText, but a moved-away run holds w:t (it would be read twice, at both places).
  let removed = 0;
  // A markup-compatibility fallback repeats its choice (a text box in Word's new and old
  // forms): what it holds is read once, from the choice.
  let fallback = 0;
  // Paragraphs a text box interrupts: each resumes after the box's own paragraphs.
  const interrupted: string[] = [];
  for (const m of xml.matchAll(TAG)) {
    const [, close, prefix = '', local, attrs = '', selfClose, text] = m;
    if (local === 'Fallback' && prefix !== w) { if (!selfClose) fallback = Math.max(0, fallback + (close ? -1 : 1)); continue; }
    if (fallback) continue;
    if (text !== undefined) { if (inText && !hiddenRun && !removed && para !== null) para += decode(text); continue; }
    if (prefix !== w) continue;
    const t = tables[tables.length - 1];
    switch (local) {
      case 'p':
        if (!close) { if (para !== null) interrupted.push(para); para = ''; }
        if (close || selfClose) {
          const p = (para ?? '').trim();
          if (t?.cell) t.cell.push(p); else if (p) out.push(p);
          para = interrupted.pop() ?? null;
        }
        break;
      case 't': inText = !close && !selfClose; break;
      case 'r': if (!close) hiddenRun = false; break;
      case 'del': case 'moveFrom': if (!selfClose) removed = Math.max(0, removed + (close ? -1 : 1)); break;
      case 'vanish': if (!close) hiddenRun = !/^(0|false|off)$/i.test(attr(attrs, 'val') ?? ''); break;
      case 'tab': if (para !== null && !close) para += ' '; break;
      case 'br': case 'cr': if (para !== null && !close) para += t?.cell ? BREAK : ' '; break;
      case 'tbl': if (!close) tables.push({ rows: [], row: null, cell: null, span: 1, vmergeCont: false, after: 0 }); else { const done = tables.pop(); if (done) emitTable(done, tables[tables.length - 1], out); } break;
      case 'tr':
        if (!t) break;
        if (!close) { t.row = []; t.after = 0; } else if (t.row) {
          if (t.after) t.row.push({ text: '', span: t.after, continues: false, absent: true });
          t.rows.push(t.row);
          t.row = null;
        }
        break;
      // A row that starts or ends inside the grid (trPr, before its cells): its cells sit that many columns over.
      case 'gridBefore': if (t?.row && !t.cell && !close) { const n = Number(attr(attrs, 'val')) || 0; if (n > 0) t.row.push({ text: '', span: n, continues: false, absent: true }); } break;
      case 'gridAfter': if (t?.row && !t.cell && !close) t.after = Math.max(0, Number(attr(attrs, 'val')) || 0); break;
      case 'tc':
        if (!t) break;
        if (!close) { t.cell = []; t.span = 1; t.vmergeCont = false; } else if (t.row && t.cell) {
          t.row.push({ text: cellText(t.cell), span: t.span, continues: t.vmergeCont });
          t.cell = null;
        }
        break;
      case 'gridSpan': if (t && !close) t.span = Math.max(1, Number(attr(attrs, 'val')) || 1); break;
      case 'vMerge': if (t && !close) { const v = attr(attrs, 'val'); t.vmergeCont = v === null || v === 'continue'; } break;
    }
  }
  return out;
}

/**
 * Rows as pipe lines, each listing the cells that begin in it (a merged label once, on its
 * first row; a spanning cell once), without the empty column that closes many Word tables
 * (layout-grid.ts `tableRows`): filler blanks for merges and spans were read as blank cells,
 * and a row with a blank too many could have the wrong one dropped.
 */
function emitTable(t: TableState, parent: TableState | undefined, out: string[]): void {
  const lines = spanTableRows(t.rows).map(pipeLine);
  // A table nested in a cell flattens into that cell's text.
  if (parent?.cell) parent.cell.push(lines.join(' '));
  else out.push(...lines);
}
