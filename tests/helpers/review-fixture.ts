/**
 * Reports for the review tests, published the way the crawler stores them:
 * a synthetic report (consistent by construction) rendered as an HTML page,
 * optionally with planted misprints, saved as a document version of a site
 * whose registry entry gives body, region and level. The pipeline then
 * extracts and checks them for real.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../src/store/schema.js';
import { saveDocument } from '../../src/store/documents.js';
import { upsertSites } from '../../src/crawl/sites.js';
import { generateReport, renderReport, reviseReport, type SynthReport } from '../../src/synth/index.js';
import { extract, EXTRACTOR_VERSION } from '../../src/extract/index.js';
import { checkReports } from '../../src/check/index.js';
import { runPipeline, type PipelineStages } from '../../src/pipeline/run.js';
import type { Store } from '../../src/store/open-store.js';

export interface ReviewSite { readonly id: string; readonly body: string; readonly regionCode: string; readonly regionName: string }

export const SITES = {
  lintan: { id: 'lintan', body: '临潭县人民政府', regionCode: '623021', regionName: '临潭县' },
  chunan: { id: 'chunan', body: '淳安县人民政府', regionCode: '330127', regionName: '淳安县' },
  zhuoni: { id: 'zhuoni', body: '卓尼县人民政府', regionCode: '623022', regionName: '卓尼县' },
} as const satisfies Record<string, ReviewSite>;

export async function addSites(db: Kysely<Database>): Promise<void> {
  for (const s of Object.values(SITES)) {
    await upsertSites(db, [{ id: s.id, base_url: `http://${s.id}.example.test/`, body: s.body, region_code: s.regionCode,
      region_name: s.regionName, level: '县', lists: [`http://${s.id}.example.test/`], hints: { list_style: 'auto' as const, needs_browser: false } }]);
  }
}

/** A consistent report of the site's body for `year`. */
export function synthFor(site: ReviewSite, year: number, seed = 7): SynthReport {
  return generateReport(seed, { year, template: '2021', organization: site.body, level: '县', regionName: site.regionName, otherAsOneRow: false });
}

/** Publishes (a new version of) the report page at `url`: the page as rendered, with `misprints` applied to its cells. */
export async function publish(db: Kysely<Database>, site: ReviewSite, url: string, report: SynthReport,
  misprints: Record<string, number | null> = {}): Promise<number> {
  const html = renderReport(reviseReport(report, { cells: misprints }), 'html-table');
  const saved = await saveDocument(db, {
    url, siteId: site.id, httpStatus: 200, contentType: 'text/html; charset=utf-8', kind: 'report',
    bytes: new TextEncoder().encode(html), title: report.title,
  });
  return saved.id;
}

/**
 * The stages with this project's extractor, or — under any other version name — a
 * stand-in for another release of it: the same cells, plus a warning naming that
 * version. A release that reads a document exactly as the stored report says keeps
 * that report, so a stand-in must differ in something for a re-run to re-extract.
 */
export const stagesWith = (extractorVersion = EXTRACTOR_VERSION): PipelineStages => ({
  extract: {
    extract: extractorVersion === EXTRACTOR_VERSION ? extract : async (doc) => {
      const x = await extract(doc);
      return x.ok ? { ...x, warnings: [...x.warnings, `read by extractor ${extractorVersion}`] } : x;
    },
    extractorVersion,
  },
  check: checkReports,
});

/** `nianbao run --no-crawl`: extract what is new for this extractor version, then check everything. */
export const runNoCrawl = (store: Store, extractorVersion?: string) => runPipeline(store, stagesWith(extractorVersion));
