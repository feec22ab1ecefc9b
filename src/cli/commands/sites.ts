/** `nianbao sites list|add|import|check|discover`: the site registry (config/sites.yaml), its health and its columns. */
import fs from 'node:fs';
import { Command } from 'commander';
import { parseDocument } from 'yaml';
import { withStore } from '../context.js';
import { UserError, oneLine } from '../errors.js';
import { formatTable } from '../output.js';
import { loadSites, parseSites, upsertSites, SiteSchema, SitesFileError, type Site } from '../../crawl/sites.js';
import { registerSitesImport } from './sites-import.js';
import { registerSitesCheck } from './sites-check.js';
import { registerSitesDiscover } from './sites-discover.js';
import { DEFAULT_SITES_FILE } from './crawl.js';

const load = (file: string): Site[] => {
  try {
    return loadSites(file);
  } catch (err) {
    throw new UserError(oneLine(err));
  }
};

export function registerSites(program: Command): void {
  const sites = program.command('sites').description('the site registry: list, add and check government sites');

  sites.command('list')
    .description('list the registered sites (and store them in the database)')
    .option('--sites <file>', 'site registry', DEFAULT_SITES_FILE)
    .action(async (opts: { sites: string }, cmd: Command) => {
      const list = load(opts.sites);
      await withStore(cmd, (store) => upsertSites(store.db, list));
      process.stdout.write(`${formatTable(list.map((s) => ({
        id: s.id, body: s.body, level: s.level ?? '', region: s.region_code ?? '', style: s.hints.list_style,
        browser: s.hints.needs_browser ? 'yes' : '', lists: s.lists.length, base_url: s.base_url,
      })))}\n`);
    });

  sites.command('add')
    .description('add a site to the registry file (validated) and the database')
    .requiredOption('--id <id>', 'site id (letters, digits, . _ -)')
    .requiredOption('--base-url <url>', 'site home page')
    .requiredOption('--body <name>', 'the publishing body, e.g. 某某县人民政府')
    .option('--list <url...>', 'list page(s) of the annual-report column (default: the column finder looks for them from --base-url)')
    .option('--region-code <code>', 'division code')
    .option('--region-name <name>', 'region name')
    .option('--level <level>', '省, 市, 县 or 乡')
    .option('--list-style <style>', 'auto, static, trs, hanweb, gkmlpt, json, browser', 'auto')
    .option('--needs-browser', 'lists are written by scripts')
    .option('--min-interval-ms <ms>', 'minimum gap between requests to this site')
    .option('--sites <file>', 'site registry', DEFAULT_SITES_FILE)
    .action(async (o: Record<string, string | string[] | boolean | undefined>, cmd: Command) => {
      const file = String(o.sites);
      const entry = {
        id: o.id, base_url: o.baseUrl, body: o.body, ...(o.list ? { lists: o.list } : {}),
        ...(o.regionCode ? { region_code: o.regionCode } : {}), ...(o.regionName ? { region_name: o.regionName } : {}),
        ...(o.level ? { level: o.level } : {}),
        hints: { list_style: o.listStyle, needs_browser: Boolean(o.needsBrowser),
          ...(o.minIntervalMs ? { min_interval_ms: Number(o.minIntervalMs) } : {}) },
      };
      const res = SiteSchema.safeParse(entry);
      if (!res.success) {
        const i = res.error.issues[0]!;
        throw new UserError(`site "${String(o.id)}": ${i.path.join('.') || 'entry'}: ${i.message}`);
      }
      const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
      const doc = parseDocument(text || '[]');
      const existing = text ? load(file) : [];
      if (existing.some((s) => s.id === res.data.id)) throw new UserError(`${file}: site "${res.data.id}" already exists`);
      const seq = (doc.contents && 'items' in doc.contents && !doc.has('sites')) ? doc : null;
      if (seq) doc.add(entry); else if (doc.has('sites')) doc.addIn(['sites'], entry); else throw new UserError(`${file}: not a list of sites`);
      const out = doc.toString();
      try {
        parseSites(out, file);
      } catch (err) {
        if (err instanceof SitesFileError) throw new UserError(err.message);
        throw err;
      }
      fs.writeFileSync(file, out);
      await withStore(cmd, (store) => upsertSites(store.db, [res.data]));
      process.stdout.write(`added ${res.data.id} to ${file}\n`);
    });

  registerSitesImport(sites);
  registerSitesCheck(sites);
  registerSitesDiscover(sites);
}
