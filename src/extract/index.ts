/**
 * Extraction: one document version → the template cells it states. Every format
 * becomes one token stream (see tokens.ts) read by one aligner (align.ts).
 * Pure except for `extract`, which may hand PDF/DOCX/DOC bytes to the document reader.
 */
import type { ExtractionOk, ExtractionResult, SourceDocument } from '../model/report.js';
import { align } from './align.js';
import { decodeDocument } from './decode.js';
import { applyDoubts } from './documents/cell-doubts.js';
import { documentFormat, readDocument, type DocumentText } from './documents/index.js';
import { readImages } from './documents/read-images.js';
import { OCR_PAGE_BUDGET_MS } from './documents/ocr.js';
import { detectTemplate, fallbackYear, findOrganization, findPublishedDate, findTitle, findYear, titleSearchText } from './meta.js';
import { wordsApart } from './one-line.js';
import { normalizeText } from './normalize.js';
import { quote } from './row-reading.js';
import { secondReportAt } from './second-report.js';
import { endsInRule, htmlTokens, textTokens, type Token } from './tokens.js';
import { DEFAULT_LIMITS, InputTooLargeError } from './limits.js';
import { locateText, onReaderText, onStoredText } from './source-map.js';

export { EXTRACTOR_VERSION } from './version.js';

export interface TextInfo { readonly fileName?: string; readonly url?: string; readonly title?: string }

/** Bounds on one extraction (the worker pool adds wall time and memory: see extract-pool.ts). */
export interface ExtractOptions {
  /** Text content beyond this many characters fails the document (default: DEFAULT_LIMITS in limits.ts). */
  readonly maxTextChars?: number;
  /** Time the PDF/DOCX/DOC reader (OCR included) may take (default 20 s). */
  readonly documentTimeoutMs?: number;
}

/**
 * How the text came: as stored (a page or a copy, which may be cut or have lost lines), or
 * derived from a whole document by its reader — from its text layer, or by OCR.
 */
type TextOrigin = 'stored' | 'reader' | 'ocr';


// The file name decides when it says; else the markup itself.
// Markdown (or text) holding its tables as HTML: converters keep a table they cannot write as a
// pipe table (no header row, merged cells: turndown) as the HTML it was. Its tables are HTML
// tables — unless it also prints tables in text (pandoc writes grid tables, and HTML only for
// one with merged cells): then those are read, the HTML ones not (a mixed reading is to come).
const HTML_TABLE_IN_TEXT = /<table[\s>][\s\S]*?<t[dh][\s>]/i;
const TEXT_TABLE_ROW = /^\s*[|+]/gm;
const htmlTablesOnly = (text: string): boolean =>
  text.includes('<t') && HTML_TABLE_IN_TEXT.test(text) && (text.match(TEXT_TABLE_ROW)?.length ?? 0) < 5;

const looksHtml = (text: string, info: TextInfo): boolean =>
  /\.s?html?$/i.test(info.fileName ?? '') ||
  (!/\.(txt|md|markdown)$/i.test(info.fileName ?? '') && /<(html|table|body|div|p)[\s>]/i.test(text.slice(0, 20000))) ||
  htmlTablesOnly(text);

// Narrative = prose lines: sentences, not cells.
const narrative = (text: string): string => {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (!SENTENCE.test(line)) continue; // most lines of a flattened table: spared the trim
    const l = line.trim();
    if (l.length >= 8 && !l.includes('|')) out.push(l);
  }
  return out.join('\n');
};
const SENTENCE = /[，。；]/;

/** A text of some length that never repeats a line: real reports repeat zeros and headers, de-duplicated copies do not. */
function noRepeatedLines(text: string): boolean {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.length >= 12 && new Set(lines).size === lines.length;
}

interface Source {
  readonly kind: 'html' | 'text';
  readonly origin: TextOrigin;
  /** An HTML page's link texts: titles of other reports among them are not this page's title. */
  readonly links?: readonly string[];
  /** A text that shows where it ends (align's `whole`); an HTML page always does. */
  readonly ends?: boolean;
  readonly warnings?: string[];
}

function fromTokens(tokens: Token[], plain: string, title: string | null, prose: string, info: TextInfo, source: Source): ExtractionOk {
  const warnings = [...(source.warnings ?? [])];
  const titled = source.links ? titleSearchText(title, plain, source.links) : plain;
  let year = findYear(title, titled, info.url);
  const fallback = year === null ? fallbackYear(info, plain) : null;
  if (fallback) {
    year = fallback.year;
    warnings.push(`report year ${fallback.year} taken from the ${fallback.from}: the page does not state it`);
  }
  const second = secondReportAt(tokens);
  if (second !== null) {
    warnings.push(`a second report begins at ${quote(tokens[second]!)}: its tables are not read, and the first's template is chosen from its own`);
    tokens = tokens.slice(0, second);
  }
  // Headers, not prose: narratives say 本年新增 / 本年制发 too.
  const cellsText = tokens.map((t) => t.text).filter((t) => t.length <= 24 && !/[，。；,]/.test(t)).join('\n');
  const template = detectTemplate(cellsText, year);
  const aligned = template ? align(tokens, template, { noRepeatedLines: () => source.kind === 'text' && source.origin === 'stored' && noRepeatedLines(plain), whole: source.kind === 'html' || source.ends === true, ocr: source.origin === 'ocr' }) : { details: [], warnings: [], otherAsOneRow: false, accounts: [] };
  warnings.push(...aligned.warnings);
  if (!aligned.details.length) warnings.push('no readable statistical table: no cells extracted');
  const cells: Record<string, number | null> = {};
  for (const d of aligned.details) cells[d.key] = d.value;
  return {
    ok: true, template, year,
    organization: findOrganization(title, titled),
    title: findTitle(title, titled),
    publishedDate: findPublishedDate(plain),
    cells, details: aligned.details, accounts: aligned.accounts,
    ...(aligned.otherAsOneRow ? { otherAsOneRow: true } : {}),
    text: narrative(prose), warnings,
  };
}

function failure(where: string, err: unknown): ExtractionResult {
  const error = `${where}: ${(err as Error)?.message ?? String(err)}`;
  return err instanceof InputTooLargeError ? { ok: false, error, warnings: [], limit: 'size-limit' } : { ok: false, error, warnings: [] };
}

/** HTML, plain text or markdown already decoded. Never throws. */
export function extractText(text: string, info: TextInfo, opts: ExtractOptions = {}, warnings: readonly string[] = [], origin: TextOrigin = 'stored'): ExtractionResult {
  const maxTextChars = opts.maxTextChars ?? DEFAULT_LIMITS.maxTextChars;
  try {
    const raw = text;
    text = normalizeText(text);
    if (looksHtml(text, info)) {
      const page = htmlTokens(text, { maxTextChars });
      const plain = `${page.text}\n${page.tokens.map((t) => t.text).join('\n')}`;
      const warn = [...warnings, ...page.warnings, ...(page.tables ? [] : ['page has no <table>'])];
      // The page reader places every token in the page itself: no second parse to locate them.
      const x = fromTokens(page.tokens, plain, info.title ?? page.title, page.text, info, { kind: 'html', origin, links: page.links, warnings: warn });
      return { ...x, details: onStoredText(x.details, text, true) };
    }
    if (text.length > maxTextChars) {
      throw new InputTooLargeError(`text of ${text.length.toLocaleString('en')} characters is over the limit of ${maxTextChars.toLocaleString('en')} (raise it with --text-limit)`);
    }
    // A text that shows its end holds it, as a page does: pdftotext ends every page with a form
    // feed (normalising drops it), so a text ending in one is a whole document's dump; a rule
    // under the last row closes the table.
    const ends = /\f\s*$/.test(raw) || endsInRule(text);
    const words = wordsApart(text);
    const squeezed = words !== text ? ['the text is one line of words a space apart (white space squeezed): read a word a line, blank cells lost'] : [];
    text = words;
    const x = fromTokens(locateText(text, textTokens(text)), text, info.title ?? null, text, info, { kind: 'text', origin, ends, warnings: [...warnings, ...squeezed] });
    return { ...x, details: onStoredText(x.details, text, false) };
  } catch (err) {
    return failure(info.fileName ?? info.url ?? 'text', err);
  }
}

/** Any fetched document: decodes bytes, reads PDF/DOCX/DOC through the document reader. Never throws. */
export async function extract(doc: SourceDocument, opts: ExtractOptions = {}): Promise<ExtractionResult> {
  try {
    return await extractDocument(doc, opts);
  } catch (err) {
    return failure(doc.fileName ?? doc.url ?? 'document', err);
  }
}

async function extractDocument(doc: SourceDocument, opts: ExtractOptions): Promise<ExtractionResult> {
  const name = doc.fileName ?? doc.url ?? 'document';
  if (doc.text !== undefined && !doc.bytes) return extractText(doc.text, doc, opts);
  if (!doc.bytes) return { ok: false, error: `${name}: no bytes and no text`, warnings: [] };
  const format = documentFormat(doc.bytes, doc);
  if (format) {
    const read = await readDocument(doc.bytes, doc, { format, ...(opts.documentTimeoutMs ? { timeoutMs: opts.documentTimeoutMs } : {}) });
    return read.ok ? fromReader(read, doc, opts) : { ok: false, error: `${name}: ${read.error}`, warnings: read.warnings };
  }
  // The same text as `sourceText` (what the web view shows), with the decoder's warnings.
  const decoded = decodeDocument(doc.bytes, doc.contentType);
  const page = extractText(decoded.text, doc, opts, decoded.warnings);
  return page.ok && page.details.length === 0 && doc.images?.length ? fromPageImages(page, doc, opts) : page;
}

/** A document's reader text → cells: OCR'd cells the reader cannot vouch for left out (with a warning), the rest with their confidence. */
function fromReader(read: DocumentText, doc: SourceDocument, opts: ExtractOptions): ExtractionResult {
  // A document read whole ends where it ends (its last value is no cut fragment) and has lost no lines.
  const whole = read.text.endsWith('\n') ? read.text : `${read.text}\n`;
  const r = extractText(whole, { ...doc, fileName: undefined, ...(read.title ? { title: read.title } : {}) }, opts, [], read.ocr ? 'ocr' : 'reader');
  if (!r.ok) return r;
  const conf = read.confidence;
  const readerText = normalizeText(read.text);
  const judged = applyDoubts(r.details, readerText, read.places);
  const details = onReaderText(judged.details, readerText, read.places);
  const cells = judged.warnings.length ? Object.fromEntries(details.map((d) => [d.key, d.value])) : r.cells;
  return {
    ...r, cells, details: conf < 1 ? details.map((d) => ({ ...d, confidence: d.confidence ?? conf })) : details,
    warnings: [...read.warnings, ...judged.warnings, ...r.warnings],
  };
}

/**
 * A page whose text holds no table but which shows images: its tables pasted as
 * screenshots or scans, read by OCR in page order as one document's pages (page n of a
 * cell's provenance is the n-th image read). Year, body and title the images do not
 * state are the page's.
 */
async function fromPageImages(page: ExtractionOk, doc: SourceDocument, opts: ExtractOptions): Promise<ExtractionResult> {
  const where = doc.fileName ?? doc.url ?? 'page';
  // Each image its OCR budget: a pool's worker asks for that time (task-time.ts).
  const read = await readImages(doc.images!.map((im) => ({ bytes: im.bytes, name: im.src })), where, { timeoutMs: OCR_PAGE_BUDGET_MS * doc.images!.length });
  const pageWarnings = page.warnings.filter((w) => !/^no readable statistical table/.test(w));
  if (!read.ok) return { ...page, warnings: [...page.warnings, `no table read from the page's images: ${read.error}`] };
  const r = fromReader({ ...read, title: page.title ?? read.title }, { ...doc, images: undefined }, opts);
  if (!r.ok || r.details.length === 0) return { ...page, warnings: [...page.warnings, ...read.warnings, 'no table read from the page\'s images'] };
  return {
    ...r, year: page.year ?? r.year, organization: page.organization ?? r.organization, title: page.title ?? r.title,
    publishedDate: page.publishedDate ?? r.publishedDate, text: page.text || r.text,
    warnings: [...pageWarnings, `tables read by OCR from the page's images (${doc.images!.map((im) => im.src).join(', ')})`, ...r.warnings],
  };
}
