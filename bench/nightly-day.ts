/**
 * One night of bench:nightly, in its own process: the production stages of `nianbao run`
 * (crawl → extract and load → check) on PostgreSQL, wired as `nianbao run` wires them
 * (extraction in the worker pool, documents in flight ahead of the loader, checks in the
 * check pool), each timed. Extraction and loading share a stage and overlap: its wall
 * time is split into the time the loader spent loading (reading bytes, resolving bodies,
 * writing reports and cells) and the time it waited for extraction results. Prints one
 * JSON line: DayResult.
 *
 *   tsx bench/nightly-day.ts --sites FILE --schema S --app NAME --day N [--concurrency 64] [--no-browser]
 */
import { openStore } from '../src/store/open-store.js';
import { crawl } from '../src/crawl/index.js';
import { pipelineStages } from '../src/pipeline/stages.js';
import { closeDocumentWorkers } from '../src/extract/documents/index.js';
import { runPipeline } from '../src/pipeline/run.js';
import { peakRssMb } from './measure/memory.js';
import { postgresCpuMs, selfCpuMs } from './measure/cpu.js';
import { createProgress } from '../src/cli/progress.js';
import { arg } from './measure/args.js';

export interface DayResult {
  /** Wall milliseconds per stage (`extract`: the loader waiting on extraction; `load`: loading); `copies` is the national copy pass, part of `check`. */
  stages: { crawl: number; extract: number; load: number; check: number; copies: number; total: number };
  /** CPU milliseconds per stage (`extract`: the whole extract-and-load stage) of this process and of the PostgreSQL server. */
  cpu: Record<'crawl' | 'extract' | 'check', { nianbao: number; postgres: number }>;
  summary: { fetched: number; notModified: number; documents: number; reportsNew: number; reportsChanged: number; reportsChecked: number; flags: number; failed: number };
  peakRssMb: number;
  dbSize: { totalMb: number; blobsMb: number; cellsMb: number; reports: number; perReportKb: number; frontierRows: number };
}


/** Tables of the schema with their total size (data, indexes, TOAST). */
async function sizes(store: Awaited<ReturnType<typeof openStore>>, schema: string) {
  const { sql } = await import('kysely');
  const rows = await sql<{ name: string; bytes: string }>`
    select c.relname as name, pg_total_relation_size(c.oid) as bytes from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = ${schema} and c.relkind in ('r', 'm')`.execute(store.db);
  const by = new Map(rows.rows.map((r) => [r.name, Number(r.bytes)]));
  const total = [...by.values()].reduce((a, b) => a + b, 0);
  const reports = Number((await store.db.selectFrom('reports').select((eb) => eb.fn.countAll<number>().as('n')).where('superseded_by', 'is', null).executeTakeFirstOrThrow()).n);
  const frontierRows = Number((await store.db.selectFrom('frontier').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const MB = 2 ** 20;
  return { totalMb: Math.round(total / MB), blobsMb: Math.round((by.get('blobs') ?? 0) / MB), cellsMb: Math.round((by.get('report_cells') ?? 0) / MB),
    reports, perReportKb: reports ? Math.round(total / reports / 1024) : 0, frontierRows };
}

async function main(): Promise<void> {
  const schema = arg('schema');
  const url = `${process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'}?application_name=${arg('app', 'nianbao-nightly')}`;
  const store = await openStore({ url, schema });
  const marks: Record<string, number> = {};
  const cpuAt: Record<string, { nianbao: number; postgres: number }> = {};
  const cpuNow = () => ({ nianbao: selfCpuMs(), postgres: postgresCpuMs() });
  // Extraction and checks as `nianbao run` wires them (src/pipeline/stages.ts); the crawl with the bench's concurrency.
  const production = pipelineStages({ sitesFile: arg('sites'), crawl: false });
  const t0 = Date.now();
  const progress = createProgress({ stream: process.stderr }); // a line every few seconds in the bench's log
  try {
    const summary = await runPipeline(store, {
      crawl: (s) => crawl(s, {
        sitesFile: arg('sites'), globalConcurrency: Number(arg('concurrency', '64')),
        browser: process.argv.includes('--no-browser') ? false : undefined, progress,
      }),
      extract: production.extract,
      check: production.check,
      checkConcurrency: production.checkConcurrency,
    }, {
      onStage: (stage, detail) => {
        if (marks[stage] === undefined) { marks[stage] = Date.now(); cpuAt[stage] = cpuNow(); if (stage !== 'crawl') progress.phase(stage, 0); }
        if (detail) progress.update(detail.done, detail.total);
      },
    });
    const end = Date.now();
    const cpuEnd = cpuNow();
    const spent = (from: string, to: { nianbao: number; postgres: number }) => ({ nianbao: to.nianbao - cpuAt[from]!.nianbao, postgres: to.postgres - cpuAt[from]!.postgres });
    const extractStage = marks.check! - marks.extract!;
    const result: DayResult = {
      stages: { crawl: marks.extract! - marks.crawl!, extract: extractStage - summary.extract.loadMs, load: summary.extract.loadMs,
        check: end - marks.check!, copies: summary.check.copyPass.ms, total: end - t0 },
      summary: {
        fetched: Number(summary.crawl?.fetched ?? 0), notModified: Number(summary.crawl?.notModified ?? 0),
        documents: summary.extract.documents, reportsNew: summary.newReports, reportsChanged: summary.changedReports,
        reportsChecked: summary.check.reportsChecked, flags: Object.values(summary.flagsByRule).reduce((a, b) => a + b, 0),
        failed: summary.extract.failed,
      },
      cpu: { crawl: spent('crawl', cpuAt.extract!), extract: spent('extract', cpuAt.check!), check: spent('check', cpuEnd) },
      peakRssMb: peakRssMb(),
      dbSize: await sizes(store, schema),
    };
    process.stdout.write(`\n${JSON.stringify(result)}\n`);
  } finally {
    await production.close();
    await closeDocumentWorkers();
    await store.close();
  }
}

await main();
process.exit(0);
