/**
 * Legacy Word 97–2003 (.doc, OLE2) attachments. The fixture is a real binary DOC:
 * LibreOffice 7.4 (`soffice --headless --convert-to "doc:MS Word 97"`) converted the DOCX
 * that `toDocx(synthDoc(9))` writes, so the values it must give back are synthDoc(9)'s.
 * A DOC is saved as DOCX by LibreOffice and read as one (doc.ts). LibreOffice cannot read
 * back the fixture's last table (table C, 15 cells over two spanned headers): it comes out as
 * a paragraph of glued digits, which no value is read from. Without LibreOffice the tables
 * are left out with a warning: word-extractor ends a row with the same tab as an empty cell.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { synthDoc } from '../../fixtures/documents/synthetic.js';
import { extract } from '../../src/extract/index.js';
import { documentFormat, readDocument } from '../../src/extract/documents/index.js';

const FIXTURE = path.join(import.meta.dirname, '../../fixtures/documents/synth9-word97.doc');

describe('legacy .doc', () => {
  it('reads every value, blanks as null, with year, template and title', async () => {
    const bytes = new Uint8Array(fs.readFileSync(FIXTURE));
    expect(documentFormat(bytes, {})).toBe('doc');
    const want = synthDoc(9);
    const r = await extract({ bytes, fileName: 'synth9-word97.doc' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect({ year: r.year, template: r.template, title: r.title }).toEqual({ year: Number(/(\d{4})年/.exec(want.title)![1]), template: '2021', title: want.title });
    const tableC = (k: string) => /^(review|litigation)/.test(k);
    const ab = Object.keys(want.values).filter((k) => !tableC(k));
    expect(Object.fromEntries(ab.map((k) => [k, r.cells[k]]))).toEqual(Object.fromEntries(ab.map((k) => [k, want.values[k]])));
    expect(ab.map((k) => want.values[k])).toContain(null);
    // Table C, lost as a table by LibreOffice: nothing stated (its digits run together as 100121000100000).
    expect(Object.keys(r.cells).filter(tableC)).toEqual([]);
  });

  it('without LibreOffice, reads the paragraphs and leaves the tables out, saying why', async () => {
    const bytes = new Uint8Array(fs.readFileSync(FIXTURE));
    const path0 = process.env.PATH;
    process.env.PATH = '/nonexistent'; // soffice not found: as on a machine without LibreOffice
    try {
      const r = await readDocument(bytes, { fileName: 'synth9-word97.doc' });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.text).toContain(synthDoc(9).title);
      expect(r.text).not.toContain('|');
      expect(r.warnings).toEqual([expect.stringMatching(/^synth9-word97\.doc: LibreOffice \(soffice\) is not installed: the DOC's tables cannot be read without it .*: \d+ table line\(s\) left out$/)]);
    } finally {
      process.env.PATH = path0;
    }
  });
});
