/**
 * Whose column it is: the body named by the column page's breadcrumb, by the
 * link that led to the body's pages, or by the sub-site's own name; else the
 * portal's government. Kind and level come from the body classifier — the one
 * call to it from the finder is `classify` below.
 */
import type { Body } from '../../model/body.js';
import { classifyBody } from '../../model/body-kind.js';
import { hostKey } from '../url.js';
import { looksLikeBody } from './link-score.js';
import type { FinderContext, NavStep } from './column-finder.js';
import type { NavPage } from './nav-page.js';

export interface BodyGuess {
  readonly name: string;
  readonly source: 'crumb' | 'link' | 'site' | 'portal';
}

/** Words of breadcrumbs and links that are places on the site, not bodies. */
const PLACE_WORDS = /^(首页|网站首页|主页|政务公开|信息公开|政府信息公开|公开目录|部门|乡镇|街道|乡镇街道|部门信息公开|.*信息公开(目录|专栏|平台)?|.*(年报|年度报告|报告))$/;
const isBodyWord = (s: string) => s.length >= 2 && s.length <= 30 && looksLikeBody(s) && !PLACE_WORDS.test(s);

/** The region part of the portal's government (某某县人民政府 → 某某县), to complete a short department name. */
const regionOf = (siteBody: string) => /^(.+?[省市县区旗州盟])(人民政府|政府)?$/.exec(siteBody)?.[1] ?? null;

/** The name a body goes by in full: 某县 + 教育局, 城关镇 + 人民政府, 红星街道 + 办事处. */
export function fullName(text: string, siteBody: string): string {
  if (/[镇乡]$/.test(text)) return `${text}人民政府`;
  if (/街道$/.test(text)) return `${text}办事处`;
  const region = regionOf(siteBody);
  // 教育局 on 某县's directory is 某县教育局; 城关镇 is a name of its own.
  if (!region || text.startsWith(region) || !/(局|委员会|委|办公室|办|中心|院|馆|所|队|站|分局)$/.test(text)) return text;
  // 县教育局 is the portal's own county's; 某某市教育局 names a region of its own (城市管理局 does not).
  if (/^[县市区旗](?!场|政|管|委|级|直|属)/.test(text)) return `${region}${text.slice(1)}`;
  return /^.{2,8}?(省|市|县|区|旗|州|盟)(?!场|政|管|委|级|直|属)/.test(text) ? text : `${region}${text}`;
  return text;
}

export function columnBody(url: string, page: NavPage, trail: readonly NavStep[], ctx: FinderContext): BodyGuess {
  const crumb = page.crumb.slice(0, -1).reverse().find(isBodyWord);
  if (crumb) return { name: fullName(crumb, ctx.siteBody), source: 'crumb' };
  const link = [...trail].reverse().find((s) => s.role === 'body' && isBodyWord(s.text.replace(/\s+/g, '')));
  if (link) return { name: fullName(link.text.replace(/\s+/g, ''), ctx.siteBody), source: 'link' };
  if (hostKey(url) !== hostKey(ctx.rootUrl)) {
    const own = [page.siteName, page.title].map((s) => (s ?? '').replace(/\s+/g, '').replace(/(门户网站|政府网站|网站|政务网)$/, ''))
      .find((s) => isBodyWord(s) && s !== ctx.siteBody);
    if (own) return { name: own, source: 'site' };
  }
  return { name: ctx.siteBody, source: 'portal' };
}

/** Kind, region and level of the column's body, as the body classifier says for a body on this site: the finder's one call into it. */
export function classify(name: string, site: { body: string; region_code?: string | null; region_name?: string | null; level?: string | null }): Body {
  return classifyBody(name, { bodyName: site.body, regionCode: site.region_code ?? null, regionName: site.region_name ?? null, level: site.level ?? null });
}
