/**
 * Legacy Word 97-2003 (.doc). LibreOffice saves it as DOCX, read as a DOCX is (its tables with
 * their merges and row ends). Without LibreOffice, word-extractor gives the text, but its
 * table cells come out tab-separated with a row's end the same tab as an empty cell, and a
 * merged cell's filler the same as a blank: generated reports with blank cells stated 37–81
 * values wrong each that way. Then the paragraphs are read (year, body, narrative) and the
 * tables left out, with a warning.
 */
import WordExtractor from 'word-extractor';
import type { DocumentRead } from './index.js';
import { readDocx } from './docx.js';
import { officeConvert } from './office.js';

export async function readDoc(bytes: Uint8Array, where: string, opts: { timeoutMs: number }): Promise<DocumentRead> {
  // Password-protected Office files (DOCX or DOC) are CFB containers holding an EncryptedPackage stream.
  if (Buffer.from(bytes).includes(Buffer.from('EncryptedPackage', 'utf16le'))) {
    return { ok: false, error: `${where}: Word document is encrypted (password required)`, warnings: [] };
  }
  // word-extractor first: it tells a corrupt file (which LibreOffice might still turn into an empty DOCX).
  let body: string;
  try {
    body = (await new WordExtractor().extract(Buffer.from(bytes))).getBody();
  } catch (err) {
    const msg = (err as Error)?.message ?? String(err);
    const what = /encrypt|password/i.test(msg) ? 'DOC is encrypted' : 'DOC is corrupt or truncated';
    return { ok: false, error: `${where}: ${what} (${msg})`, warnings: [] };
  }
  const converted = await officeConvert(bytes, 'doc', opts.timeoutMs);
  if (converted.ok) {
    const r = readDocx(converted.bytes, where);
    if (r.ok) return { ...r, format: 'doc' };
  }
  return withoutTables(body, where, converted.ok ? 'LibreOffice wrote a DOCX that could not be read' : converted.why);
}

/** The text word-extractor gives, its tables left out (see the top of this file). */
function withoutTables(body: string, where: string, why: string): DocumentRead {
  const all = body.split(/\r?\n|\r/).map((l) => l.replace(/[\u0007]/g, '\t').replace(/\s+$/, '')).filter((l) => l.trim());
  const lines = all.filter((l) => !l.includes('\t')).map((l) => l.trim());
  const tables = all.length - lines.length;
  const warnings = tables ? [`${where}: ${why}: the DOC's tables cannot be read without it (an empty cell, a merged cell and a row's end look alike): ${tables} table line(s) left out`] : [];
  return { ok: true, format: 'doc', pages: 1, text: lines.join('\n'), title: lines[0] ?? null, ocr: false, confidence: 1, warnings };
}
