/**
 * The extractor's version, derived rather than written by hand: a digest of
 * every source file extraction runs (src/extract with its document readers,
 * src/template, the report model) and of the versions of the libraries that read
 * pages and documents. Whatever changes what extraction can output changes the
 * version, so the pipeline re-extracts stored documents after an upgrade
 * (`nianbao run --no-crawl`) — and several people changing extraction at once
 * never fight over a version string. Comment lines do not count.
 *
 * Not covered: the tesseract binary and its language data (OCR), which live
 * outside the project.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// body-kind and division decide which title words name a body (the extraction's organization).
export const SOURCES = ['extract', 'template', 'model/report.ts', 'model/body-kind.ts', 'model/division.ts', 'model/year-words.ts', 'model/half-width.ts'];
const LIBRARIES = ['cheerio', 'iconv-lite', 'pdfjs-dist', 'fflate', 'word-extractor', 'pngjs', 'jpeg-js', 'exceljs'];

// Whole-line comments (`//`, JSDoc) only: a change inside code, strings included, always counts.
const COMMENT_LINE = /^\s*(\/\/.*|\/\*\*?|\*\/|\*(\s.*)?)$/;

function files(root: string, rel: string): string[] {
  const abs = path.join(root, rel);
  if (!fs.existsSync(abs)) return [];
  if (fs.statSync(abs).isFile()) return [rel];
  return fs.readdirSync(abs).sort().flatMap((f) => files(root, path.join(rel, f))).filter((f) => /\.(m?ts|mjs|js)$/.test(f));
}

function libraryVersion(name: string): string {
  let dir = SRC;
  for (;;) {
    const pkg = path.join(dir, 'node_modules', name, 'package.json');
    if (fs.existsSync(pkg)) return (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version?: string }).version ?? '?';
    const up = path.dirname(dir);
    if (up === dir) return 'absent';
    dir = up;
  }
}

/** The digest behind EXTRACTOR_VERSION: sources by path (under `root`, the project's src by default), then library versions. */
export function extractionDigest(root = SRC): string {
  const h = createHash('sha256');
  for (const f of SOURCES.flatMap((s) => files(root, s))) {
    const code = fs.readFileSync(path.join(root, f), 'utf8').split('\n').filter((l) => !COMMENT_LINE.test(l)).join('\n');
    h.update(`${f.split(path.sep).join('/')}\n${code}\n`);
  }
  for (const lib of LIBRARIES) h.update(`${lib}@${libraryVersion(lib)}\n`);
  return h.digest('hex');
}

export const EXTRACTOR_VERSION = `align-${extractionDigest().slice(0, 12)}`;
