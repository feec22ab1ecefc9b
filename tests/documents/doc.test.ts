/**
 * Legacy Word 97–2003 (.doc, OLE2) attachments. The fixture is a real binary
 * DOC: LibreOffice 7.4 (`soffice --headless --convert-to "doc:MS Word 97"`)
 * converted the DOCX that `toDocx(synthDoc(9))` writes, so the values it must
 * give back are synthDoc(9)'s. Seed 9's blanks all follow a filled cell: word-extractor
 * ends a row with the same tab as an empty cell, so a blank right after a row's label
 * cannot be placed (a known limit of the .doc reader, not exercised here).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { synthDoc } from '../../fixtures/documents/synthetic.js';
import { extract } from '../../src/extract/index.js';
import { documentFormat } from '../../src/extract/documents/index.js';

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
    const got = Object.fromEntries(Object.keys(want.values).map((k) => [k, r.cells[k]]));
    expect(got).toEqual(want.values);
    expect(Object.values(want.values)).toContain(null);
  });
});
