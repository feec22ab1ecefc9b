/**
 * The extractor version follows extraction's code: a copy of the sources gives
 * the same version, a changed comment line keeps it, any changed code (a label
 * variant, a regex) gives a new one.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXTRACTOR_VERSION, extractionDigest, SOURCES } from '../../src/extract/version.js';

const SRC = path.resolve(import.meta.dirname, '../../src');

describe('EXTRACTOR_VERSION', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-version-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  for (const rel of SOURCES) fs.cpSync(path.join(SRC, rel), path.join(root, rel), { recursive: true });
  const edit = (rel: string, f: (s: string) => string) => { const p = path.join(root, rel); fs.writeFileSync(p, f(fs.readFileSync(p, 'utf8'))); };

  it('is the digest of the extraction sources', () => {
    expect(EXTRACTOR_VERSION).toBe(`align-${extractionDigest().slice(0, 12)}`);
    expect(extractionDigest(root)).toBe(extractionDigest());
  });

  it('ignores comment lines and changes with code', () => {
    edit('extract/align.ts', (s) => s.replace(' * The aligner:', ' * The aligner (reworded):'));
    expect(extractionDigest(root)).toBe(extractionDigest());
    edit('template/table-b.ts', (s) => s.replace("'上年转结'", "'上年转结', '上年结余'"));
    expect(extractionDigest(root)).not.toBe(extractionDigest());
  });
});
