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

/** Takes the lock or throws DatabaseBusyError naming the holder; returns the release function. */
export function acquireDirLock(dir: string): () => void {
  const file = path.join(dir, '..', `${path.basename(dir)}.lock`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
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
      const holder = Number(fs.readFileSync(file, 'utf8').trim());
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
