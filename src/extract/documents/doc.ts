/** Legacy Word 97-2003 (.doc) via word-extractor; table cells come out tab-separated. */
import WordExtractor from 'word-extractor';
import type { DocumentRead } from './index.js';

export async function readDoc(bytes: Uint8Array, where: string): Promise<DocumentRead> {
  // Password-protected Office files (DOCX or DOC) are CFB containers holding an EncryptedPackage stream.
  if (Buffer.from(bytes).includes(Buffer.from('EncryptedPackage', 'utf16le'))) {
    return { ok: false, error: `${where}: Word document is encrypted (password required)`, warnings: [] };
  }
  let body: string;
  try {
    const doc = await new WordExtractor().extract(Buffer.from(bytes));
    body = doc.getBody();
  } catch (err) {
    const msg = (err as Error)?.message ?? String(err);
    const what = /encrypt|password/i.test(msg) ? 'DOC is encrypted' : 'DOC is corrupt or truncated';
    return { ok: false, error: `${where}: ${what} (${msg})`, warnings: [] };
  }
  const lines = body.split(/\r?\n|\r/).map((l) => l.replace(/[\u0007]/g, '\t').replace(/\s+$/, ''))
    .filter((l) => l.trim())
    .map((l) => (l.includes('\t') ? `| ${l.split('\t').map((c) => c.trim()).join(' | ')} |` : l.trim()));
  const title = lines.find((l) => !l.startsWith('|')) ?? null;
  return { ok: true, format: 'doc', pages: 1, text: lines.join('\n'), title, ocr: false, confidence: 1, warnings: [] };
}
