/** HTML (and JSON) of every page a farm site serves, from the world model. Pure. */
import type { Cells } from '../synth/cells.js';
import { overview, closing } from '../synth/narrative.js';
import { rng } from '../synth/random.js';
import { renderTables } from '../synth/tables.js';
import { hanwebColumn, type NoticeModel, type ReportModel, type SiteModel } from './world.js';

export interface ListItem { title: string; href: string; date: string }

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

function shell(site: SiteModel, title: string, body: string, meta = ''): string {
  // GBK sites declare the charset only in <meta>, as old portals do.
  const charset = site.charset === 'gbk'
    ? '<meta http-equiv="Content-Type" content="text/html; charset=gbk">'
    : '<meta charset="utf-8">';
  return `<!DOCTYPE html>\n<html>\n<head>\n${charset}\n<title>${esc(title)}</title>\n${meta}</head>\n<body>\n`
    + `<div class="header">${esc(site.bodyName)}门户网站</div>\n${body}\n<div class="footer">主办：${esc(site.bodyName)}办公室</div>\n</body>\n</html>\n`;
}

const paragraphs = (lines: readonly string[]) => lines.map((l) => `<p>${l}</p>`).join('\n');

/** 一、总体情况: restates the table's figures (or contradicts them when flawed). */
export function narrative(site: SiteModel, rep: ReportModel, cells: Cells): string {
  const we = rep.flaws.includes('wrong-level') ? '我县' : site.county.level === '市' ? '我市' : '我县';
  // A department speaks as 本机关 — unless the flaw plants a county's 我县 in a 市 report.
  const speaker = rep.body === site.bodyName || rep.flaws.includes('wrong-level') ? we : '本机关';
  return paragraphs(overview(rng(rep.id, rep.year, 'narrative'), {
    year: rep.year, template: rep.layout.template, cells, speaker, place: `${site.county.cityName}${site.county.name}`,
    receivedOffset: rep.flaws.includes('narrative-figure') ? 3 + (rep.id % 5) : 0,
  }));
}

/** 五 and 六, worded per report. */
export const closingParts = (rep: ReportModel): string => paragraphs(closing(rng(rep.id, 'closing')));

/** Prose HTML as plain lines (one per paragraph). */
export const plain = (html: string): string => html.replace(/<\/p>\s*/g, '\n').replace(/<[^>]+>/g, '').trim();

/** The report's prose (一、总体情况, 五, 六) as plain lines: what an extractor's `text` should hold. */
export const reportText = (site: SiteModel, rep: ReportModel, cells: Cells): string =>
  `${plain(narrative(site, rep, cells))}\n${plain(closingParts(rep))}`;

export function reportPage(site: SiteModel, rep: ReportModel, cells: Cells): string {
  const t = renderTables(rep.layout, cells, rep.flattened);
  const code = `${site.county.code}000-${rep.year + 1}-${String(rep.id).padStart(6, '0')}`;
  const meta = `<meta name="ArticleTitle" content="${esc(rep.title)}">\n<meta name="PubDate" content="${rep.published} 09:00">\n`
    + `<meta name="ContentSource" content="${esc(rep.body)}">\n<meta name="ColumnName" content="政府信息公开年报">\n`;
  const body = `<div class="xxgk-meta"><table><tr><td>索引号：</td><td>${code}</td><td>分类：</td><td>政府信息公开年报</td></tr>`
    + `<tr><td>发布机构：</td><td>${esc(rep.body)}</td><td>发文日期：</td><td>${rep.published}</td></tr></table></div>\n`
    + `<h1 class="title">${esc(rep.title)}</h1>\n<div class="TRS_Editor" id="zoom">\n`
    + `<p>本报告依据《中华人民共和国政府信息公开条例》要求编制。</p>\n${narrative(site, rep, cells)}\n`
    + `<p>二、主动公开政府信息情况</p>\n${t.a}\n<p>三、收到和处理政府信息公开申请情况</p>\n${t.b}\n`
    + `<p>四、政府信息公开行政复议、行政诉讼情况</p>\n${t.c}\n`
    + `${closingParts(rep)}\n</div>`;
  return shell(site, rep.title, body, meta);
}

export function noticePage(site: SiteModel, n: NoticeModel): string {
  if (n.soft404) return shell(site, '页面不存在', '<div class="error"><h2>页面不存在</h2><p>您访问的页面不存在或已被删除。</p></div>');
  return shell(site, n.title, `<h1 class="title">${esc(n.title)}</h1>\n<div id="zoom"><p>各乡镇人民政府、各部门：现将有关事项通知如下。</p></div>`);
}

export const notFoundPage = '<!DOCTYPE html><html><head><meta charset="utf-8"><title>404 Not Found</title></head><body><h1>404 Not Found</h1></body></html>';

const itemsHtml = (items: readonly ListItem[]) =>
  `<ul class="list">\n${items.map((i) => `<li><a href="${esc(i.href)}" target="_blank" title="${esc(i.title)}">${esc(i.title)}</a><span>${i.date}</span></li>`).join('\n')}\n</ul>`;

/** TRS static page `index[_n].html` whose pager is written by createPageHTML. */
export function trsListPage(site: SiteModel, items: readonly ListItem[], pages: number, index: number): string {
  return shell(site, '政府信息公开年报', `<div class="crumb">首页 &gt; 政务公开 &gt; 政府信息公开 &gt; 政府信息公开年报</div>\n${itemsHtml(items)}\n`
    + `<div class="page"><script>createPageHTML(${pages}, ${index}, "index", "html");</script></div>`);
}

/** A list page that loads its items from a JSON API named in `data-api`. */
export function jsonListPage(site: SiteModel, api: string): string {
  return shell(site, '政府信息公开年报', `<div id="list" data-api="${api}"></div>\n<script>
fetch(document.getElementById('list').dataset.api).then(function(r){return r.json();}).then(function(d){
  document.getElementById('list').innerHTML = '<ul>' + d.data.list.map(function(x){return '<li><a href="'+x.url+'">'+x.title+'</a><span>'+x.date+'</span></li>';}).join('') + '</ul>';
});
</script>`);
}

/** A list only a browser can read: the data URL is assembled in script and the keys are terse. */
export function browserListPage(site: SiteModel): string {
  return shell(site, '政府信息公开年报', `<ul id="list"></ul>\n<script>
var parts = ['', 'info', 'data', 'nb'];
var x = new XMLHttpRequest();
x.open('GET', parts.join('/') + '.do?p=' + (1 + 0));
x.onload = function(){ var d = JSON.parse(x.responseText);
  document.getElementById('list').innerHTML = d.rows.map(function(r){return '<li><a href="'+r.u+'">'+r.t+'</a><span>'+r.d+'</span></li>';}).join(''); };
x.send();
</script>`);
}

export const homePage = (site: SiteModel): string =>
  shell(site, site.bodyName, `<ul class="nav"><li><a href="/zwgk/">政务公开</a></li><li><a href="${site.listPath}">政府信息公开年报</a></li></ul>`);

/** A report published only as a file: the page names it and links the download, as many CMS pages do. */
export function attachmentPage(site: SiteModel, rep: ReportModel): string {
  const file = rep.attachment!;
  const href = `./${file.path.slice(file.path.lastIndexOf('/') + 1)}`;
  const meta = `<meta name="ArticleTitle" content="${esc(rep.title)}">\n<meta name="PubDate" content="${rep.published} 09:00">\n`;
  return shell(site, rep.title, `<h1 class="title">${esc(rep.title)}</h1>\n<div class="info">发布机构：${esc(rep.body)} 发布日期：${rep.published}</div>\n`
    + `<div id="zoom"><p>现将${esc(rep.title)}予以公布，详见附件。</p>\n`
    + `<p>附件：<a href="${href}" target="_blank">${esc(rep.title)}.${file.format}</a></p></div>`, meta);
}

const hanwebRecord = (i: ListItem) =>
  `<record><![CDATA[<li><a href="${esc(i.href)}" title="${esc(i.title)}" target="_blank">${esc(i.title)}</a><span>${i.date}</span></li>]]></record>`;

/** A Hanweb (大汉) column: the first group of records inline as CDATA, jpage fetching the rest from dataproxy.jsp. */
export function hanwebColumnPage(site: SiteModel, first: readonly ListItem[], total: number, perPage: number, groupSize: number): string {
  const col = hanwebColumn(site.index);
  const unit = 4000 + site.index;
  return shell(site, '政府信息公开年报', `<div class="crumb">首页 &gt; 信息公开 &gt; 政府信息公开年报</div>\n<div id="${unit}"><script type="text/xml"><datastore>\n`
    + `<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=${site.index + 1}&path=/&columnid=${col}&unitid=${unit}&webname=${esc(site.county.name)}&permissiontype=0"></a>]]></nextgroup>\n`
    + `<recordset>\n${first.map(hanwebRecord).join('\n')}\n</recordset></datastore></script>\n`
    + `<script>$(function(){ $('#${unit}').jpage({ dataStore: dataStore, openCookies: false, webid: '${site.index + 1}', path: '/', columnid: ${col}, unitid: '${unit}', `
    + `webname: '${esc(site.county.name)}', permissiontype: 0, totalRecord: ${total}, perPage: ${perPage}, groupSize: ${groupSize}, proxyUrl: '/module/web/jpage/dataproxy.jsp' }); });</script></div>`);
}

/** dataproxy.jsp's answer: a group of records as XML. */
export const hanwebRecordsXml = (items: readonly ListItem[], total: number): string =>
  `<?xml version="1.0" encoding="UTF-8"?><datastore><totalrecord>${total}</totalrecord><recordset>${items.map(hanwebRecord).join('')}</recordset></datastore>`;
