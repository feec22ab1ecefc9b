/** HTML (and JSON) of every page a farm site serves, from the world model. Pure. */
import { tableBKey, tableCKey } from '../template/index.js';
import type { Cells } from './cells.js';
import { renderTables } from './render-tables.js';
import { rng } from './rng.js';
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

const sum = (cells: Cells, keys: string[]) => keys.reduce((s, k) => s + ((cells[k] as number | null) ?? 0), 0);

/** 一、总体情况: restates the table's figures (or contradicts them when flawed). */
export function narrative(site: SiteModel, rep: ReportModel, cells: Cells): string {
  const we = rep.flaws.includes('wrong-level') ? '我县' : site.county.level === '市' ? '我市' : '我县';
  let received = cells[tableBKey('new_received', 'total')] as number;
  if (rep.flaws.includes('narrative-figure')) received += 3 + (rep.id % 5);
  const granted = cells[tableBKey('granted', 'total')] as number;
  const reviews = cells[tableCKey('review', 'total')] as number;
  const suits = sum(cells, [tableCKey('litigation_direct', 'total'), tableCKey('litigation_after_review', 'total')]);
  const docs = rep.layout.template === '2021'
    ? `本年制发行政规范性文件${cells['active.normative_documents.issued']}件，废止${cells['active.normative_documents.repealed']}件。`
    : `本年新制作规范性文件${cells['active.normative_documents.new_made']}件，新公开${cells['active.normative_documents.new_published']}件。`;
  // A department speaks as 本机关 — unless the flaw plants a county's 我县 in a 市 report.
  const gov = rep.body === site.bodyName || rep.flaws.includes('wrong-level') ? we : '本机关';
  // Varied wording per report, so sound narratives are not near copies of each other.
  const r = rng(rep.id, rep.year, 'narrative');
  const pickN = (pool: readonly string[], n: number) => {
    const xs = [...pool];
    for (let i = xs.length - 1; i > 0; i--) { const j = r.int(0, i); [xs[i], xs[j]] = [xs[j]!, xs[i]!]; }
    return xs.slice(0, n).join('');
  };
  const place = `${site.county.cityName}${site.county.name}`;
  const output = `全年通过门户网站主动公开政府信息${r.int(120, 4000)}条，政务新媒体发布信息${r.int(50, 2000)}条，`
    + `${r.pick(['召开新闻发布会', '开展在线访谈'])}${r.int(2, 30)}场次，发布政策解读${r.int(5, 80)}篇。`;
  return `<p>一、总体情况</p>\n<p>${rep.year}年，${gov}${r.pick(OPENINGS)}${pickN(WORK, 4).replace(/PLACE/g, place)}${output}${docs}`
    + `${r.pick(['全年共', '本年度共', '全年'])}新收政府信息公开申请${received}件，其中予以公开${granted}件${r.pick(['，均在法定期限内答复。', '。', '，办理结果已按时送达申请人。'])}`
    + `全年发生政府信息公开行政复议${reviews}件，行政诉讼${suits}件。${pickN(CLOSINGS, 2)}</p>`;
}

const OPENINGS = [
  '坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》，',
  '在上级政务公开办的指导下，对照年度政务公开工作要点，',
  '围绕中心工作和群众关切，紧扣“公开为常态、不公开为例外”原则，',
  '按照政务公开标准化规范化建设要求，',
  '严格执行政府信息公开各项制度，',
];
const WORK = [
  '持续优化政府信息公开专栏，及时更新机构职能、规划计划、财政预决算等信息；',
  '加强政策解读，通过图文、视频、新闻发布会等形式解读重要政策PLACE群众关心的事项；',
  '规范依申请公开办理流程，实行登记、审核、答复全程留痕；',
  '深化重点领域信息公开，围绕乡村振兴、教育、医疗、就业等领域主动发布信息；',
  '严格落实信息发布保密审查，未发生泄密事件；',
  '推进政务新媒体规范管理，整合关停一批更新缓慢的账号；',
  '开展政府开放日活动，邀请群众代表走进机关、参与决策；',
  '完善政务公开工作机制，明确专人负责、分级审核；',
  '更新完善主动公开基本目录，做到应公开尽公开；',
  '做好建议提案办理结果公开，全文公开答复件；',
  '推动基层政务公开标准目录落地，覆盖所辖各乡镇；',
  '加强政府信息管理，开展规范性文件清理；',
  '强化政务服务事项公开，编制办事指南并在线公布；',
  '推进财政资金信息公开，细化到项目和经济分类；',
];
const CLOSINGS = [
  '政府网站全年平稳运行，无重大安全事故。',
  '组织政务公开业务培训，提升工作人员业务能力。',
  '认真办理网民留言，回复率保持较高水平。',
  '配合完成上级政务公开第三方评估工作。',
  '健全考核机制，将政务公开纳入年度绩效考核。',
];

const PROBLEMS = [
  '政策解读形式较为单一，图解、视频等解读比例不高。', '部分栏目更新不够及时，信息发布的时效性有待提高。',
  '依申请公开答复文书规范化程度仍需提升。', '基层政务公开标准目录的应用还不够深入。',
  '工作人员业务能力参差不齐，培训覆盖面不够。', '公众参与渠道利用率不高，互动回应质量有待加强。',
];
const FIXES = [
  '下一步将加强业务培训，提高信息公开质量。', '下一步将完善审核机制，确保信息准确及时发布。',
  '我们将拓展解读形式，增强政策解读的针对性。', '将健全考核评议制度，推动各项任务落实落地。',
];
const OTHER = ['本年度未收取信息处理费。', '本年度无其他需要报告的事项。', '本机关本年度未发出收费通知，未收取信息处理费。',
  '按照《政府信息公开信息处理费管理办法》，本年度未收取信息处理费。'];

/** 五 and 六, worded per report. */
export function closingParts(rep: ReportModel): string {
  const r = rng(rep.id, 'closing');
  return `<p>五、存在的主要问题及改进情况</p>\n<p>${r.pick(PROBLEMS)}${r.pick(PROBLEMS.slice(2))}${r.pick(FIXES)}</p>\n`
    + `<p>六、其他需要报告的事项</p>\n<p>${r.pick(OTHER)}</p>`;
}

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
