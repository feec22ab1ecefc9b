/** Facts about the report read from its title and text: year, body, template, publication date. */
import { withoutMarkup } from './text-markup.js';
import type { TemplateId } from '../model/report.js';
import { TEMPLATE_MARKERS, templateOfYear } from '../template/index.js';
import { toHalfWidth } from './values.js';
import { isBodyName } from '../model/body-kind.js';
import { digitYears } from '../model/year-words.js';

/** Half-width, with Chinese-numeral years written as digits (二〇二三年度): the form the patterns below read. */
const yearDigits = (s: string): string => toHalfWidth(digitYears(s));

// A report's title: the year before 信息公开…报告 (or …年报), or 2020年报; or the year after it in
// brackets (某县人民政府政府信息公开工作年度报告（2022年）), where the match starts at the title's
// 政府信息公开 (the body printed before it).
const TITLE = /(20\d{2})\s*年\s*度?[^。\n|]{0,30}?信息公开[^。\n|]{0,12}?(?:(年度)?报告|年报)|(20\d{2})\s*年报|(?:政府)?信息公开[^。\n|(（]{0,12}?(?:年度)?报告\s*[(（]\s*(20\d{2})\s*年度?\s*[)）]/;
const titleYear = (m: RegExpExecArray): number => Number(m[1] ?? m[3] ?? m[4]);

const PERIOD = /(20\d{2})年1月1日(?:起)?(?:至|到|—|-|～|~)\1年12月31日/;

export function findYear(title: string | null, text: string, url?: string): number | null {
  const digits = yearDigits(text).replace(BREADCRUMB_LINES, '');
  for (const s of [yearDigits(title ?? ''), digits]) {
    const m = TITLE.exec(s);
    if (m) return titleYear(m);
  }
  const body = digits.split('\n').filter((l) => !/^#\s*source:/i.test(l)).join('\n');
  // The period the figures cover, as the template's opening paragraph states it (统计期限自2022年
  // 1月1日起至2022年12月31日止): one calendar year, the report's.
  const period = PERIOD.exec(body.replace(/\s+/g, ''));
  if (period) return Number(period[1]);
  // The table's own statement of the year (2020年本行政区域…), outside source lines.
  const stated = /(20\d{2})\s*年(?!\d|\s*\d{1,2}\s*月)/.exec(body);
  if (stated) return Number(stated[1]);
  // Reports come out in the first months of the next year: a dated URL path (…/202301/t20230118_…) names it.
  const src = url ?? /^#\s*source:\s*(\S+)/im.exec(text)?.[1] ?? '';
  const dated = /\/(20\d{2})(0[1-6])\d{0,2}\//.exec(src);
  return dated ? Number(dated[1]) - 1 : null;
}

/**
 * Last resorts when neither the page nor its URL path dates the report, each
 * reported as a warning: a URL parameter whose whole value is a year
 * (annual-report CMSs index reports by year: `…AnnualReport.jsp?fbtime=2020`),
 * then a year in the local file's name (`…-2023.txt`, as researchers save them).
 */
export function fallbackYear(info: { url?: string; fileName?: string }, text: string): { year: number; from: string } | null {
  const src = info.url ?? /^#\s*source:\s*(\S+)/im.exec(text)?.[1] ?? '';
  const param = /[?&][\w-]+=(20\d{2})(?:&|#|$)/.exec(src);
  if (param) return { year: Number(param[1]), from: 'URL parameter' };
  const base = (info.fileName ?? '').split(/[\\/]/).pop() ?? '';
  const named = [...base.matchAll(/(?<!\d)(20\d{2})(?!\d)/g)].at(-1);
  return named ? { year: Number(named[1]), from: 'file name' } : null;
}

/** The first `n` lines of `text`, without splitting the rest of it. */
function firstLines(text: string, n: number): string[] {
  let end = -1;
  for (let k = 0; k < n; k++) { end = text.indexOf('\n', end + 1); if (end < 0) return text.split('\n'); }
  return text.slice(0, end).split('\n');
}

/** Title lines, also each line joined with the next (PDF titles wrap); `joinAt` is where a joined line's second part starts. */
interface TitleLine { readonly text: string; readonly joinAt: number; readonly above: string | null }
/** A line as its reader sees it: a converter's markup read (`**…**`, `<br>`) and a Markdown heading's marks gone. */
const asRead = (line: string): string => withoutMarkup(line).replace(/^\s*#{1,6}\s+/, '').trim();

const BREADCRUMB = /^(?:当前位置|您的位置|您现在的位置|您当前的位置|所在位置|当前所在位置)\s*[:：]/;
const BREADCRUMB_LINES = new RegExp(`${BREADCRUMB.source}.*$`, 'gm');

function* titleLines(title: string | null, text: string): Generator<TitleLine> {
  // Made as read: the title is most often among the first lines, and the search stops there.
  yield { text: asRead(title ?? ''), joinAt: Infinity, above: null };
  // A breadcrumb (当前位置：首页 > … > 2020年…年度报告) names the column, not this report.
  const ls = firstLines(text, 40).map(asRead).map((l) => (BREADCRUMB.test(l) ? '' : l));
  for (let i = 0; i < ls.length; i++) {
    const l = ls[i]!, above = ls[i - 1] ?? null;
    yield { text: l, joinAt: Infinity, above };
    // Joined only where the next line is no title of its own: a line naming a year above a
    // title (2019年以来…) would join it and lend it its year.
    const next = ls[i + 1] ?? '';
    if (!TITLE.test(yearDigits(next))) yield { text: `${l}${next}`, joinAt: l.length, above };
  }
}

/**
 * The body: what the report's title names (before the year, after it, or after 年报_),
 * else the publisher the page's metadata states (发布机构：…, 信息来源：…), else the line
 * above the title. The title is the report's own word; the metadata line is the CMS's,
 * and still better than a line above the title, which is often the site's banner.
 */
export function findOrganization(title: string | null, text: string): string | null {
  let above: string | null = null;
  for (const { text: line, joinAt, above: prev } of titleLines(title && yearDigits(title), yearDigits(firstLines(text, 40).join('\n')))) {
    const m = TITLE.exec(line);
    // A joined line counts only where the title itself wrapped: its year before the join.
    if (!m || m.index >= joinAt) continue;
    const named = titleBody(line, m.index);
    if (named) return named;
    if (above === null) above = asBody(prev ?? undefined);
  }
  return statedPublisher(text) ?? above;
}

/** A name fit to be a body: a body's name holds no label colon (发布机构：…). */
const asBody = (s: string | undefined): string | null => (s && !/[:：]/.test(s) && isBodyName(s) && s.length <= 40 ? s : null);

/** The body a title line names around its year (`at`): 某局2023年…, 某局关于2023年…, 2023年度某局…, 2023年报_某局. */
function titleBody(line: string, at: number): string | null {
  // 某局关于2022年… names 某局; a notice issuing a report (某办公室关于印发某县2022年…的通知) names
  // the body whose report it issues.
  const prefix = line.slice(0, at).replace(/^[#\s]+|[\s_—-]+$/g, '').replace(/^.*(?:关于)?(?:印发|转发|公布)/, '').replace(/^关于|关于$/g, '');
  return asBody(prefix)
    ?? asBody(/^(?:20\d{2})\s*年度?(.*?)(?:政府)?信息公开/.exec(line.slice(at))?.[1]?.trim())
    // File-style titles put the body after the year: 2020年报_审计局.
    ?? asBody(/年报[\s_—-]+(.+)$/.exec(line.slice(at))?.[1]?.trim());
}

/** Labels under which an article's metadata block names who published it; the value may sit in the next cell (line). */
const PUBLISHER = /(?:发布机构|发文机关|发布单位|公开主体|信息来源|来源单位|来源)\s*[:：]\s*([^\s|:：，。;；]{2,40})/g;

/** The publisher the page's metadata states, when it is a body (not a website or a newspaper). */
export function statedPublisher(text: string): string | null {
  for (const m of toHalfWidth(text.slice(0, 4000)).matchAll(PUBLISHER)) {
    const name = asBody(m[1]);
    if (name) return name;
  }
  return null;
}

/**
 * The text a page's title is looked for in: without its links that read as a report's title
 * (a list of other years' reports above the article, a breadcrumb naming a column
 * 2020年政府信息公开工作年度报告, 上一篇), whose year and body are another report's — unless
 * no title is left, when the page's own title is a link to itself.
 */
export function titleSearchText(title: string | null, text: string, links: readonly string[]): string {
  const titled = links.filter((l) => TITLE.test(yearDigits(l)));
  if (!titled.length) return text;
  const head = firstLines(text, 40).join('\n');
  let own = head;
  for (const l of titled) own = own.split(l).join(' ');
  if (own === head) return text;
  const found = [...titleLines(title && yearDigits(title), yearDigits(own))].some((l) => TITLE.test(l.text));
  return found ? `${own}${text.slice(head.length)}` : text;
}

export function findTitle(title: string | null, text: string): string | null {
  for (const l of titleLines(title, text)) {
    const t = l.text.trim();
    if (TITLE.test(yearDigits(t)) && t.length <= 80) return t;
  }
  return title?.trim() || null;
}

// After 发布时间, 发布日期, 时间 or 日期 (the first two end in the last two): read from where the word starts.
const DATED = /(?:时间|日期)\s*[:：]?\s*(20\d{2})[-年/.](\d{1,2})[-月/.](\d{1,2})/y;

export function findPublishedDate(text: string): string | null {
  // Only the few characters after each 时间/日期 are made half-width: the page may be long.
  for (let at = nextDateWord(text, 0); at >= 0; at = nextDateWord(text, at + 1)) {
    DATED.lastIndex = 0;
    const m = DATED.exec(toHalfWidth(text.slice(at, at + 60)));
    if (m) return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  }
  return null;
}

function nextDateWord(text: string, from: number): number {
  const a = text.indexOf('时间', from), b = text.indexOf('日期', from);
  return a < 0 ? b : b < 0 ? a : Math.min(a, b);
}

/** Occurrences of `word` in `text`. */
const count = (text: string, word: string): number => {
  let n = 0;
  for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + word.length)) n++;
  return n;
};

/** The template from the header words only one template prints (template markers); the year only when it prints none. */
export function detectTemplate(text: string, year: number | null): TemplateId | null {
  const t = toHalfWidth(text).replace(/\s+/g, '');
  const score = (id: TemplateId) => (TEMPLATE_MARKERS.get(id) ?? []).reduce((s, w) => s + count(t, w), 0);
  const h2021 = score('2021'), h2019 = score('2019');
  if (h2021 > h2019) return '2021';
  if (h2019 > h2021) return '2019';
  return year === null ? null : templateOfYear(year);
}
