/**
 * Which body a report belongs to. The page names its body (extraction's
 * organization); the site registry knows the region and level of the
 * government that runs the site. A department or township publishing on its
 * county's site shares the county's region code.
 */
import type { Body, Level } from '../model/body.js';
import type { ExtractionOk } from '../model/report.js';

export interface SiteInfo {
  readonly id: string;
  readonly body_name: string;
  readonly region_code: string | null;
  readonly region_name: string | null;
  readonly level: string | null;
}

const TOWNSHIP = /(镇|乡|街道|街道办事处|苏木)(人民政府)?$/;
const GOVERNMENT = /(人民政府|管委会|管理委员会|行政公署)$/;

/** Words a page uses for itself that do not name a body (我镇, 本机关). */
const SELF_REFERENCE = /^(我|本)(县|市|区|镇|乡|街道|局|委|办|机关|单位|分局)$/;

export function resolveBody(site: SiteInfo | null, x: Pick<ExtractionOk, 'organization'>): Body | null {
  const named = x.organization?.replace(/\s+/g, '') || null;
  const name = named && !SELF_REFERENCE.test(named) ? named : site?.body_name ?? null;
  if (!name) return null;
  const siteLevel = (site?.level ?? null) as Level | null;
  const isSiteBody = site !== null && (name === site.body_name || site.body_name.startsWith(name) || name.startsWith(site.body_name));
  let kind: Body['kind'];
  let level: Level | null = siteLevel;
  if (isSiteBody || GOVERNMENT.test(name) && !TOWNSHIP.test(name)) kind = 'government';
  else if (TOWNSHIP.test(name)) { kind = 'township'; level = '乡'; }
  else kind = 'department';
  return {
    name,
    regionCode: site?.region_code ?? null,
    regionName: kind === 'township' ? name.replace(/人民政府$|办事处$/, '') : site?.region_name ?? null,
    level,
    kind,
  };
}
