/** A page of a stored PDF as a PNG, drawn by poppler's pdftoppm (a Debian package CI installs), bounded in time. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export async function pdfPagePng(bytes: Uint8Array, page: number, dpi = 96): Promise<Buffer | null> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-page-'));
  try {
    const pdf = path.join(dir, 'd.pdf');
    fs.writeFileSync(pdf, bytes);
    await new Promise<void>((resolve, reject) => {
      execFile('pdftoppm', ['-f', String(page), '-l', String(page), '-r', String(dpi), '-png', '-singlefile', pdf, path.join(dir, 'p')],
        { timeout: 20_000 }, (err) => (err ? reject(err) : resolve()));
    });
    const png = path.join(dir, 'p.png');
    return fs.existsSync(png) ? fs.readFileSync(png) : null;
  } catch {
    return null;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
