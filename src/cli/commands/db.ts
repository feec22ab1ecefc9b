/** `nianbao db migrate|status`: schema management on either backend. */
import { Command } from 'commander';
import { withStore } from '../context.js';
import { migrateToLatest, migrator } from '../../store/open-store.js';
import { frontierCounts } from '../../store/frontier.js';
import { formatTable } from '../output.js';
import { EXTRACTOR_VERSION } from '../../extract/index.js';
import { pendingDocuments } from '../../pipeline/extract-stage.js';

export function registerDb(program: Command): void {
  const db = program.command('db').description('database schema and health');

  db.command('migrate')
    .description('apply pending migrations (also done automatically by every command)')
    .action(async (_opts, cmd: Command) => {
      await withStore(cmd, async (store) => {
        const res = await migrateToLatest(store);
        const applied = res.results?.filter((r) => r.status === 'Success').map((r) => r.migrationName) ?? [];
        process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'already up to date\n');
        process.stdout.write(`database: ${store.backend} ${store.location}\n`);
      }, { migrate: false });
    });

  db.command('status')
    .description('show the backend, migrations and row counts')
    .action(async (_opts, cmd: Command) => {
      await withStore(cmd, async (store) => {
        const migrations = await migrator(store).getMigrations();
        process.stdout.write(`database: ${store.backend} ${store.location}\n`);
        process.stdout.write(`${formatTable(migrations.map((m) => ({
          migration: m.name, executed_at: m.executedAt ?? 'pending',
        })))}\n`);
        if (migrations.some((m) => !m.executedAt)) {
          process.stdout.write('pending migrations: run `nianbao db migrate`\n');
          return;
        }
        const counts: Record<string, number> = {};
        for (const t of ['sites', 'bodies', 'documents', 'reports', 'report_cells', 'flags'] as const) {
          const r = await store.db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
          counts[t] = Number(r.n);
        }
        const frontier = await frontierCounts(store.db);
        process.stdout.write(`${formatTable(Object.entries(counts).map(([table, rows]) => ({ table, rows })))}\n`);
        process.stdout.write(`frontier: ${Object.entries(frontier).map(([s, n]) => `${s} ${n}`).join(', ') || 'empty'}\n`);
        // The extractor version changes with extraction's code: documents it has not read are re-extracted by `nianbao run`.
        const pending = (await pendingDocuments(store.db, EXTRACTOR_VERSION)).length;
        const live = await store.db.selectFrom('reports').select(['extractor_version', (eb) => eb.fn.countAll<number>().as('n')])
          .where('superseded_by', 'is', null).groupBy('extractor_version').orderBy('extractor_version').execute();
        process.stdout.write(`extractor: ${EXTRACTOR_VERSION}; documents it has yet to read: ${pending}${pending ? ' (`nianbao run --no-crawl` extracts them)' : ''}\n`);
        process.stdout.write(`live reports by extractor: ${live.map((r) => `${r.extractor_version} ${Number(r.n)}`).join(', ') || 'none'}\n`);
        const retired = await store.db.selectFrom('reports').select((eb) => eb.fn.countAll<number>().as('n'))
          .whereRef('superseded_by', '=', 'id').executeTakeFirstOrThrow();
        if (Number(retired.n) > 0) process.stdout.write(`retired reports (their documents now yield none): ${Number(retired.n)}\n`);
      }, { migrate: false });
    });
}
