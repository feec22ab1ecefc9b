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

export const MIGRATIONS: Record<string, Migration> = {
  '0001-core': m0001,
  '0002-views': m0002,
  '0020-metrics': m0020,
  '0030-pipeline': m0030,
  '0040-crawl': m0040,
  '0050-claim-indexes': m0050,
  '0100-cell-how': m0100,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
