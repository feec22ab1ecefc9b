/** `nianbao farm`: serve the synthetic county sites (src/farm) on loopback until interrupted. */
import fs from 'node:fs';
import { Command } from 'commander';
import { CommandFailure, UserError, oneLine } from '../errors.js';
import { intOption } from '../options.js';
import { untilStopped } from '../signals.js';
import { startFarm, type Farm, type FarmOptions, type PortalFarm } from '../../farm/index.js';

interface FarmOpts {
  sites: string; seed: string; day: string; port: string; profile: string; latency: string; writeSites?: string; writeExpected?: string;
  bodies: string; years: string; writeColumns?: string; writeCsv?: string; broken: string;
}

const PROFILES = ['realistic', 'clean', 'portals'];

/** `30-60` or `2` → [30, 60] / [2, 2], within [lo, hi]. */
function rangeOption(name: string, value: string, lo: number, hi: number): [number, number] {
  const m = /^(\d+)(?:-(\d+))?$/.exec(value.trim());
  const a = m ? Number(m[1]) : NaN;
  const b = m ? Number(m[2] ?? m[1]) : NaN;
  if (!m || a < lo || b > hi || a > b) throw new UserError(`--${name} expects N or MIN-MAX within ${lo}–${hi}, got "${value}"`);
  return [a, b];
}

function write(file: string, text: string): void {
  try {
    fs.writeFileSync(file, text);
  } catch (err) {
    throw new CommandFailure(`cannot write ${file}: ${oneLine(err)}`, { cause: err });
  }
}

export function registerFarm(program: Command): void {
  program.command('farm')
    .description('serve synthetic county government sites with annual reports on 127.0.1.x (for crawler tests and benchmarks)')
    .option('--sites <n>', 'number of sites', '10')
    .option('--seed <n>', 'seed: the same seed serves the same sites and reports', '1')
    .option('--day <n>', 'simulated day (0 = initial state; later days edit, add and remove reports)', '0')
    .option('--port <n>', 'port shared by all sites (0 picks a free one)', '8800')
    .option('--profile <name>', 'realistic (Hanweb lists, PDF/DOCX attachments, URL variants, resets, 5xx/429, challenges, Crawl-delay), clean, '
      + 'or portals (county portals whose 年报 columns must be found from the home page; sites.yaml gives only base_url)', 'realistic')
    .option('--bodies <n|min-max>', 'portals: bodies per portal (government, departments, townships)', '30-60')
    .option('--years <n|min-max>', 'portals: report years per body', '1-3')
    .option('--latency <ms>', 'delay added to every answer', '0')
    .option('--write-sites <file>', 'write the sites.yaml registry for these sites')
    .option('--write-expected <file>', 'write the ground truth (reports published on --day) as JSON')
    .option('--write-columns <file>', 'portals: write every 年报 column (body, address, link texts from the home page) as JSON')
    .option('--write-csv <file>', 'portals: write a registry CSV (region code, name, portal URL) for `nianbao sites import`')
    .option('--broken <n>', 'portals: add this many CSV rows that fail `sites check` (refused, TLS, timeout, 404, robots, challenge)', '0')
    .action(async (opts: FarmOpts) => {
      if (!PROFILES.includes(opts.profile)) throw new UserError(`--profile expects realistic, clean or portals, got "${opts.profile}"`);
      const portals = opts.profile === 'portals';
      if (!portals && (opts.writeColumns || opts.writeCsv)) throw new UserError('--write-columns and --write-csv need --profile portals');
      // Parsed before starting: a bad number is a usage error (exit 2), not a failure to start.
      const farmOpts: FarmOptions = {
        sites: intOption('sites', opts.sites, 1, 5000), seed: intOption('seed', opts.seed, 0, 2 ** 31), day: intOption('day', opts.day, 0, 10),
        basePort: intOption('port', opts.port, 0, 65535), profile: opts.profile as FarmOptions['profile'], latencyMs: intOption('latency', opts.latency, 0, 60_000),
        ...(portals ? { sizing: { bodies: rangeOption('bodies', opts.bodies, 1, 500), years: rangeOption('years', opts.years, 1, 6) } } : {}),
      };
      const broken = intOption('broken', opts.broken, 0, 100_000);
      let farm: Farm;
      try {
        farm = await startFarm(farmOpts);
      } catch (err) {
        throw new CommandFailure(`cannot start the farm: ${oneLine(err)}`, { cause: err });
      }
      if (opts.writeSites) write(opts.writeSites, farm.sitesYaml());
      if (opts.writeExpected) write(opts.writeExpected, JSON.stringify(farm.expected(), null, 1));
      if (opts.writeColumns) write(opts.writeColumns, JSON.stringify((farm as PortalFarm).columns(), null, 1));
      if (opts.writeCsv) write(opts.writeCsv, (farm as PortalFarm).portalsCsv(broken));
      process.stdout.write(`nianbao: farm of ${farm.sites.length} sites (seed ${opts.seed}, day ${farm.day}, ${opts.profile}), `
        + `${farm.expected().length} reports; first ${farm.sites[0]!.listUrls[0] ?? farm.sites[0]!.baseUrl}; SIGUSR2 advances a day; Ctrl-C stops\n`);
      const next = () => {
        farm.setDay(farm.day + 1);
        process.stdout.write(`nianbao: farm day ${farm.day}, ${farm.expected().length} reports\n`);
      };
      process.on('SIGUSR2', next);
      await untilStopped();
      process.off('SIGUSR2', next);
      await farm.close();
      process.stdout.write(`nianbao: farm stopped after ${farm.requests.length} requests\n`);
    });
}
