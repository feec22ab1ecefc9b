/**
 * What a crawl of a portals farm found, against the farm's truth, with every miss put
 * down to the stage that lost it. For each published report, in pipeline order:
 *
 *   column      its 年报 column was never recorded (the finder missed it)
 *   queued      the column was found but the report never reached the frontier (list, pager, API)
 *   fetched     it was queued but not fetched (failed, skipped, still queued)
 *   attachment  the page was fetched but its attached file was not
 *   loaded      fetched, yet no live report was made from it
 *
 * and each item that is not a template report (2018 free-form reports, notices) loaded as
 * a report counts against the crawl too. Read-only over the store; shared by bench:portals
 * and the farm test.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/store/schema.js';
import type { ExpectedReport } from '../../src/farm/index.js';
import type { ExpectedColumn, ExpectedOther } from '../../src/farm/portals/portal-truth.js';
import { canonicalUrl } from '../../src/crawl/url.js';

export const MISS_STAGES = ['column', 'queued', 'fetched', 'attachment', 'loaded'] as const;
export type MissStage = (typeof MISS_STAGES)[number];

export interface Miss { readonly stage: MissStage; readonly url: string; readonly siteId: string; readonly detail: string }

export interface Coverage {
  readonly published: number;
  readonly loaded: number;
  readonly misses: readonly Miss[];
  readonly byStage: Readonly<Record<MissStage, number>>;
  /** Loaded, but with another year or body than the page's: a wrong value, however well the cells read. */
  readonly wrongYear: readonly Miss[];
  readonly wrongBody: readonly Miss[];
  /** Items that are not template reports, loaded as reports. */
  readonly othersLoaded: readonly ExpectedOther[];
  readonly columns: { readonly expected: number; readonly found: number; readonly withEvidence: number; readonly missed: readonly ExpectedColumn[] };
}

const canon = (u: string) => canonicalUrl(u) ?? u;

export async function portalCoverage(db: Kysely<Database>, truth: {
  reports: readonly ExpectedReport[]; columns: readonly ExpectedColumn[]; others: readonly ExpectedOther[];
}): Promise<Coverage> {
  const stored = await db.selectFrom('site_columns').select(['site_id', 'canonical_url', 'evidence', 'status']).execute();
  const foundCols = new Map(stored.map((c) => [`${c.site_id} ${c.canonical_url}`, c]));
  const colFound = (c: ExpectedColumn) => foundCols.has(`${c.siteId} ${canon(c.listUrl)}`) || foundCols.has(`${c.siteId} ${canon(c.entryUrl)}`);
  const frontier = new Map((await db.selectFrom('frontier').select(['url', 'state', 'last_error', 'last_status']).execute()).map((f) => [canon(f.url), f]));
  const docs = new Set((await db.selectFrom('documents').select('url').execute()).map((d) => canon(d.url)));
  const liveRows = (await sql<{ url: string; year: number | null; body: string | null }>`
    select d.url, r.year, b.name as body from reports r join documents d on d.id = r.document_id left join bodies b on b.id = r.body_id
     where r.superseded_by is null`.execute(db)).rows;
  const live = new Map(liveRows.map((r) => [canon(r.url), r]));

  const columnOf = new Map<string, ExpectedColumn>();
  // A central column's sub-columns are where its reports are listed: prefer them.
  for (const c of [...truth.columns].sort((a, b) => Number(a.sub === null) - Number(b.sub === null))) for (const u of c.reportUrls) if (!columnOf.has(u)) columnOf.set(u, c);

  const misses: Miss[] = [];
  const wrongYear: Miss[] = [];
  const wrongBody: Miss[] = [];
  let loaded = 0;
  for (const r of truth.reports) {
    const doc = r.attachment?.url ?? r.url;
    const got = live.get(canon(doc)) ?? live.get(canon(r.url));
    if (got) {
      loaded++;
      if (got.year !== r.year) wrongYear.push({ stage: 'loaded', url: r.url, siteId: r.siteId, detail: `year ${got.year} for ${r.year}` });
      if (got.body !== r.body) wrongBody.push({ stage: 'loaded', url: r.url, siteId: r.siteId, detail: `body ${got.body} for ${r.body}` });
      continue;
    }
    const col = columnOf.get(r.url);
    const f = frontier.get(canon(r.url));
    const miss = (stage: MissStage, detail: string) => misses.push({ stage, url: r.url, siteId: r.siteId, detail });
    if (col && !colFound(col)) miss('column', `${col.kind} ${col.body}: ${col.trail.join(' > ')} (${col.listUrl})`);
    else if (!f) miss('queued', col ? `listed in ${col.listUrl}` : 'no column in the truth');
    else if (!docs.has(canon(r.url))) miss('fetched', `${f.state} ${f.last_status ?? ''} ${f.last_error ?? ''}`.trim());
    else if (r.attachment && !docs.has(canon(r.attachment.url))) {
      const a = frontier.get(canon(r.attachment.url));
      miss('attachment', a ? `${a.state} ${a.last_status ?? ''} ${a.last_error ?? ''}`.trim() : `${r.attachment.format} never queued`);
    } else miss('loaded', r.attachment ? `${r.attachment.format} attachment` : r.flattened ? 'flattened page' : 'page');
  }
  const byStage = Object.fromEntries(MISS_STAGES.map((s) => [s, misses.filter((m) => m.stage === s).length])) as Record<MissStage, number>;
  const withEvidence = stored.filter((c) => Array.isArray(c.evidence) ? c.evidence.length > 0 : String(c.evidence ?? '').length > 2).length;
  const missed = truth.columns.filter((c) => !colFound(c));
  return {
    published: truth.reports.length, loaded, misses, byStage, wrongYear, wrongBody,
    othersLoaded: truth.others.filter((o) => live.has(canon(o.url))),
    columns: { expected: truth.columns.length, found: truth.columns.length - missed.length, withEvidence, missed },
  };
}

/** A few lines for a person: the share loaded, misses by stage with examples. */
export function coverageLines(c: Coverage, examples = 3): string[] {
  const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(2)} %` : '—');
  const out = [`reports loaded ${c.loaded}/${c.published} = ${pct(c.loaded, c.published)}; non-reports loaded as reports: ${c.othersLoaded.length}`,
    `columns found ${c.columns.found}/${c.columns.expected} (${c.columns.withEvidence} stored with evidence)`];
  for (const s of MISS_STAGES) {
    if (!c.byStage[s]) continue;
    out.push(`  lost at ${s}: ${c.byStage[s]}`);
    for (const m of c.misses.filter((x) => x.stage === s).slice(0, examples)) out.push(`    ${m.url}  ${m.detail}`);
  }
  for (const [what, list] of [['year', c.wrongYear], ['body', c.wrongBody]] as const) {
    if (list.length) out.push(`  loaded with a wrong ${what}: ${list.length}`);
    for (const m of list.slice(0, examples)) out.push(`    ${m.url}  ${m.detail}`);
  }
  for (const o of c.othersLoaded.slice(0, examples)) out.push(`  loaded but not a report: ${o.url} (${o.kind}: ${o.title})`);
  return out;
}
