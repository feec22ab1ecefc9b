/**
 * HTML of a portal's navigation: home page, 信息公开 hub, directories, body
 * pages, the pages that lead to a list by iframe / meta refresh / script, the
 * central column's index, a plain 下一页 list, free-form 2018 reports and the
 * unrelated pages around them. Column lists and report pages themselves come
 * from the realistic profile's renderers (../pages.ts). Pure.
 */
import type { ListItem } from '../pages.js';
import type { Rng } from '../../synth/random.js';
import type { BodyModel, PortalModel } from './portal-model.js';
import { HOME_NAV, HUB_SIBLINGS, type Named } from './vocabulary.js';

export interface Link { readonly text: string; readonly href: string; readonly as?: 'text' | 'img' | 'title' }

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

function anchor(l: Link): string {
  if (l.as === 'img') return `<a href="${esc(l.href)}"><img src="/images/nav_${l.href.length % 9}.png" alt="${esc(l.text)}"></a>`;
  if (l.as === 'title') return `<a href="${esc(l.href)}" title="${esc(l.text)}"><i class="icon-gk"></i></a>`;
  return `<a href="${esc(l.href)}" target="_blank">${esc(l.text)}</a>`;
}

const ul = (cls: string, links: readonly Link[]) => `<ul class="${cls}">\n${links.map((l) => `<li>${anchor(l)}</li>`).join('\n')}\n</ul>`;

export interface Shell { readonly site: string; readonly charset: 'utf-8' | 'gbk' }

export function shell(s: Shell, title: string, body: string, crumb: readonly string[] = [], head = ''): string {
  const charset = s.charset === 'gbk' ? '<meta http-equiv="Content-Type" content="text/html; charset=gbk">' : '<meta charset="utf-8">';
  const crumbs = crumb.length ? `<div class="position">当前位置：${crumb.map(esc).join(' &gt; ')}</div>\n` : '';
  return `<!DOCTYPE html>\n<html>\n<head>\n${charset}\n<title>${esc(title)}</title>\n${head}</head>\n<body>\n`
    + `<div class="header"><h2 class="site-name">${esc(s.site)}</h2></div>\n${crumbs}${body}\n`
    + `<div class="footer">主办：${esc(s.site.replace(/门户网站$/, ''))}办公室 &nbsp; 网站标识码：${s.site.length}${title.length}0000</div>\n</body>\n</html>\n`;
}

/** The home page: site navigation (the hub link among others), news, and links to neighbouring governments. */
export function homePage(p: PortalModel, s: Shell, hub: Link, news: readonly Link[], neighbours: readonly Link[]): string {
  const nav = HOME_NAV.map((n): Link => ({ text: n.text === '走进' ? `走进${p.county.name}` : n.text, href: n.slug ? `/${n.slug}/index.html` : '/' }));
  nav.splice(3, 0, hub);
  return shell(s, `${p.govName}门户网站`, `<div class="nav">${ul('nav', nav)}</div>\n`
    + `<div class="tzgg"><h3>通知公告</h3>${ul('news', news)}</div>\n`
    + `<div class="links"><h3>政府网站</h3>${ul('friends', neighbours)}</div>`);
}

/** A hub or a body's 信息公开 page: its sections (the 年报 column among them) and a few recent items. */
export function sectionPage(s: Shell, title: string, crumb: readonly string[], sections: readonly Link[], recent: readonly Link[]): string {
  return shell(s, title, `<div class="left-nav"><h3>${esc(title)}</h3>${ul('sections', sections)}</div>\n`
    + `<div class="right"><h3>最新信息</h3>${ul('recent', recent)}</div>`, crumb);
}

/** One page of a directory of bodies, with a 首页/上一页/下一页/尾页 pager. */
export function directoryPage(s: Shell, title: string, crumb: readonly string[], bodies: readonly Link[], page: number, pages: number, pageHref: (n: number) => string): string {
  const pager: Link[] = [];
  if (pages > 1) {
    pager.push({ text: '首页', href: pageHref(0) });
    if (page > 0) pager.push({ text: '上一页', href: pageHref(page - 1) });
    if (page < pages - 1) pager.push({ text: '下一页', href: pageHref(page + 1) });
    pager.push({ text: '尾页', href: pageHref(pages - 1) });
  }
  return shell(s, title, `<div class="dept-list"><h3>${esc(title)}</h3>${ul('units', bodies)}</div>\n`
    + `<div class="pager">${pager.map(anchor).join(' ')} 共${pages}页</div>`, crumb);
}

/** The page a column link leads to when the list itself is elsewhere. */
export function framePage(s: Shell, title: string, crumb: readonly string[], src: string): string {
  return shell(s, title, `<div class="main"><iframe src="${esc(src)}" width="100%" height="900" frameborder="0" scrolling="no"></iframe></div>`, crumb);
}

export function refreshPage(s: Shell, title: string, to: string): string {
  return shell(s, title, '<p>页面跳转中……</p>', [], `<meta http-equiv="refresh" content="0; url=${esc(to)}">\n`);
}

export function scriptRedirectPage(s: Shell, title: string, to: string): string {
  return shell(s, title, `<script type="text/javascript">window.location.href = '${to.replace(/'/g, "\\'")}';</script>\n<noscript>请启用JavaScript</noscript>`);
}

/** The central 年报 column's own page: its sub-columns (by body kind or by year). */
export function centralPage(s: Shell, title: string, crumb: readonly string[], subs: readonly Link[]): string {
  return shell(s, title, `<div class="sub-columns"><h3>${esc(title)}</h3>${ul('columns', subs)}</div>`, crumb);
}

/** A list paged by plain links (集约化, Shandong, VSB): items, then 上一页/下一页 and numbered pages. */
export function pagerListPage(s: Shell, title: string, crumb: readonly string[], items: readonly ListItem[], page: number, pages: number, pageHref: (n: number) => string): string {
  const nums = Array.from({ length: pages }, (_v, i) => (i === page ? `<span class="current">${i + 1}</span>` : anchor({ text: String(i + 1), href: pageHref(i) })));
  const prev = page > 0 ? anchor({ text: '上一页', href: pageHref(page - 1) }) : '';
  const next = page < pages - 1 ? anchor({ text: '下一页', href: pageHref(page + 1) }) : '';
  const list = items.map((i) => `<li><a href="${esc(i.href)}" title="${esc(i.title)}">${esc(i.title)}</a><span class="date">${i.date}</span></li>`).join('\n');
  return shell(s, title, `<div class="list"><h3>${esc(title)}</h3><ul>\n${list}\n</ul></div>\n<div class="pages">${prev} ${nums.join(' ')} ${next}</div>`, crumb);
}

/** A 2018 report: prose only, in the free form used before the national template. */
export function freeFormReportPage(s: Shell, title: string, body: string, published: string, r: Rng): string {
  const paras = [
    `根据《中华人民共和国政府信息公开条例》规定，现公布${body}2018年政府信息公开工作年度报告。`,
    `一、概述。2018年，${body}认真贯彻落实政府信息公开各项要求，全年主动公开政府信息${r.int(40, 900)}条。`,
    `二、主动公开政府信息情况。通过门户网站发布信息${r.int(30, 600)}条，政务微博、微信发布${r.int(10, 300)}条。`,
    `三、依申请公开政府信息情况。全年共收到政府信息公开申请${r.int(0, 30)}件，均已按期答复。`,
    `四、因政府信息公开申请行政复议、提起行政诉讼的情况。全年未发生因政府信息公开引起的行政复议和行政诉讼。`,
    '五、存在的主要问题及改进情况。信息公开的及时性有待提高，下一步将加强培训。',
  ];
  return shell(s, title, `<h1 class="title">${esc(title)}</h1>\n<div class="info">发布机构：${esc(body)} 发布日期：${published}</div>\n`
    + `<div id="zoom">${paras.map((x) => `<p>${esc(x)}</p>`).join('\n')}</div>`);
}

/** A page beside the way (news, 公开指南, 机构信息 …): a few items, nothing to find. */
export function otherPage(s: Shell, title: string, crumb: readonly string[], items: readonly Link[]): string {
  return shell(s, title, `<div class="list"><h3>${esc(title)}</h3>${ul('items', items)}</div>`, crumb);
}

/** Sections a hub or body page shows beside its 年报 column. */
export function siblings(r: Rng, n: number): Named[] {
  const xs = [...HUB_SIBLINGS];
  for (let i = xs.length - 1; i > 0; i--) { const j = r.int(0, i); [xs[i], xs[j]] = [xs[j]!, xs[i]!]; }
  return xs.slice(0, n);
}

export const bodyShell = (p: PortalModel, b: BodyModel | null): Shell => ({ site: b && b.host > p.hubHost ? b.name : `${p.govName}门户网站`, charset: p.charset });
