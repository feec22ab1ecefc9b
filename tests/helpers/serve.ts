/** Starting a real `nianbao serve --port 0` process for browser and HTTP tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { BIN } from './cli.js';

export interface Served { readonly child: ChildProcess; readonly url: string; stderr(): string; stop(): Promise<void> }

/**
 * Starts `nianbao serve --port 0 --public-read` (a public view: on the embedded
 * database, a refreshed copy) on a database directory; resolves once it listens.
 */
export async function startServe(dbDir: string, env: NodeJS.ProcessEnv = {}, args: readonly string[] = ['--public-read']): Promise<Served> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], {
    env: { ...process.env, NIANBAO_DB: dbDir, DATABASE_URL: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '', err = '';
  child.stderr!.on('data', (d) => (err += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`nianbao serve did not start in 120 s: ${out}${err}`)), 120_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /serving (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]!); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`nianbao serve exited with ${code}: ${err}`)); });
  });
  return {
    child, url, stderr: () => err,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGINT');
      await once(child, 'exit');
    },
  };
}
