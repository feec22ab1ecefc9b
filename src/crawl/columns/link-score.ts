/**
 * Scores a link on the way from a portal's home page to its 年报 columns: what
 * it probably leads to (a 年报 column, the 信息公开 hub, a directory of bodies,
 * one body's pages, a sub-column, the next page of a directory) and how sure we
 * are, from its text and its URL's path segments. The vocabulary is data,
 * ordered: the first matching rule decides the role. Pure.
 */
import { kindOfName } from '../../model/body-kind.js';

/** Links scoring below this are not followed. */
export const FOLLOW_THRESHOLD = 40;

export type LinkRole = 'column' | 'sub-column' | 'hub' | 'directory' | 'body' | 'pager';

/** What the page the link is on was taken to be (the role of the link that led to it, 'root' for the home page). */
export type PageRole = 'root' | LinkRole;

export interface LinkScore {
  readonly role: LinkRole;
  /** 0–100; links below the finder's threshold are not followed. */
  readonly score: number;
  /** The rule that decided, for the evidence. */
  readonly rule: string;
}

interface TextRule {
  readonly name: string;
  readonly role: LinkRole;
  readonly score: number;
  readonly text: RegExp;
  /** Only on pages of these roles. */
  readonly on?: readonly PageRole[];
  readonly maxLength?: number;
}

/** Words of links that never lead to a 年报 column, however 信息公开-like the rest is. */
const NEVER = /指南|制度|规定|办法|依申请|申请表|意见|征集|留言|信箱|咨询|投诉|调查|新闻|动态|要闻|图片|视频|解读|回应|招聘|招标|采购|登录|注册|无障碍|English|网站地图|关于我们|联系我们|搜索|下载|办事|服务|预决算|统计|规划|人事|政策|文件|法规|领导|通知|公告|会议|计划|总结|简报|工作要点|考核|评议|监督|目录管理|标准|清单|公示|政府工作报告|建设情况报告|发展报告|统计公报/;

/** A 年报 column by its name: 政府信息公开年报, 政府信息公开工作年度报告, 年度报告, 信息公开工作报告 … */
const COLUMN_TEXT = /年报|年度报告|(信息|政务)公开(工作)?报告/;
/** A report item (a year and a report's words) is not a column link. */
const HAS_YEAR = /(19|20)\d{2}|[二〇○零一三四五六七八九]{4}年/;

const BODY_END = /(局|委员会|委|办公室|办|中心|院|馆|所|队|站|镇|乡|街道|街道办事处|办事处|人民政府|政府|管委会|管理委员会|分局)$/;
const GENERIC_STEM = /^(各|所属|下属|县直|市直|区直)?((乡镇|镇街|街镇|乡|镇|街道|部门|单位)(及|和|、|与)?)*$/;

/**
 * A link naming a body (教育局, 城关镇, 红星街道, 人民政府办公室) rather than a
 * place of the site (乡镇街道, 部门) or a bare region (走进某县): the body
 * classifier says it names one, and a name precedes its ending.
 */
export function looksLikeBody(text: string): boolean {
  const kind = kindOfName(text);
  if (kind === 'other' || !BODY_END.test(text)) return false;
  return !GENERIC_STEM.test(text.replace(BODY_END, ''));
}

/** In order; the first that applies decides. `NEVER` words stop the rules after 'body-name'. */
const TEXT_RULES: readonly TextRule[] = [
  { name: 'pager', role: 'pager', score: 0, text: /^(下一?页|上一?页|尾页|末页|首页|最后一页|第?\d{1,3}页?|>|>>|»|›|next|last)$/i, on: ['directory', 'column', 'sub-column', 'hub', 'body'] },
  // On a column page, its sub-columns: by year (2023年度) or by kind of body (部门, 乡镇街道, 本级).
  { name: 'year-sub-column', role: 'sub-column', score: 90, text: /^(19|20)\d{2}(年度?)?(年报|报告)?$/, on: ['column', 'sub-column'] },
  { name: 'kind-sub-column', role: 'sub-column', score: 85, text: /^(本级|县级|市级|区级|县政府|市政府|区政府|.{0,8}政府|政府部门|部门|县直部门|市直部门|区直部门|乡镇|街道|乡镇街道|乡镇（街道）|镇街|镇（街道）|其他)$/, on: ['column', 'sub-column'], maxLength: 10 },
  // A body by its name (教育局, 城关镇, 红星街道); only followed where bodies are listed. Names may hold any word (统计局, 行政审批服务局).
  { name: 'body-name', role: 'body', score: 55, text: { test: looksLikeBody } as RegExp, on: ['directory', 'hub', 'body'], maxLength: 30 },
  { name: 'column-name', role: 'column', score: 100, text: COLUMN_TEXT, maxLength: 16 },
  { name: 'directory', role: 'directory', score: 70, text: /部门|乡镇|街道|镇街|镇（街道）|镇\(街道\)|单位|县直|市直|区直|派出机构|下属|站群|网站群|公开平台/, maxLength: 14 },
  { name: 'hub', role: 'hub', score: 60, text: /(政府|政务)?信息公开|政务公开|公开目录|主动公开|公开专栏|^公开$/, maxLength: 12 },
];

interface SlugRule { readonly name: string; readonly role: LinkRole; readonly score: number; readonly segment: RegExp }

/** Path segments (lower case) that say the same as the texts: zfxxgknb, ndbg, xxgk, bmxxgk … */
const SLUG_RULES: readonly SlugRule[] = [
  { name: 'column-slug', role: 'column', score: 75, segment: /^(zfxxgk|xxgk|zwgk|gk|zfxx|zwgknb|xxgkgz)?(nb|ndbg|nianbao|ndgzbg|gzndbg|ndbb)$|^(zfxxgknb|xxgknb|zwgknb|gknb|xxgkndbg|zfxxgkndbg|nbzl|ndbgzl)$/ },
  { name: 'directory-slug', role: 'directory', score: 45, segment: /^(bm|bmxxgk|zfbm|bmgk|bmgkml|bmzwgk|xzbm|zsbm|szbm|qzbm|xzjd|xz|jd|zj|zjd|xzxxgk|zjxxgk|xzjdxxgk|xzzf|jdxxgk|bmxz|gkdw|gkpt|zwgkpt|dwgk)$/ },
  { name: 'hub-slug', role: 'hub', score: 45, segment: /^(zfxxgk|xxgk|zwgk|gkml|xxgkml|zfxxgkml|zfxxgkzl|zwgkzl|xxgkzl|fdzdgknr|gongkai|zfxxgkpt|zwgkpt)$/ },
  { name: 'site-slug', role: 'body', score: 40, segment: /^site_[a-z0-9_-]+$/ },
];

/** Path segments of sections beside the way. */
const NEVER_SLUG = /^(zcjd|zcwj|xwzx|xwdt|hdjl|zwfw|ysqgk|zfxxgkzn|gkzn|zn|zd|gkzd|czyjs|rsxx|ghjh|jgxx|bszn|search|login|english|sitemap|wzdt)$/;

const norm = (s: string) => s.replace(/\s+/g, '').replace(/（/g, '（').trim();

/** Lower-case path segments of a URL, file extensions and index pages dropped. */
export function pathSegments(url: string): string[] {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return [];
  }
  return path.toLowerCase().split('/').map((s) => s.replace(/\.(s?html?|jsp|aspx?|php)$/, '')).filter((s) => s && s !== 'index' && s !== 'default');
}

/**
 * The role and score of a link on a page of `on`'s role. Null: not worth
 * following (unrelated, or a report item rather than a column).
 * @example scoreLink('政府信息公开年报', 'http://x/zfxxgk/zfxxgknb/', 'hub') // { role: 'column', score: 100, … }
 */
export function scoreLink(rawText: string, url: string, on: PageRole): LinkScore | null {
  const text = norm(rawText);
  const segs = pathSegments(url);
  const last = segs.at(-1) ?? '';
  if (NEVER_SLUG.test(last)) return null;
  const textRule = text ? TEXT_RULES.find((r) => (!r.on || r.on.includes(on)) && (!r.maxLength || text.length <= r.maxLength) && r.text.test(text)) : undefined;
  if (textRule && (textRule.role === 'pager' || textRule.role === 'sub-column' || textRule.role === 'body')) return { role: textRule.role, score: textRule.score, rule: textRule.name };
  if (text && (NEVER.test(text) || (HAS_YEAR.test(text) && COLUMN_TEXT.test(text)))) return null;
  // The last segments decide: a link into /xxgk/bm/jyj/ is about jyj, not about xxgk.
  const slugRule = [last, segs.at(-2) ?? ''].flatMap((s) => SLUG_RULES.filter((r) => r.segment.test(s)).map((r) => ({ r, own: s === last })))[0];
  const slug = slugRule ? { role: slugRule.r.role, score: slugRule.own ? slugRule.r.score : Math.round(slugRule.r.score / 2), rule: slugRule.r.name } : null;
  if (textRule) {
    // Text and path agreeing is surer than either.
    const bonus = slug && slug.role === textRule.role ? 10 : 0;
    return { role: textRule.role, score: Math.min(100, textRule.score + bonus), rule: textRule.name };
  }
  // A link with no words (an image without alt text) or words we do not know: the path alone, less surely.
  if (slug && (!text || text.length <= 8)) return { ...slug, score: text ? Math.round(slug.score * 0.8) : slug.score };
  return null;
}
