import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDocumentWorkers, documentFormat, readDocument } from '../../src/extract/documents/index.js';
import { synthDoc, toDocx } from '../../fixtures/documents/synthetic.js';

const REAL = new Uint8Array(readFileSync('/work/shared/corpus/pdf/hongze-2023.pdf'));
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

/** A PDF whose standard security handler wants a user password we do not have. */
function encryptedPdf(): Uint8Array {
  const hex = (n: number, seed: number): string => Array.from({ length: n }, (_, i) => ((i * 37 + seed) % 256).toString(16).padStart(2, '0')).join('');
  const objs = [
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
    '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj',
    `4 0 obj << /Filter /Standard /V 1 /R 2 /O <${hex(32, 1)}> /U <${hex(32, 2)}> /P -4 >> endobj`,
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (const o of objs) { offsets.push(body.length); body += `${o}\n`; }
  const xref = body.length;
  body += `xref\n0 5\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer << /Size 5 /Root 1 0 R /Encrypt 4 0 R /ID [<${hex(16, 3)}><${hex(16, 3)}>] >>\nstartxref\n${xref}\n%%EOF\n`;
  return enc(body);
}

afterAll(() => closeDocumentWorkers());

describe('format detection', () => {
  it('goes by magic bytes before names and types', () => {
    expect(documentFormat(REAL, { fileName: 'a.doc' })).toBe('pdf');
    expect(documentFormat(new Uint8Array([0x50, 0x4b, 3, 4, 0]), {})).toBe('docx');
    expect(documentFormat(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), {})).toBe('doc');
    expect(documentFormat(enc('<html>'), { fileName: 'x.html' })).toBeNull();
  });
});

describe('damaged documents come back ok:false with the problem named', () => {
  const cases: [string, () => Promise<Uint8Array> | Uint8Array, string, RegExp][] = [
    ['zero-byte PDF', () => new Uint8Array(0), 'r.pdf', /empty file/],
    ['zero-byte DOCX', () => new Uint8Array(0), 'r.docx', /empty file/],
    ['zero-byte DOC', () => new Uint8Array(0), 'r.doc', /empty file/],
    ['truncated PDF', () => REAL.slice(0, 4000), 'r.pdf', /PDF/],
    ['corrupt PDF', () => enc('%PDF-1.7\n' + 'garbage '.repeat(500)), 'r.pdf', /corrupt|could not be read/],
    ['encrypted PDF', encryptedPdf, 'r.pdf', /encrypted/],
    ['truncated DOCX', async () => (await toDocx(synthDoc(1))).slice(0, 1500), 'r.docx', /DOCX is corrupt or truncated|no word\/document.xml/],
    ['corrupt DOCX', () => new Uint8Array([0x50, 0x4b, 3, 4, ...enc('not a zip at all').values()]), 'r.docx', /DOCX/],
    ['corrupt DOC', () => new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Uint8Array(600).fill(7)]), 'r.doc', /DOC is corrupt or truncated/],
    ['encrypted Word file', () => new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...Buffer.from('EncryptedPackage', 'utf16le')]), 'r.docx', /encrypted/],
  ];
  it.each(cases)('%s', async (_name, make, fileName, problem) => {
    const r = await readDocument(await make(), { fileName });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toContain(fileName);
    expect(r.error).toMatch(problem);
  });
});

describe('time limit', () => {
  it('abandons a read past its deadline, and the next read works', async () => {
    const slow = await readDocument(REAL, { fileName: 'slow.pdf' }, { timeoutMs: 1 });
    expect(slow).toMatchObject({ ok: false });
    expect(!slow.ok && slow.error).toMatch(/slow\.pdf: PDF timed out after 1 ms/);
    const next = await readDocument(REAL, { fileName: 'next.pdf' });
    expect(next.ok && next.pages).toBe(5);
  });
});
