/**
 * CPU time of what a bench runs, read from /proc (the database server runs on this
 * machine): this process (its worker threads and finished child programs included) and PostgreSQL — every live
 * postgres process, plus what the postmaster has collected from backends that exited
 * (a backend's CPU moves into its parent's cutime/cstime when it is reaped). Figures in
 * milliseconds; differences between two readings say what a stage cost.
 */
import fs from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** Fields of /proc/PID/stat after the command name (which may hold spaces). */
function stat(pid: string): string[] | null {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return s.slice(s.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null; // exited between listing and reading
  }
}

/** This process's CPU (its threads, and the programs it ran that exited: pdftoppm, tesseract), milliseconds. */
export function selfCpuMs(): number {
  const f = stat('self');
  if (!f) { const u = process.cpuUsage(); return (u.user + u.system) / 1000; }
  return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * TICK_MS;
}

/**
 * This process's own CPU (its threads), without the children it reaped: what the farm costs,
 * where the bench's child nianbao — and the extraction workers it reaped — must not count.
 */
export function ownCpuMs(): number {
  const f = stat('self');
  if (!f) { const u = process.cpuUsage(); return (u.user + u.system) / 1000; }
  return (Number(f[11]) + Number(f[12])) * TICK_MS;
}

/** All PostgreSQL server CPU so far, milliseconds (0 where /proc is unreadable). */
export function postgresCpuMs(): number {
  let ticks = 0;
  let pids: string[];
  try { pids = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p)); } catch { return 0; }
  const comm = (pid: string) => { try { return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim(); } catch { return ''; } };
  const postgres = new Set(pids.filter((p) => comm(p) === 'postgres'));
  for (const pid of postgres) {
    const f = stat(pid);
    if (!f) continue;
    // After the name: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
    ticks += Number(f[11]) + Number(f[12]);
    if (!postgres.has(f[1]!)) ticks += Number(f[13]) + Number(f[14]); // the postmaster: its reaped backends
  }
  return ticks * TICK_MS;
}
