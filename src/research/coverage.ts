/**
 * Coverage, the first thing a reviewer asks: per province and year, the
 * governments the site registry expects a report from, those that have one,
 * every report found (departments and townships too) and those flagged.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { provinceOf } from '../model/division.js';
import { meta, type ExportColumn } from './export-columns.js';

export interface CoverageRow {
  province: string | null; province_name: string | null; year: number;
  sites_expected: number; governments_reporting: number; reports_found: number; reports_flagged: number;
}

export const COVERAGE_COLUMNS: readonly ExportColumn[] = [
  meta('province', 'string', '省级代码', 'first two digits of the GB/T 2260 code'),
  meta('province_name', 'string', '省份', 'the province'),
  meta('year', 'integer', '报告年度', 'the year the reports cover'),
  meta('sites_expected', 'integer', '应报政府数', 'governments in the site registry (one report expected each per year)'),
  meta('governments_reporting', 'integer', '已报政府数', 'registry governments with a report for the year'),
  meta('reports_found', 'integer', '报告数', 'reports found (newest per body and year), departments and townships included'),
  meta('reports_flagged', 'integer', '有标记报告数', 'of those, reports with at least one flag'),
];

/** Per province and year: governments the registry expects, those reporting, reports found and flagged. */
export async function coverage(db: Kysely<Database>): Promise<CoverageRow[]> {
  const rows = (await sql<Omit<CoverageRow, 'province_name'>>`
    with years as (select distinct year from report_latest),
    expected as (select left(region_code, 2) as province, count(*)::int as n from sites group by 1),
    found as (
      select left(l.region_code, 2) as province, l.year, count(*)::int as reports_found,
        count(*) filter (where l.flag_count > 0)::int as reports_flagged,
        count(distinct b.site_id) filter (where b.kind = 'government' and b.site_id is not null)::int as governments_reporting
      from report_latest l left join bodies b on b.id = l.body_id group by 1, 2)
    select coalesce(e.province, f.province) as province, y.year,
      coalesce(e.n, 0) as sites_expected, coalesce(f.governments_reporting, 0) as governments_reporting,
      coalesce(f.reports_found, 0) as reports_found, coalesce(f.reports_flagged, 0) as reports_flagged
    from years y
    cross join (select province from expected union select province from found) p
    left join expected e on e.province is not distinct from p.province
    left join found f on f.province is not distinct from p.province and f.year = y.year
    where e.n is not null or f.reports_found is not null
    order by 1 nulls last, 2`.execute(db)).rows;
  return rows.map((r) => ({ ...r, province_name: r.province ? provinceOf(r.province)?.name ?? null : null }));
}
