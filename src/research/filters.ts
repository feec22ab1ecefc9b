/**
 * The filters every researcher command and page shares — region, year, level,
 * kind — read from flags or query parameters into one validated value, and
 * turned into SQL on `report_latest` (alias `l`) joined with `bodies` (alias `b`).
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../store/schema.js';
import { BODY_KINDS, type BodyKind } from '../model/body-kind.js';
import { LEVELS, type Level } from '../model/division.js';
import { resolveRegion } from './region.js';

export interface Filter {
  /** GB/T 2260 prefix (330000 → 33). */
  readonly regionPrefix?: string | undefined;
  readonly regionName?: string | null | undefined;
  readonly year?: number | undefined;
  /** 县 includes county-level cities: levels come from division codes. */
  readonly level?: Level | undefined;
  readonly kind?: BodyKind | undefined;
}

export interface RawFilter {
  readonly region?: string | undefined;
  readonly year?: string | undefined;
  readonly level?: string | undefined;
  readonly kind?: string | undefined;
}

export type ParsedFilter = { readonly ok: true; readonly value: Filter } | { readonly ok: false; readonly error: string };

const blank = (s: string | undefined): boolean => s === undefined || s.trim() === '';

/** Validates the shared filters; an empty value means "any". */
export function parseFilter(raw: RawFilter): ParsedFilter {
  let regionPrefix: string | undefined;
  let regionName: string | null | undefined;
  if (!blank(raw.region)) {
    const r = resolveRegion(raw.region!);
    if (!r.ok) return { ok: false, error: r.error };
    regionPrefix = r.prefix;
    regionName = r.name;
  }
  let year: number | undefined;
  if (!blank(raw.year)) {
    year = Number(raw.year);
    if (!Number.isInteger(year) || year < 2000 || year > 2100) return { ok: false, error: `--year expects a report year like 2023, got "${raw.year}"` };
  }
  const level = blank(raw.level) ? undefined : raw.level!.trim();
  if (level !== undefined && !(LEVELS as readonly string[]).includes(level)) {
    return { ok: false, error: `--level must be one of ${LEVELS.join(' ')}, got "${level}" (县 includes county-level cities)` };
  }
  const kind = blank(raw.kind) ? undefined : raw.kind!.trim();
  if (kind !== undefined && !(BODY_KINDS as readonly string[]).includes(kind)) {
    return { ok: false, error: `--kind must be one of ${BODY_KINDS.join(', ')}, got "${kind}"` };
  }
  return { ok: true, value: { regionPrefix, regionName, year, level: level as Level | undefined, kind: kind as BodyKind | undefined } };
}

/** A prefix for LIKE with its wildcards escaped. */
export const likePrefix = (s: string): string => `${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** SQL conditions for the filter on `l` (report_latest or a view with its columns) and `b` (bodies). */
export function filterSql(f: Filter, l = 'l', b = 'b'): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [];
  if (f.regionPrefix) where.push(sql`${sql.ref(`${l}.region_code`)} like ${likePrefix(f.regionPrefix)}`);
  if (f.year !== undefined) where.push(sql`${sql.ref(`${l}.year`)} = ${f.year}`);
  if (f.level) where.push(sql`${sql.ref(`${l}.level`)} = ${f.level}`);
  if (f.kind) where.push(sql`${sql.ref(`${b}.kind`)} = ${f.kind}`);
  return where;
}

/** The filter in words, for headers and warnings. */
export function describeFilter(f: Filter): string {
  const parts = [
    f.regionPrefix ? `region ${f.regionPrefix}${f.regionName ? ` ${f.regionName}` : ''}` : '',
    f.year !== undefined ? `year ${f.year}` : '',
    f.level ? `level ${f.level}` : '',
    f.kind ? `kind ${f.kind}` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : 'everything';
}

/**
 * Warnings for filters that match no report on their own (`--region 999999`,
 * `--year 2030`): an empty result should say why, not look like a clean bill.
 */
export async function unmatchedFilters(db: Kysely<Database>, f: Filter): Promise<string[]> {
  const out: string[] = [];
  const matches = async (cond: RawBuilder<unknown>) => (await sql<{ x: number }>`
    select 1 as x from report_latest l left join bodies b on b.id = l.body_id where ${cond} limit 1`.execute(db)).rows.length > 0;
  const one = (g: Filter) => filterSql(g)[0]!;
  if (f.regionPrefix && !(await matches(one({ regionPrefix: f.regionPrefix })))) {
    out.push(`no report from region ${f.regionPrefix}${f.regionName ? ` (${f.regionName})` : ' (not a known GB/T 2260 code)'}`);
  }
  if (f.year !== undefined && !(await matches(one({ year: f.year })))) {
    const years = (await sql<{ y: number }>`select distinct year as y from report_latest order by 1`.execute(db)).rows.map((r) => r.y);
    out.push(`no report for year ${f.year}${years.length ? ` (years stored: ${years[0]}–${years.at(-1)})` : ' (no reports stored)'}`);
  }
  if (f.level && !(await matches(one({ level: f.level })))) out.push(`no report of a ${f.level}-level body`);
  if (f.kind && !(await matches(one({ kind: f.kind })))) out.push(`no report of a body of kind ${f.kind}`);
  return out;
}
