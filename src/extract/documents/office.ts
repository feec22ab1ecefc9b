/**
 * LibreOffice as a converter: a legacy Word file (.doc) saved as DOCX by `soffice --headless`,
 * so its tables are read with their merges and row ends (docx.ts). A child process in a
 * temporary directory of its own (its own user profile: concurrent conversions do not share
 * one), bounded by the caller's time, removed afterwards.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Converted = { ok: true; bytes: Uint8Array } | { ok: false; why: string };

export async function docToDocx(bytes: Uint8Array, timeoutMs: number): Promise<Converted> {
  const dir = await mkdtemp(join(tmpdir(), 'nianbao-office-'));
  try {
    await writeFile(join(dir, 'in.doc'), bytes);
    await new Promise<void>((resolve, reject) => {
      execFile('soffice', [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--norestore',
        '--convert-to', 'docx:MS Word 2007 XML', '--outdir', join(dir, 'out'), join(dir, 'in.doc')],
      { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 1 << 20 }, (err) => (err ? reject(err) : resolve()));
    });
    return { ok: true, bytes: new Uint8Array(await readFile(join(dir, 'out', 'in.docx'))) };
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { killed?: boolean };
    const why = e.code === 'ENOENT' && e.path !== undefined && !e.path.includes(dir) ? 'LibreOffice (soffice) is not installed'
      : e.killed ? `LibreOffice did not finish within ${timeoutMs} ms`
        : e.code === 'ENOENT' ? 'LibreOffice wrote no DOCX' : `LibreOffice failed: ${e.message.trim().split('\n')[0]}`;
    return { ok: false, why };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
