/**
 * OCR for scanned pages and pages whose text layer is unreadable: poppler's
 * pdftoppm renders each page (200 dpi, grey), the table rules found in the image
 * are wiped (raster-rules.ts) and kept as the page's rules, and tesseract
 * (chi_sim, TSV) reads words with their boxes and confidences, which go through
 * the same layout as a text layer. Child processes, bounded by the deadline.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gridBoxes, gridCellBoxes } from './layout-grid.js';
import { barsToPipes, type BoxedChar } from './ocr-bars.js';
import { zerosApart } from './ocr-zeros.js';
import { barsAlone, pipeRows, rebar, type PixelLine } from './ocr-pipe-rows.js';
import { onlySpans, tangledSpans, unreadRows, withSparse } from './ocr-tangled-lines.js';
import { CROP_MARGIN_PT, cropsFor, isValueCrop, readings, reconcile, splitAtCells, strip as valueStrip, type Crop, type Reading } from './ocr-second-look.js';
import type { PageItems, Rect, TextItem } from './layout-words.js';
import { deskew, quarterTurn } from './deskew.js';
import { lossyPages, withoutHaze } from './compression-haze.js';
import { askForTime } from '../../workers/task-time.js';
import { findPixelRules, inkMap, parsePgm, toRules, wipe, writePgm, type Gray } from './raster-rules.js';

/** `turned`: pages (1-based, in the order read) scanned sideways or upside down, and the clockwise turn that set them upright. */
export type OcrResult = { ok: true; pages: PageItems[]; confidence: number; turned: Turned[] } | { ok: false; error: string };

export interface Turned { readonly page: number; readonly degrees: 90 | 180 | 270 }

/** The warning a turned page gets: its places (boxes) are on the page as turned upright. */
export function turnedWarning(where: string, what: 'page' | 'image', n: number, degrees: Turned['degrees']): string {
  const how = degrees === 180 ? 'upside down' : 'on its side';
  return `${where}: ${what} ${n} was scanned ${how}: read after turning it ${degrees}° clockwise (boxes are on the turned ${what})`;
}

export const OCR_DPI = 200;
/** The wall time a page's OCR is budgeted (an upright page takes 10–20 s, a turned one up to 50 s). */
export const OCR_PAGE_BUDGET_MS = 60_000;

function run(cmd: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 64 << 20, killSignal: 'SIGKILL' }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });
}

let tools: Promise<string | null> | null = null;
/** null when OCR is possible, else what is missing. */
export function ocrMissing(): Promise<string | null> {
  tools ??= (async () => {
    try { await run('pdftoppm', ['-v'], 5000); } catch (e) { if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'pdftoppm (poppler-utils) is not installed'; }
    try {
      const langs = await run('tesseract', ['--list-langs'], 5000);
      if (!/\bchi_sim\b/.test(langs)) return 'tesseract has no chi_sim language (install tesseract-ocr-chi-sim)';
    } catch { return 'tesseract is not installed'; }
    return null;
  })();
  return tools;
}

/** OCRs the PDF's pages (1-based numbers; all when `only` is absent), in page order. */
export async function ocrPdf(bytes: Uint8Array, where: string, timeoutMs: number, only?: readonly number[], pageCount?: number): Promise<OcrResult> {
  return ocrWith(where, timeoutMs, async (dir, left) => {
    await writeFile(join(dir, 'in.pdf'), bytes);
    const numbers = only ?? Array.from({ length: pageCount ?? (await countPages(join(dir, 'in.pdf'), left())) }, (_, i) => i + 1);
    // Pages scanned to JPEG carry its haze (compression-haze.ts); a listing that fails (a damaged file pdftoppm may still render) leaves it.
    const lossy = lossyPages(await run('pdfimages', ['-list', join(dir, 'in.pdf')], left()).catch(() => ''));
    return numbers.map((n) => async () => {
      const base = join(dir, `p${n}`);
      await run('pdftoppm', ['-r', String(OCR_DPI), '-gray', '-f', String(n), '-l', String(n), '-singlefile', join(dir, 'in.pdf'), base], left());
      const img = parsePgm(new Uint8Array(await readFile(`${base}.pgm`)));
      return lossy.has(n) ? withoutHaze(img) : img;
    });
  });
}

/** OCRs page images already decoded to grey at OCR_DPI (images.ts), in order. */
export async function ocrImages(images: readonly Gray[], where: string, timeoutMs: number): Promise<OcrResult> {
  return ocrWith(where, timeoutMs, async () => images.map((img) => async () => img));
}

/** A page image to OCR, made when its turn comes (a PDF page is rendered only then). */
type PageSource = () => Promise<Gray>;

async function ocrWith(where: string, timeoutMs: number, sources: (dir: string, left: () => number) => Promise<PageSource[]>): Promise<OcrResult> {
  const missing = await ocrMissing();
  if (missing) return { ok: false, error: `${where}: cannot OCR: ${missing}` };
  const deadline = Date.now() + timeoutMs;
  const left = (): number => Math.max(1000, deadline - Date.now());
  const dir = await mkdtemp(join(tmpdir(), 'nianbao-ocr-'));
  try {
    const pages: PageItems[] = [];
    const turned: Turned[] = [];
    let confSum = 0, confN = 0;
    const pageSources = await sources(dir, left);
    // Each page may take up to its budget (a turned page is read two or three times): ask the pool for that time.
    askForTime(Math.min(timeoutMs, pageSources.length * OCR_PAGE_BUDGET_MS));
    for (const [i, source] of pageSources.entries()) {
      const page = await uprightPage(await source(), join(dir, `page${i + 1}`), left);
      pages.push(page.page);
      if (page.turned) turned.push({ page: i + 1, degrees: page.turned });
      confSum += page.confSum; confN += page.n;
    }
    return { ok: true, pages, confidence: confN ? Math.min(0.99, confSum / confN / 100) : 0, turned };
  } catch (err) {
    const e = err as Error & { killed?: boolean };
    return { ok: false, error: `${where}: ${e.killed || Date.now() > deadline ? `OCR timed out after ${timeoutMs} ms` : `OCR failed: ${e.message.trim()}`}` };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Below this mean word confidence a page may lie on its side or upside down: upright pages,
 * blurred and skewed scans included, read at 60–95; a sheet fed sideways or upside down at 15–25.
 */
const TURNED_CONF = 45;

type PageRead = { page: PageItems; confSum: number; n: number };
const meanConf = (r: { confSum: number; n: number }): number => (r.n ? r.confSum / r.n : 0);

/** A page's first reading: straightened, its table rules found and wiped, its words read. */
interface FirstPass {
  readonly clean: Gray;
  readonly rules: ReturnType<typeof toRules>;
  readonly read: ReturnType<typeof parseHocr>;
  /** Rows of bars alone no line of OCR's lies on (lone `|`s), for `pipeRows` to give back. */
  readonly barRows: readonly PixelLine[];
  readonly base: string;
}

async function firstPass(raw: Gray, base: string, left: () => number): Promise<FirstPass> {
  // A sheet scanned askew is straightened first: rules and rows are found level or not at all.
  const { img } = deskew(raw);
  const { rules, clean } = tableRules(img);
  await writeFile(`${base}-clean.pgm`, writePgm(clean));
  const readAs = async (psm: string): Promise<ReturnType<typeof parseHocr>> =>
    parseHocr(await run('tesseract', [`${base}-clean.pgm`, 'stdout', '-l', 'chi_sim', '--psm', psm, '--dpi', String(OCR_DPI), '-c', 'hocr_char_boxes=1', 'hocr'], left()));
  let read = await readAs('6');
  // Lines the block reading tangled across printed rows are read again as sparse text (ocr-tangled-lines.ts); a ruled table's cells get their own second look.
  const grid = gridCellBoxes(rules);
  const inGrid = (l: PixelLine): boolean => grid.some((c) => overlaps(c, l, clean.height));
  const spans = tangledSpans(clean, read.lines.filter((l) => !inGrid(l)));
  if (spans.length) read = withSparse(read, await readAs('11'), spans, clean.height, OCR_DPI);
  // …and so are rows of ink it left without a line, alone on the page; rows of bars alone come back as bars.
  const unread = unreadRows(clean, read.lines).filter((l) => !inGrid(l));
  const barRows = unread.filter((l) => barsAlone(clean, l, OCR_DPI));
  const missed = unread.filter((l) => !barRows.includes(l)).map((l): [number, number] => [l.top, l.bottom]);
  if (missed.length) {
    await writeFile(`${base}-missed.pgm`, writePgm(onlySpans(clean, missed)));
    read = withSparse(read, parseHocr(await run('tesseract', [`${base}-missed.pgm`, 'stdout', '-l', 'chi_sim', '--psm', '11', '--dpi', String(OCR_DPI), '-c', 'hocr_char_boxes=1', 'hocr'], left())), missed, clean.height, OCR_DPI);
  }
  return { clean, rules, read, barRows, base };
}

/**
 * A page read the right way up. A page whose words read poorly is asked which way up its
 * text is (tesseract's orientation detection), turned, and its words read again; the turn
 * is kept only if the words read better (tesseract's answer on table pages is often unsure,
 * so the opposite side is tried too when it was wrong). Upright pages pay nothing more.
 */
async function uprightPage(raw: Gray, base: string, left: () => number): Promise<PageRead & { turned?: 90 | 180 | 270 }> {
  let best = await firstPass(raw, base, left);
  let turned: 90 | 180 | 270 | undefined;
  if (meanConf(best.read) < TURNED_CONF) {
    const told = await orientation(`${base}-clean.pgm`, left);
    for (const degrees of told === null ? [] : [told, ...(told === 180 ? [] : [told === 90 ? 270 as const : 90 as const])]) {
      const again = await firstPass(quarterTurn(raw, degrees / 90), `${base}-turned${degrees}`, left);
      if (meanConf(again.read) > meanConf(best.read)) { best = again; turned = degrees; }
      if (meanConf(best.read) >= TURNED_CONF) break;
    }
  }
  return { ...await secondPass(best, left), ...(turned ? { turned } : {}) };
}

/** The clockwise turn tesseract says sets the page's text upright, or null (upright, or too little text to tell). */
async function orientation(file: string, left: () => number): Promise<90 | 180 | 270 | null> {
  let out: string;
  try { out = await run('tesseract', [file, 'stdout', '--psm', '0', '--dpi', String(OCR_DPI)], left()); } catch { return null; }
  const rotate = Number(/^Rotate:\s*(\d+)/m.exec(out)?.[1]);
  return rotate === 90 || rotate === 180 || rotate === 270 ? rotate : null;
}

/** The page's words in points with the table rules and ink, its cells read once more; files under the pass's `base`. */
async function secondPass(first: FirstPass, left: () => number): Promise<PageRead> {
  const { clean, rules, read: page, barRows, base } = first;
  const ink = inkMap(clean, OCR_DPI);
  // Cells read one by one, and value cells once more by a digits-only model (ocr-second-look.ts).
  // …and the cells of rows printed as text between bars, cut where the image has its bars (ocr-pipe-rows.ts).
  const grid = gridCellBoxes(rules);
  // …with the rows of bars alone OCR dropped (a text form's empty cells, one a line).
  const pipes = pipeRows(clean, [...page.lines.filter((l) => !grid.some((c) => overlaps(c, l, clean.height))), ...barRows], page.page.items, OCR_DPI, CROP_MARGIN_PT);
  const cells = [...grid, ...pipes.flatMap((p) => p.cells)];
  let items = splitAtCells(page.page.items, cells);
  const crops = cropsFor(cells, items, ink);
  if (crops.length) {
    const read = async (name: string, cs: Crop[], scale: number, lang: string, extra: string[]): Promise<Reading[]> => {
      const { image, bands } = valueStrip(clean, cs, OCR_DPI, scale);
      await writeFile(`${base}-${name}.pgm`, writePgm(image));
      return readings(hocrWords(await run('tesseract', [`${base}-${name}.pgm`, 'stdout', '-l', lang, '--psm', '6', '--dpi', String(OCR_DPI * scale), ...extra, 'hocr'], left())), bands);
    };
    const own = await read('cells', crops, 1, 'chi_sim', []);
    const values = crops.map((c, i) => isValueCrop(c, own[i]!));
    const digits = await read('values', crops.filter((_, i) => values[i]), 2, 'eng', ['-c', 'tessedit_char_whitelist=0123456789.,-+']);
    let k = 0;
    items = reconcile(items, crops, own, values.map((v) => (v ? digits[k++] : undefined)));
  }
  items = rebar(items, pipes);
  return { page: { ...page.page, items, rules, ink }, confSum: page.confSum, n: page.n };
}

async function countPages(file: string, timeoutMs: number): Promise<number> {
  const info = await run('pdfinfo', [file], timeoutMs);
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0);
}

/** Whether a grid cell (points, y up) and a text line (pixels, y down) share any of the page. */
function overlaps(c: Rect, l: PixelLine, heightPx: number): boolean {
  const k = 72 / OCR_DPI;
  return c.x0 < l.right * k && c.x1 > l.left * k && c.y0 < (heightPx - l.top) * k && c.y1 > (heightPx - l.bottom) * k;
}

/** The rules that draw tables (in points) and the image with them wiped. */
function tableRules(img: Gray): { rules: ReturnType<typeof toRules>; clean: Gray } {
  const found = findPixelRules(img);
  const inPoints = toRules(found, img, OCR_DPI);
  const boxes = gridBoxes(inPoints);
  const inTable = (i: number): boolean => {
    const r = inPoints[i]!;
    return boxes.some((b) => r.x0 >= b.x0 - 2 && r.x1 <= b.x1 + 2 && r.y0 >= b.y0 - 2 && r.y1 <= b.y1 + 2);
  };
  const keep = found.filter((_, i) => inTable(i));
  const clean = { ...img, data: new Uint8Array(img.data) };
  wipe(clean, keep);
  return { rules: inPoints.filter((_, i) => inTable(i)), clean };
}

const unescape = (t: string): string => t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;|&apos;/g, "'").replace(/&amp;/g, '&');
const numbers = (title: string, key: string): number[] => (new RegExp(`${key}\\s+([-\\d.\\s]+)`).exec(title)?.[1] ?? '').trim().split(/\s+/).map(Number);

/** A text line tesseract found: its box and baseline (pixels, y down). */
interface HocrLine { left: number; top: number; bottom: number; slope: number; offset: number }

/** The baseline's y (pixels, y down) at `x`, as hOCR gives it: bottom + offset + slope·(x − left). */
const baselineAt = (line: HocrLine, x: number): number => line.bottom + line.offset + line.slope * (x - line.left);

/**
 * The words of an hOCR page, each with the text line tesseract put it on. Lines come as
 * ocr_line, ocr_header, ocr_caption or ocr_textfloat spans; a word belongs to the last one opened.
 */
function hocrLinesAndWords(hocr: string): { words: { title: string; chars: BoxedChar[]; line: HocrLine | null }[]; lines: PixelLine[] } {
  const out: { title: string; chars: BoxedChar[]; line: HocrLine | null }[] = [];
  const lines: PixelLine[] = [];
  let line: HocrLine | null = null;
  for (const m of hocr.matchAll(/<span class='(ocr_line|ocr_header|ocr_caption|ocr_textfloat|ocrx_word|ocrx_cinfo)'[^>]*?title=(["'])(.*?)\2[^>]*>([^<]*)/g)) {
    const [, kind, , title = ''] = m;
    if (kind === 'ocrx_word') { out.push({ title, chars: [], line }); continue; }
    if (kind === 'ocrx_cinfo') {
      const c = { box: numbers(title, 'x_bboxes'), text: unescape(m[4]!) };
      if (c.text.trim() && c.box.length === 4) out.at(-1)?.chars.push(c);
      continue;
    }
    const [left = 0, top = 0, right = 0, bottom = 0] = numbers(title, 'bbox');
    const [slope = 0, offset = 0] = numbers(title, 'baseline');
    line = { left, top, bottom, slope: Number.isFinite(slope) ? slope : 0, offset: Number.isFinite(offset) ? offset : 0 };
    lines.push({ left, top, right, bottom });
  }
  return { words: out, lines };
}

/**
 * Tesseract hOCR with character boxes (pixels, y down) → one item per word in points, y up,
 * with each character's span and the word's confidence (tesseract's per-character
 * confidences say little; the word's is what it is sure of).
 *
 * A word sits on its line's baseline, not on its own box: tesseract's boxes of Chinese words
 * are often taller than the line (`镇` boxed 40 px high on a 25 px line), and a word placed by
 * its own bottom fell a line below its neighbours, cutting a row label in two.
 */
export function parseHocr(hocr: string): { page: PageItems; lines: PixelLine[]; confSum: number; n: number } {
  const scale = 72 / OCR_DPI;
  const [, , width = 0, height = 0] = numbers(/class='ocr_page'[^>]*title='([^']*)'/.exec(hocr)?.[1] ?? '', 'bbox');
  const items: TextItem[] = [];
  let confSum = 0, n = 0;
  const { words, lines } = hocrLinesAndWords(hocr);
  for (const { title, chars, line } of zerosApart(barsToPipes(words))) {
    const conf = Math.max(0, numbers(title, 'x_wconf')[0] ?? 0);
    if (!chars.length) continue;
    const [l, t, r] = numbers(title, 'bbox') as [number, number, number, number];
    // Without a line, the baseline is the lowest bottom of the word's characters.
    const bottom = line ? baselineAt(line, l) : Math.max(...chars.map((c) => c.box[3]!));
    const top = line ? line.top : Math.min(t, ...chars.map((c) => c.box[1]!));
    items.push({
      str: chars.map((c) => c.text).join(''), x: l * scale, y: (height - bottom) * scale, w: (r - l) * scale,
      h: Math.max((bottom - top) * scale, 6), conf,
      chars: chars.flatMap((c) => [...c.text].map(() => ({ x0: c.box[0]! * scale, x1: c.box[2]! * scale }))),
    });
    confSum += conf; n++;
  }
  return { page: { width: width * scale, height: height * scale, items }, lines, confSum, n };
}

/** Words of an hOCR page in pixels (y down), with tesseract's word confidence. */
export function hocrWords(hocr: string): { text: string; left: number; top: number; right: number; bottom: number; conf: number }[] {
  return [...hocr.matchAll(/<span class='ocrx_word'[^>]*title='([^']*)'[^>]*>([\s\S]*?)<\/span>/g)].map((m) => {
    const [left = 0, top = 0, right = 0, bottom = 0] = numbers(m[1]!, 'bbox');
    return { text: unescape(m[2]!.replace(/<[^>]*>/g, '')).trim(), left, top, right, bottom, conf: Math.max(0, numbers(m[1]!, 'x_wconf')[0] ?? 0) };
  }).filter((w) => w.text);
}
