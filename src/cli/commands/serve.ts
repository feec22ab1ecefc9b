/** `nianbao serve`: the read-only web view on 127.0.0.1 until interrupted. */
import { Command } from 'commander';
import { withStore } from '../context.js';
import { CommandFailure, UserError, oneLine } from '../errors.js';
import { untilStopped } from '../signals.js';
import { startServer } from '../../web/server.js';
import type { SnapshotStore } from '../../store/pglite-snapshot.js';

/** How often the web view checks whether the embedded database changed. */
const REFRESH_MS = 5000;
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1)$/;

export function registerServe(program: Command): void {
  program.command('serve')
    .description('serve a read-only web view: search, report pages with sources, comparisons with charts, flags')
    .option('--port <n>', 'TCP port (0 picks a free one)', '8080')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .action(async (opts: { port: string; host: string }, cmd: Command) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UserError(`--port expects 0–65535, got "${opts.port}"`);
      if (!LOOPBACK.test(opts.host)) process.stderr.write(`nianbao: warning: listening on ${opts.host}, reachable beyond this machine\n`);
      // The embedded database is served from a copy, refreshed when other commands change it: they can run meanwhile.
      await withStore(cmd, async (store) => {
        const refresh = 'refresh' in store ? setInterval(() => {
          (store as SnapshotStore).refresh().then((done) => {
            if (done) process.stderr.write(`nianbao serve: the database changed; now serving a copy taken ${new Date().toISOString()}\n`);
          }, (err) => process.stderr.write(`nianbao serve: could not refresh the copy: ${oneLine(err)}\n`));
        }, REFRESH_MS) : null;
        refresh?.unref();
        let server;
        try {
          server = await startServer(store.db, { port, host: opts.host });
        } catch (err) {
          throw new CommandFailure(`cannot listen on ${opts.host}:${port}: ${oneLine(err)}`, { cause: err });
        }
        process.stdout.write(`nianbao: serving ${server.url} (read-only, ${store.backend} ${store.location}); Ctrl-C stops\n`);
        await untilStopped();
        if (refresh) clearInterval(refresh);
        await server.close();
      }, { snapshot: true });
    });
}
