/**
 * Migrations are listed in code (not discovered on disk) so they run the same
 * from source under tsx, from a bundle and in tests. Append; never edit a shipped one.
 */
import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001-core.js';
import * as m0002 from './0002-views.js';
import * as m0020 from './0020-metrics.js';
import * as m0030 from './0030-pipeline.js';
import * as m0040 from './0040-crawl.js';
import * as m0050 from './0050-claim-indexes.js';
import * as m0100 from './0100-cell-how.js';
import * as m0120 from './0120-extraction-log-outcome.js';
import * as m0130 from './0130-cell-places.js';
import * as m0140 from './0140-review.js';
import * as m0141 from './0141-accounts.js';
import * as m0150 from './0150-fetch-policy.js';
import * as m0160 from './0160-site-columns.js';
import * as m0170 from './0170-narrative-signatures.js';
import * as m0180 from './0180-retired-reports.js';
import * as m0190 from './0190-load-indexes.js';
import * as m0200 from './0200-narrative-copies.js';
import * as m0210 from './0210-claim-by-site.js';
import * as m0220 from './0220-frontier-gone.js';

export const MIGRATIONS: Record<string, Migration> = {
  '0001-core': m0001,
  '0002-views': m0002,
  '0020-metrics': m0020,
  '0030-pipeline': m0030,
  '0040-crawl': m0040,
  '0050-claim-indexes': m0050,
  '0100-cell-how': m0100,
  '0120-extraction-log-outcome': m0120,
  '0130-cell-places': m0130,
  '0140-review': m0140,
  '0141-accounts': m0141,
  '0150-fetch-policy': m0150,
  '0160-site-columns': m0160,
  '0170-narrative-signatures': m0170,
  '0180-retired-reports': m0180,
  '0190-load-indexes': m0190,
  '0200-narrative-copies': m0200,
  '0210-claim-by-site': m0210,
  '0220-frontier-gone': m0220,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
