/**
 * `nianbao serve`: the web view on 127.0.0.1 until interrupted. Reading needs
 * an account unless --public-read; reviewing always does (`nianbao users add`).
 */
import { Command } from 'commander';
import { storeOptions, withStore } from '../context.js';
import { resolveTarget } from '../../store/open-store.js';
import { CommandFailure, UserError, oneLine } from '../errors.js';
import { untilStopped } from '../signals.js';
import { startServer } from '../../web/server.js';
import type { SnapshotStore } from '../../store/pglite-snapshot.js';

/** How often the web view checks whether the embedded database changed. */
const REFRESH_MS = 5000;
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1)$/;

/** Whether the command's database is the embedded one (a bad DATABASE_URL is reported when the store opens). */
function embedded(cmd: Command): boolean {
  try {
    return resolveTarget(storeOptions(cmd)).backend === 'pglite';
  } catch {
    return false;
  }
}

interface ServeOptions { port: string; host: string; publicRead?: boolean; trustProxy?: boolean; secureCookies?: boolean }

export function registerServe(program: Command): void {
  program.command('serve')
    .description('serve the web view: search, report pages with sources, comparisons, flags, and the review queue for signed-in reviewers')
    .option('--port <n>', 'TCP port (0 picks a free one)', '8080')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--public-read', 'let anyone read without signing in (writing always needs an account)')
    .option('--trust-proxy', 'behind your reverse proxy: client address from X-Forwarded-For, HTTPS from X-Forwarded-Proto')
    .option('--secure-cookies', 'mark session cookies Secure (the site is reached over HTTPS only)')
    .action(async (opts: ServeOptions, cmd: Command) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UserError(`--port expects 0–65535, got "${opts.port}"`);
      if (!LOOPBACK.test(opts.host)) process.stderr.write(`nianbao: warning: listening on ${opts.host}, reachable beyond this machine; put it behind a TLS proxy (see README)\n`);
      // The embedded database is one process's at a time. A public view is served from a copy,
      // refreshed when other commands change it, so they can run meanwhile; nobody signs in to a copy.
      // Without --public-read accounts sign in and review, so the server holds the database itself.
      const copy = opts.publicRead === true && embedded(cmd);
      await withStore(cmd, async (store) => {
        const refresh = 'refresh' in store ? setInterval(() => {
          (store as SnapshotStore).refresh().then((done) => {
            if (done) process.stderr.write(`nianbao serve: the database changed; now serving a copy taken ${new Date().toISOString()}\n`);
          }, (err) => process.stderr.write(`nianbao serve: could not refresh the copy: ${oneLine(err)}\n`));
        }, REFRESH_MS) : null;
        refresh?.unref();
        const accounts = copy ? 1 : Number((await store.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).where('disabled_at', 'is', null).executeTakeFirstOrThrow()).n);
        if (accounts === 0 && !opts.publicRead) {
          process.stderr.write('nianbao: warning: no accounts yet and reading needs one: add one with `nianbao users add NAME --role admin`, or serve with --public-read\n');
        }
        let server;
        try {
          server = await startServer(store.db, {
            port, host: opts.host, publicRead: opts.publicRead ?? false, trustProxy: opts.trustProxy, secureCookies: opts.secureCookies,
            writable: !copy, raw: store.raw,
          });
        } catch (err) {
          throw new CommandFailure(`cannot listen on ${opts.host}:${port}: ${oneLine(err)}`, { cause: err });
        }
        const access = copy ? 'read-only copy, reading open to all' : opts.publicRead ? 'reading open to all, reviewing signed in' : 'signed-in accounts only';
        process.stdout.write(`nianbao: serving ${server.url} (${access}, ${store.backend} ${store.location}); Ctrl-C stops\n`);
        await untilStopped();
        if (refresh) clearInterval(refresh);
        await server.close();
      }, { snapshot: copy });
    });
}
