/**
 * `nianbao demo`: the whole product in one command. Starts the local farm of
 * synthetic county sites on loopback, runs the pipeline (crawl → extract →
 * load → check) on the default database, and prints the summary and a few
 * flagged reports. Running it again is incremental: nothing new, nothing lost.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { sql } from 'kysely';
import { withStore } from '../context.js';
import { CommandFailure, oneLine } from '../errors.js';
import { intOption } from '../options.js';
import { formatTable } from '../output.js';
import { severityRank } from '../../store/flags.js';
import { printSummary, runOnce } from './run.js';
import { startFarm } from '../../farm/index.js';

interface DemoOptions { sites: string; seed: string; day: string; port: string; json?: boolean; quiet?: boolean }

export function registerDemo(program: Command): void {
  program.command('demo')
    .description('serve the bundled demo sites on 127.0.0.1, run the whole pipeline on them and print what it found')
    .option('--sites <n>', 'number of demo sites', '30')
    .option('--seed <n>', 'farm seed (same seed, same sites)', '1')
    .option('--day <n>', 'farm day: 1 edits some reports, adds and removes others', '0')
    .option('--port <n>', 'farm port', '18180')
    .option('--json', 'print the run summary as one JSON line')
    .option('--quiet', 'no progress display')
    .action(async (opts: DemoOptions, cmd: Command) => {
      const farmOpts = {
        sites: intOption('sites', opts.sites, 1), seed: intOption('seed', opts.seed, 0),
        day: intOption('day', opts.day, 0), basePort: intOption('port', opts.port, 1),
      };
      let farm;
      try {
        farm = await startFarm(farmOpts);
      } catch (err) {
        throw new CommandFailure(`cannot start the demo sites on port ${farmOpts.basePort}: ${oneLine(err)}`, { cause: err });
      }
      try {
        const sitesFile = path.join('.nianbao', `demo-sites-${farmOpts.seed}.yaml`);
        fs.mkdirSync(path.dirname(sitesFile), { recursive: true });
        fs.writeFileSync(sitesFile, farm.sitesYaml());
        if (!opts.json) process.stdout.write(`demo: ${farm.sites.length} sites served on 127.0.0.1 (seed ${farmOpts.seed}, day ${farmOpts.day})\n`);
        const summary = await runOnce(cmd, { sites: sitesFile, crawl: true, quiet: opts.quiet });
        printSummary(summary, opts);
        if (!opts.json) await printFlagged(cmd);
      } finally {
        await farm.close();
      }
    });
}

/** A reviewer's first look: the worst flag of each report, errors first. */
async function printFlagged(cmd: Command): Promise<void> {
  await withStore(cmd, async (store) => {
    const rank = severityRank('f.severity');
    const rows = await sql<{ body: string; year: number; rule: string; message: string }>`
      select body, year, rule, message from (
        select distinct on (f.report_id) l.body, l.year, f.rule, f.message, ${rank} as rank
        from flags f join report_latest l on l.report_id = f.report_id
        order by f.report_id, ${rank}, f.rule) worst
      order by rank, body, year limit 8`.execute(store.db);
    const shown = rows.rows.map((r) => ({ ...r, message: r.message.length > 90 ? `${r.message.slice(0, 89)}…` : r.message }));
    process.stdout.write(`\nflagged reports (first ${shown.length}):\n${formatTable(shown)}\n`);
    process.stdout.write('\nnext: npx nianbao flags · npx nianbao compare --region 330000 --metric grant_rate · npx nianbao serve\n');
  });
}
