/**
 * The `nianbao` command line: one small module per command under ./commands,
 * registered here in pipeline order.
 */
import { Command, CommanderError } from 'commander';
import { UserError, EXIT_FAILURE, EXIT_USAGE, oneLine } from './errors.js';
import { registerDb } from './commands/db.js';
import { registerSql } from './commands/sql.js';
import { registerCompare } from './commands/compare.js';
import { registerExport } from './commands/export.js';
import { registerServe } from './commands/serve.js';
import { registerFlags } from './commands/flags.js';
import { registerRun } from './commands/run.js';
import { registerSchedule } from './commands/schedule.js';
import { registerDemo } from './commands/demo.js';
import { registerSites } from './commands/sites.js';
import { registerCrawl } from './commands/crawl.js';
import { registerCheck } from './commands/check.js';
import { registerFarm } from './commands/farm.js';
import { registerExtract } from './commands/extract.js';
import { registerReview } from './commands/review.js';
import { registerUsers } from './commands/users.js';
import { ActionError } from '../model/action-error.js';

export function buildProgram(): Command {
  const program = new Command('nianbao')
    .description('Collect, extract and check 政府信息公开工作年度报告 (government information disclosure annual reports).')
    .option('--db <path>', 'embedded PGlite directory (default $NIANBAO_DB or ./.nianbao/db); without it, $DATABASE_URL selects PostgreSQL')
    .showHelpAfterError()
    .exitOverride();
  for (const register of [registerDemo, registerDb, registerSites, registerCrawl, registerExtract, registerCheck, registerSql, registerRun, registerSchedule, registerFlags, registerReview, registerCompare, registerExport, registerServe, registerUsers, registerFarm]) register(program);
  return program;
}

/** Runs the CLI and returns the exit code (never throws for user errors). */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit 0; parse errors were already printed by commander.
      return err.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (err instanceof ActionError) {
      // A refused review or account action (unknown item, another region, bad value): the user's to fix.
      process.stderr.write(`nianbao: ${oneLine(err)}\n`);
      return EXIT_USAGE;
    }
    if (err instanceof UserError) {
      process.stderr.write(`nianbao: ${oneLine(err)}\n`);
      return err.exitCode;
    }
    process.stderr.write(`nianbao: internal error: ${oneLine(err)}\n`);
    if (process.env.NIANBAO_DEBUG) process.stderr.write(`${(err as Error).stack ?? ''}\n`);
    return EXIT_FAILURE;
  }
}
