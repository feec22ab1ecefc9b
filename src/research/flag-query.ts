/**
 * The flags of the newest reports (one per body and year), filtered, in the
 * order reviewers read them: errors first, then by region, body, year and rule.
 * The CLI `flags` and the web list share it, with the total for "showing n of m".
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { severityRank } from '../store/flags.js';
import { RULES } from '../check/rules.js';
import { filterSql, type Filter } from './filters.js';

export interface FlagQuery extends Filter {
  /** A rule id or a family prefix (identity.b → identity.b.*). */
  readonly rule?: string | undefined;
  readonly severity?: string | undefined;
  /** Part of the body's name. */
  readonly body?: string | undefined;
}

export interface FlagRow {
  id: number; body: string | null; region_code: string | null; level: string | null; kind: string | null; year: number;
  rule: string; severity: string; message: string; cells: Record<string, number | null>; report_id: number; url: string;
}

/** Null when the rule (or family) is one the checks have; else what to say. */
export function unknownRule(rule: string): string | null {
  if (RULES.some((r) => r.id === rule || r.id.startsWith(`${rule}.`))) return null;
  const families = [...new Set(RULES.map((r) => r.family))].join(', ');
  return `unknown rule "${rule}": give a rule id (nianbao flags lists them by rule) or a family: ${families}`;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function whereOf(q: FlagQuery) {
  const where = [sql`true`, ...filterSql(q)];
  if (q.rule) where.push(sql`(f.rule = ${q.rule} or f.rule like ${`${escapeLike(q.rule)}.%`})`);
  if (q.severity) where.push(sql`f.severity = ${q.severity}`);
  if (q.body) where.push(sql`l.body like ${`%${escapeLike(q.body)}%`}`);
  return sql.join(where, sql` and `);
}

const FROM = sql`from flags f join report_latest l on l.report_id = f.report_id left join bodies b on b.id = l.body_id`;

/** One page of flags and how many match in all. */
export async function flagRows(db: Kysely<Database>, q: FlagQuery, page: { limit: number; offset?: number }): Promise<{ rows: FlagRow[]; total: number }> {
  const where = whereOf(q);
  const rows = (await sql<FlagRow>`
    select f.id, l.body, l.region_code, l.level, b.kind, l.year, f.rule, f.severity, f.message, f.cells, l.report_id, l.url
    ${FROM} where ${where}
    order by ${severityRank('f.severity')}, l.region_code, l.body, l.year, f.rule, f.id
    limit ${page.limit} offset ${page.offset ?? 0}`.execute(db)).rows;
  const total = rows.length < page.limit && !page.offset ? rows.length
    : Number((await sql<{ n: number }>`select count(*) as n ${FROM} where ${where}`.execute(db)).rows[0]!.n);
  return { rows, total };
}

/** Counts of the matching flags by a column, for facets (province = first two digits of the region code). */
export async function flagFacet(db: Kysely<Database>, q: FlagQuery, by: 'province' | 'level' | 'kind' | 'year' | 'rule' | 'severity') {
  const col = { province: sql`left(l.region_code, 2)`, level: sql`l.level`, kind: sql`b.kind`, year: sql`l.year::text`, rule: sql`f.rule`, severity: sql`f.severity` }[by];
  return (await sql<{ value: string | null; n: number }>`
    select ${col} as value, count(*)::int as n ${FROM} where ${whereOf(q)} group by 1 order by 2 desc, 1`.execute(db)).rows;
}
