/**
 * `nianbao schedule --cron "0 2 * * *"`: stays in the foreground and runs the
 * pipeline on a cron timer (croner). Overlapping ticks are skipped, a failed
 * run is logged and the schedule goes on; each run prints its summary as one
 * JSON line on stdout for the process supervisor's log.
 */
import { Command } from 'commander';
import { Cron } from 'croner';
import { UserError, oneLine } from '../errors.js';
import { untilStopped } from '../signals.js';
import { addRunOptions, printSummary, runOnce, type RunCommandOptions } from './run.js';

interface ScheduleOptions extends RunCommandOptions { cron: string; timezone: string; now?: boolean }

export function registerSchedule(program: Command): void {
  addRunOptions(program.command('schedule')
    .description('run the pipeline on a cron schedule until stopped (SIGINT/SIGTERM)')
    .requiredOption('--cron <expr>', 'cron expression, e.g. "0 2 * * *" for 02:00 every night')
    .option('--timezone <tz>', 'time zone of the cron expression', 'Asia/Shanghai')
    .option('--now', 'also run once at start'))
    .action(async (opts: ScheduleOptions, cmd: Command) => {
      const log = (msg: string) => process.stderr.write(`${new Date().toISOString()} nianbao schedule: ${msg}\n`);
      const tick = async () => {
        try {
          printSummary(await runOnce(cmd, { ...opts, quiet: true }), { json: true });
        } catch (err) {
          log(`run failed: ${oneLine(err)}`);
        }
        log(`next run ${job.nextRun()?.toISOString() ?? 'never'}`);
      };
      let job: Cron;
      try {
        job = new Cron(opts.cron, { timezone: opts.timezone, protect: () => log('previous run still going; tick skipped') }, tick);
      } catch (err) {
        throw new UserError(`--cron "${opts.cron}" is not a valid cron expression: ${oneLine(err)}`);
      }
      log(`scheduled "${opts.cron}" (${opts.timezone}); next run ${job.nextRun()?.toISOString() ?? 'never'}`);
      if (opts.now) await job.trigger();
      await untilStopped();
      job.stop();
      log('stopped');
    });
}
