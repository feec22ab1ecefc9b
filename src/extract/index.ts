/**
 * Extraction: one document version → the template cells it states. Every format
 * becomes one token stream (see tokens.ts) read by one aligner (align.ts).
 * Pure except for `extract`, which may hand PDF/DOCX/DOC bytes to the document reader.
 */
import type { ExtractionOk, ExtractionResult, SourceDocument } from '../model/report.js';
import { align } from './align.js';
import { applyDoubts } from './documents/cell-doubts.js';
import { documentFormat, readDocument } from './documents/index.js';
import { detectTemplate, fallbackYear, findOrganization, findPublishedDate, findTitle, findYear } from './meta.js';
import { normalizeText } from './normalize.js';
import { htmlTokens, textTokens, type Token } from './tokens.js';
import { locateHtml, locateText, onReaderText, onStoredText } from './source-map.js';
import { sourceText } from './source-text.js';

export const EXTRACTOR_VERSION = 'align-1';

export interface TextInfo { readonly fileName?: string; readonly url?: string; readonly title?: string }

// The file name decides when it says; else the markup itself.
const looksHtml = (text: string, info: TextInfo): boolean =>
  /\.s?html?$/i.test(info.fileName ?? '') ||
  (!/\.(txt|md|markdown)$/i.test(info.fileName ?? '') && /<(html|table|body|div|p)[\s>]/i.test(text.slice(0, 20000)));

// Narrative = prose lines: sentences, not cells.
const narrative = (text: string): string =>
  text.split('\n').map((l) => l.trim()).filter((l) => /[，。；]/.test(l) && l.length >= 8 && !l.includes('|')).join('\n');

function fromTokens(tokens: Token[], plain: string, title: string | null, prose: string, info: TextInfo, extraWarnings: string[] = []): ExtractionOk {
  const warnings = [...extraWarnings];
  let year = findYear(title, plain, info.url);
  const fallback = year === null ? fallbackYear(info, plain) : null;
  if (fallback) {
    year = fallback.year;
    warnings.push(`report year ${fallback.year} taken from the ${fallback.from}: the page does not state it`);
  }
  // Headers, not prose: narratives say 本年新增 / 本年制发 too.
  const cellsText = tokens.map((t) => t.text).filter((t) => t.length <= 24 && !/[，。；,]/.test(t)).join('\n');
  const template = detectTemplate(cellsText, year);
  const aligned = template ? align(tokens, template) : { details: [], warnings: [], otherAsOneRow: false };
  warnings.push(...aligned.warnings);
  if (!aligned.details.length) warnings.push('no readable statistical table: no cells extracted');
  const cells: Record<string, number | null> = {};
  for (const d of aligned.details) cells[d.key] = d.value;
  return {
    ok: true, template, year,
    organization: findOrganization(title, plain),
    title: findTitle(title, plain),
    publishedDate: findPublishedDate(plain),
    cells, details: aligned.details,
    ...(aligned.otherAsOneRow ? { otherAsOneRow: true } : {}),
    text: narrative(prose), warnings,
  };
}

/** HTML, plain text or markdown already decoded. Never throws. */
export function extractText(text: string, info: TextInfo): ExtractionResult {
  try {
    text = normalizeText(text);
    if (looksHtml(text, info)) {
      const page = htmlTokens(text);
      const plain = `${page.text}\n${page.tokens.map((t) => t.text).join('\n')}`;
      const warn = page.tables ? [] : ['page has no <table>'];
      const x = fromTokens(locateHtml(text, page.tokens), plain, info.title ?? page.title, page.text, info, warn);
      return { ...x, details: onStoredText(x.details, text, true) };
    }
    const x = fromTokens(locateText(text, textTokens(text)), text, info.title ?? null, text, info);
    return { ...x, details: onStoredText(x.details, text, false) };
  } catch (err) {
    return { ok: false, error: `${info.fileName ?? info.url ?? 'text'}: ${(err as Error).message}`, warnings: [] };
  }
}

/** Any fetched document: decodes bytes, reads PDF/DOCX/DOC through the document reader. */
export async function extract(doc: SourceDocument): Promise<ExtractionResult> {
  try {
    return await extractDocument(doc);
  } catch (err) {
    return { ok: false, error: `${doc.fileName ?? doc.url ?? 'document'}: ${(err as Error).message}`, warnings: [] };
  }
}

async function extractDocument(doc: SourceDocument): Promise<ExtractionResult> {
  const name = doc.fileName ?? doc.url ?? 'document';
  if (doc.text !== undefined && !doc.bytes) return extractText(doc.text, doc);
  if (!doc.bytes) return { ok: false, error: `${name}: no bytes and no text`, warnings: [] };
  const format = documentFormat(doc.bytes, doc);
  if (format) {
    const read = await readDocument(doc.bytes, doc);
    if (!read.ok) return { ok: false, error: `${name}: ${read.error}`, warnings: read.warnings };
    const r = extractText(read.text, { ...doc, fileName: undefined, ...(read.title ? { title: read.title } : {}) });
    if (!r.ok) return r;
    const conf = read.confidence;
    const readerText = normalizeText(read.text);
    // OCR'd cells the reader cannot vouch for are left out (with a warning), the rest carry their confidence.
    const judged = applyDoubts(r.details, readerText, read.places);
    const details = onReaderText(judged.details, readerText, read.places);
    const cells = judged.warnings.length ? Object.fromEntries(details.map((d) => [d.key, d.value])) : r.cells;
    return {
      ...r, cells, details: conf < 1 ? details.map((d) => ({ ...d, confidence: d.confidence ?? conf })) : details,
      warnings: [...read.warnings, ...judged.warnings, ...r.warnings],
    };
  }
  return extractText(sourceText(doc.bytes, doc.contentType), doc);
}
