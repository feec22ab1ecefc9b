/**
 * `nianbao sites discover [URL…]`: runs the column finder on portals — navigation pages
 * only, no list or report fetched — and prints each 年报 column it found with its body
 * and the links that led there. The columns are stored (site_columns) as the nightly
 * crawl stores them; `--save` also pins them into the registry as hand-given lists.
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import { parseDocument, isMap, isSeq } from 'yaml';
import { withStore } from '../context.js';
import { UserError, oneLine } from '../errors.js';
import { formatTable } from '../output.js';
import { createProgress } from '../progress.js';
import { intOption } from '../options.js';
import { loadSites, parseSites, SitesFileError, type Site } from '../../crawl/sites.js';
import { hostKey } from '../../crawl/url.js';
import { DEFAULT_SITES_FILE } from './crawl.js';

interface DiscoverFlags { interval: string; sites: string; site?: string[]; json?: boolean; save?: boolean; quiet?: boolean; browser?: boolean }

interface Evidence { url: string; text: string; role: string; rule: string; via: string }

/** A portal URL not in the registry: a site of its own, named by its host until someone names its body. */
function adHoc(url: string): Site {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UserError(`"${url}" is not a URL (give the portal's home page, e.g. http://www.example.gov.cn/)`);
  }
  if (!/^https?:$/.test(u.protocol)) throw new UserError(`"${url}": only http and https portals can be crawled`);
  return { id: u.host.replace(/[^a-z0-9_.-]/gi, '-'), base_url: u.toString(), body: u.host, lists: [], hints: { list_style: 'auto', needs_browser: false } };
}

/** The sites to look at: registry entries by id or by their portal's host, and URLs not registered. */
function chosen(all: Site[], urls: string[], ids: string[] | undefined): { sites: Site[]; unregistered: string[] } {
  const unknown = (ids ?? []).filter((id) => !all.some((s) => s.id === id));
  if (unknown.length) throw new UserError(`unknown site id(s): ${unknown.join(', ')}`);
  const picked = new Map((ids ?? []).map((id) => [id, all.find((s) => s.id === id)!]));
  const unregistered: string[] = [];
  for (const url of urls) {
    const site = adHoc(url);
    const known = all.find((s) => hostKey(s.base_url) === hostKey(site.base_url));
    if (known) picked.set(known.id, known);
    else { picked.set(site.id, site); unregistered.push(site.id); }
  }
  return { sites: picked.size ? [...picked.values()] : all, unregistered };
}

/** Writes each site's found columns into the registry file as its `lists` (comments and order kept). */
function pin(file: string, found: Map<string, string[]>): number {
  const doc = parseDocument(fs.readFileSync(file, 'utf8'));
  const seq = doc.has('sites') ? doc.get('sites') : doc.contents;
  if (!isSeq(seq)) throw new UserError(`${file}: not a list of sites`);
  let n = 0;
  for (const item of seq.items) {
    if (!isMap(item)) continue;
    const lists = found.get(String(item.get('id')));
    if (!lists?.length) continue;
    item.set('lists', lists);
    n++;
  }
  const out = doc.toString();
  parseSites(out, file);
  fs.writeFileSync(file, out);
  return n;
}

export function registerSitesDiscover(sites: Command): void {
  sites.command('discover')
    .description("find the 年报 columns of portals from their home pages (navigation pages only: no list or report is fetched) and print each column's body and the links that led to it")
    .argument('[url...]', 'portal home pages (registered ones are matched by host); default: every site of the registry')
    .option('--sites <file>', 'site registry', DEFAULT_SITES_FILE)
    .option('--site <id...>', 'only these site ids')
    .option('--json', 'one JSON line per column, with its evidence')
    .option('--save', 'pin the found columns into the registry as the sites\' lists (registered sites only)')
    .option('--interval <ms>', 'minimum gap between requests to one host (robots.txt Crawl-delay can raise it)', '1000')
    .option('--no-browser', 'never start Chromium')
    .option('-q, --quiet', 'no progress on stderr')
    .action(async (urls: string[], o: DiscoverFlags, cmd: Command) => {
      let all: Site[] = [];
      try {
        all = fs.existsSync(o.sites) ? loadSites(o.sites) : [];
      } catch (err) {
        if (err instanceof SitesFileError) throw new UserError(oneLine(err));
        throw err;
      }
      const { sites: list, unregistered } = chosen(all, urls, o.site);
      if (list.length === 0) throw new UserError(`no sites: give portal URLs or register sites in ${o.sites}`);
      const progress = createProgress({ quiet: o.quiet || o.json });
      const { crawl } = await import('../../crawl/index.js');
      const rows = await withStore(cmd, async (store) => {
        const started = new Date();
        await crawl(store, { sites: list, navigationOnly: true, fresh: true, progress, minIntervalMs: intOption('interval', o.interval, 0), ...(o.browser === false ? { browser: false } : {}) });
        return store.db.selectFrom('site_columns').selectAll().where('site_id', 'in', list.map((s) => s.id))
          .where('last_verified_at', '>=', started).orderBy('site_id').orderBy('url').execute();
      });
      progress.stop();
      const trail = (e: unknown) => (e as Evidence[]).slice(1).map((s) => s.text || `(${s.via})`).join(' > ');
      if (o.json) {
        for (const r of rows) {
          process.stdout.write(`${JSON.stringify({ site: r.site_id, body: r.body_name, kind: r.body_kind, column: r.url, central: r.central, parent: r.parent_url, report_items: r.report_items, evidence: r.evidence })}\n`);
        }
      } else if (rows.length) {
        process.stdout.write(`${formatTable(rows.map((r) => ({ site: r.site_id, body: r.body_name, kind: r.body_kind, column: r.url, found_by: trail(r.evidence) })))}\n`);
      }
      const bySite = new Map<string, string[]>();
      for (const r of rows) if (!r.central) bySite.set(r.site_id, [...(bySite.get(r.site_id) ?? []), r.url]);
      const none = list.filter((s) => !bySite.has(s.id)).map((s) => s.id);
      process.stderr.write(`found ${rows.length} columns on ${bySite.size} of ${list.length} sites${none.length ? `; none on ${none.join(', ')}` : ''}\n`);
      if (unregistered.length) process.stderr.write(`not in ${o.sites} (their government's name is unknown; add them with sites add or sites import): ${unregistered.join(', ')}\n`);
      if (o.save) {
        if (!fs.existsSync(o.sites)) throw new UserError(`--save: ${o.sites} does not exist`);
        const n = pin(o.sites, new Map([...bySite].filter(([id]) => !unregistered.includes(id))));
        process.stderr.write(`pinned the columns of ${n} sites into ${o.sites} as their lists (hand-given lists win over the finder)\n`);
      }
      if (none.length) process.exitCode = 1;
    });
}
