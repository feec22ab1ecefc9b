/**
 * An exclusive lock on the embedded database directory, held for the life of
 * the process. A lock left by a dead process (kill -9) is taken over.
 */
import fs from 'node:fs';
import path from 'node:path';

export class DatabaseBusyError extends Error {}

/** Whether a process with this pid exists on this machine (EPERM: it does, owned by someone else). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The lock file of a database directory. */
export const lockFile = (dir: string): string => path.join(dir, '..', `${path.basename(dir)}.lock`);

/** Who holds a directory's lock (pid and what for), or null when it is free or its holder is gone. */
export function lockHolder(dir: string): { pid: number; label: string } | null {
  let text: string;
  try { text = fs.readFileSync(lockFile(dir), 'utf8'); } catch { return null; }
  const [pid, label = ''] = text.trim().split(/\s+/, 2);
  const n = Number(pid);
  return Number.isInteger(n) && n > 0 && processAlive(n) ? { pid: n, label } : null;
}

/**
 * Takes the lock or throws DatabaseBusyError naming the holder; returns the
 * release function. `label` says what the holder is doing (a web view's
 * snapshot holds the lock for seconds, and others may wait for it).
 */
export function acquireDirLock(dir: string, label = ''): () => void {
  const file = lockFile(dir);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, label ? `${process.pid} ${label}` : String(process.pid), { flag: 'wx' });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        try { fs.unlinkSync(file); } catch { /* already gone */ }
      };
      process.on('exit', release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(fs.readFileSync(file, 'utf8').trim().split(/\s+/)[0]);
      if (holder === process.pid) throw new DatabaseBusyError(`embedded database ${dir} is already open in this process`);
      if (Number.isInteger(holder) && holder > 0 && processAlive(holder)) {
        throw new DatabaseBusyError(
          `embedded database ${dir} is in use by process ${holder}; wait for it to finish, or use PostgreSQL (DATABASE_URL) to run several processes at once`,
        );
      }
      fs.rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  throw new DatabaseBusyError(`could not lock embedded database ${dir}`);
}
