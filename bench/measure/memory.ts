/**
 * Memory of what a bench runs: this process's peak RSS, and the PostgreSQL backends serving
 * a crawler's connections, read from /proc (the server runs on this machine). A backend's
 * resident set is its private memory plus the pages of shared buffers it touched; the
 * shared pages are the same for every backend, so they count once: peak of
 * (Σ private + max shared). The postmaster and background workers exist whoever connects
 * and are not counted.
 */
import fs from 'node:fs';
import pg from 'pg';

const MB = 1024;

function statusKb(pid: number | 'self', field: string): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0; // the backend exited between listing and reading
  }
}

/** Peak resident set of this process so far, in MB. */
export const peakRssMb = (): number => Math.round(statusKb('self', 'VmHWM') / MB);

/** Resident set of a process now, in MB (0 if it is gone). */
export const rssMb = (pid: number): number => Math.round(statusKb(pid, 'VmRSS') / MB);

export interface BackendMemory { peakMb: number; privateMb: number; sharedMb: number; backends: number }

/**
 * Samples the backends whose application_name starts with `appPrefix` every `everyMs` until
 * stopped. Give the crawler's connection URL `?application_name=…` so its backends are found.
 */
export function sampleBackends(url: string, appPrefix: string, everyMs = 250): { stop(): Promise<BackendMemory> } {
  const client = new pg.Client({ connectionString: url });
  const peak: BackendMemory = { peakMb: 0, privateMb: 0, sharedMb: 0, backends: 0 };
  const seen = new Set<number>();
  let running = true;
  const sample = async () => {
    const { rows } = await client.query<{ pid: number }>(
      'select pid from pg_stat_activity where application_name like $1 and pid <> pg_backend_pid()', [`${appPrefix}%`]);
    let priv = 0, shared = 0;
    for (const { pid } of rows) {
      seen.add(pid);
      priv += statusKb(pid, 'RssAnon');
      shared = Math.max(shared, statusKb(pid, 'RssShmem'));
    }
    if (priv + shared > (peak.privateMb + peak.sharedMb) * MB) {
      Object.assign(peak, { privateMb: Math.round(priv / MB), sharedMb: Math.round(shared / MB) });
      peak.peakMb = peak.privateMb + peak.sharedMb;
    }
  };
  const loop = (async () => {
    await client.connect();
    while (running) {
      await sample().catch(() => {});
      await new Promise((r) => setTimeout(r, everyMs));
    }
    await client.end();
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { ...peak, backends: seen.size };
    },
  };
}
