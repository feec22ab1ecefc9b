/** `nianbao sites import FILE.csv`: portals from a CSV (region code, name, URL) into the registry file and the database. */
import fs from 'node:fs';
import type { Command } from 'commander';
import { withStore } from '../context.js';
import { UserError, oneLine } from '../errors.js';
import { importSites } from '../../crawl/site-import.js';
import { mergeIntoSitesFile } from '../../crawl/sites-file.js';
import { upsertSites, SitesFileError } from '../../crawl/sites.js';
import { DEFAULT_SITES_FILE } from './crawl.js';

export function registerSitesImport(sites: Command): void {
  sites.command('import <file>')
    .description('add portals from a CSV (region code, name, portal URL; optional id, body, level, lists) to the registry, '
      + 'with region name and level from the division data; without lists the column finder looks for their 年报 columns')
    .option('--sites <file>', 'site registry to write', DEFAULT_SITES_FILE)
    .option('--dry-run', 'check the CSV and print what would be imported, write nothing')
    .action(async (file: string, o: { sites: string; dryRun?: boolean }, cmd: Command) => {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (err) {
        throw new UserError(`cannot read ${file}: ${oneLine(err)}`);
      }
      const { sites: list, problems } = importSites(text, file);
      for (const p of problems) process.stderr.write(`nianbao: ${p.message} (line skipped)\n`);
      if (list.length === 0) throw new UserError(`${file}: no portal to import${problems.length ? ` (${problems.length} lines skipped)` : ''}`);
      if (o.dryRun) {
        process.stdout.write(`${list.length} portals would be imported into ${o.sites}; ${problems.length} lines skipped\n`);
        return;
      }
      let merged: { added: number; updated: number };
      try {
        merged = mergeIntoSitesFile(o.sites, list);
      } catch (err) {
        if (err instanceof SitesFileError) throw new UserError(oneLine(err));
        throw err;
      }
      await withStore(cmd, (store) => upsertSites(store.db, list));
      process.stdout.write(`imported ${list.length} portals into ${o.sites} (${merged.added} new, ${merged.updated} updated); `
        + `${problems.length} lines skipped\n`);
      if (problems.length) process.exitCode = 1;
    });
}
