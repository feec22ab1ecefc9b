/**
 * LibreOffice as a converter: a legacy Word file (.doc) saved as DOCX, a legacy Excel file
 * (.xls) as XLSX, by `soffice --headless`, so their tables are read with their merges and row
 * ends (docx.ts, xlsx.ts). A child process in a
 * temporary directory of its own (its own user profile: concurrent conversions do not share
 * one), bounded by the caller's time, removed afterwards.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Converted = { ok: true; bytes: Uint8Array } | { ok: false; why: string };

const TARGETS = { doc: ['docx', 'docx:MS Word 2007 XML'], xls: ['xlsx', 'xlsx:Calc MS Excel 2007 XML'] } as const;

/** The legacy file saved in its modern form: DOC → DOCX, XLS → XLSX. */
export async function officeConvert(bytes: Uint8Array, from: keyof typeof TARGETS, timeoutMs: number): Promise<Converted> {
  const [ext, filter] = TARGETS[from];
  const dir = await mkdtemp(join(tmpdir(), 'nianbao-office-'));
  try {
    await writeFile(join(dir, `in.${from}`), bytes);
    await new Promise<void>((resolve, reject) => {
      execFile('soffice', [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--norestore',
        '--convert-to', filter, '--outdir', join(dir, 'out'), join(dir, `in.${from}`)],
      { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 1 << 20 }, (err) => (err ? reject(err) : resolve()));
    });
    return { ok: true, bytes: new Uint8Array(await readFile(join(dir, 'out', `in.${ext}`))) };
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { killed?: boolean };
    const why = e.code === 'ENOENT' && e.path !== undefined && !e.path.includes(dir) ? 'LibreOffice (soffice) is not installed'
      : e.killed ? `LibreOffice did not finish within ${timeoutMs} ms`
        : e.code === 'ENOENT' ? `LibreOffice wrote no ${ext.toUpperCase()}` : `LibreOffice failed: ${e.message.trim().split('\n')[0]}`;
    return { ok: false, why };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
