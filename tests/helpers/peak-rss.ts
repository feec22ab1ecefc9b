/**
 * Runs the `nianbao` binary and measures what it cost: wall time and the peak
 * resident memory of the process (worker threads included), read from
 * /proc/PID/status (VmHWM) while it runs.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { BIN } from './cli.js';

export interface MeasuredRun { code: number; signal: NodeJS.Signals | null; stdout: string; stderr: string; wallMs: number; peakRssMb: number }

function highWater(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0; // the process has just exited
  }
}

export function runMeasured(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<MeasuredRun> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '', peak = 0;
    const poll = setInterval(() => { peak = Math.max(peak, highWater(child.pid!)); }, 50);
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; peak = Math.max(peak, highWater(child.pid!)); });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    child.on('error', (err) => { clearInterval(poll); reject(err); });
    child.on('close', (code, signal) => {
      clearInterval(poll);
      resolve({ code: code ?? -1, signal, stdout, stderr, wallMs: performance.now() - t0, peakRssMb: Math.round(peak) });
    });
  });
}
