/**
 * Report pages as county portals serve them, for the extraction benchmark: the
 * farm's report page (real or flattened tables, narrative, metadata) inside a
 * portal's chrome — header navigation, a side menu, breadcrumbs, inline scripts
 * and styles, a link-heavy footer — in the two layouts portals use (div-based,
 * and old table-based layout around the article). Sizes run from about 20 to 80 KB.
 */
import { buildWorld, cellsOn } from '../src/farm/world.js';
import { reportPage } from '../src/farm/pages.js';
import { rng } from '../src/synth/random.js';

const COLUMNS = ['首页', '政务公开', '政策文件', '政策解读', '政务服务', '互动交流', '走进县情', '专题专栏', '机构职能', '人事信息',
  '财政资金', '规划计划', '重大项目', '公共资源', '应急管理', '环境保护', '教育信息', '卫生健康', '社会保障', '统计信息'];

function nav(r: ReturnType<typeof rng>, links: number): string {
  const items = Array.from({ length: links }, (_, i) => {
    const name = `${COLUMNS[i % COLUMNS.length]}${i >= COLUMNS.length ? Math.floor(i / COLUMNS.length) : ''}`;
    return `<li class="nav-item${i % 7 === 0 ? ' active' : ''}"><a href="/col/col${1000 + i}/index.html" target="_blank" title="${name}" onclick="return trackClick(${i});">${name}</a></li>`;
  });
  return `<ul class="nav nav-${r.int(1, 4)}">\n${items.join('\n')}\n</ul>`;
}

const SCRIPT = `<script type="text/javascript">
var _hmt = _hmt || [];
(function () { var hm = document.createElement("script"); hm.src = "/js/stat.js?v=20231201"; var s = document.getElementsByTagName("script")[0]; s.parentNode.insertBefore(hm, s); })();
function trackClick(i) { if (window.console && i < 0) { console.log("<td>" + i + "</td>"); } return true; }
function createPageHTML(total, cur, name, ext) { var html = ""; for (var i = 0; i < total; i++) { html += i == cur ? "<span>" + (i + 1) + "</span>" : "<a href='" + name + (i ? "_" + i : "") + "." + ext + "'>" + (i + 1) + "</a>"; } document.write(html); }
</script>`;

const STYLE = `<style type="text/css">
body { margin: 0; font: 14px/1.8 "Microsoft YaHei", SimSun, sans-serif; color: #333; }
.header { background: #b31b1b; height: 120px; } .nav li { float: left; padding: 0 12px; } .nav a { color: #fff; }
.TRS_Editor table { border-collapse: collapse; margin: 0 auto; } .TRS_Editor td { border: 1px solid #000; padding: 2px 4px; }
.footer { background: #f2f2f2; text-align: center; padding: 20px 0; } .share a { display: inline-block; width: 24px; }
</style>`;

function footer(r: ReturnType<typeof rng>): string {
  const links = Array.from({ length: r.int(20, 60) }, (_, i) => `<a href="http://www.gov${i}.test/" target="_blank">友情链接${i}</a>`).join(' | ');
  return `<div class="footer"><div class="links">${links}</div><p>主办单位：县人民政府办公室 承办单位：县大数据中心</p>`
    + `<p>网站标识码：${r.int(1000000000, 9999999999)} 备案号：ICP备${r.int(10000000, 99999999)}号 公安机关备案号：${r.int(100000000, 999999999)}</p>`
    + `<p><a href="/sitemap.html">网站地图</a> <a href="/about.html">关于我们</a> <a href="/contact.html">联系我们</a></p></div>`;
}

/** `count` portal report pages from the farm's world, deterministic for a seed. */
export function portalPages(count: number, seed = 14): string[] {
  const out: string[] = [];
  const world = buildWorld(seed, Math.max(4, Math.ceil(count / 6)), 'clean');
  for (const site of world) {
    for (const rep of site.reports) {
      const on = cellsOn(rep, 0);
      if (!on) continue;
      const page = reportPage(site, rep, on.cells);
      const r = rng(seed, rep.id, 'portal');
      const head = /<head>([\s\S]*?)<\/head>/.exec(page)![1]!;
      const body = /<body>([\s\S]*?)<\/body>/.exec(page)![1]!;
      const links = r.int(40, 380);
      const chrome = `<div class="header"><div class="logo"><img src="/images/logo.png" alt="${site.bodyName}"></div>${nav(r, links)}</div>`
        + `<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/ndbg/">政府信息公开年报</a></div>`;
      const side = `<div class="side"><h3>政府信息公开</h3>${nav(r, r.int(10, 60))}</div>`;
      const share = `<div class="share">分享到：<a href="#" class="wx"></a><a href="#" class="wb"></a><a href="javascript:window.print()">打印</a><a href="javascript:window.close()">关闭</a></div>`;
      const main = r.int(0, 1) === 0
        ? `${chrome}<div class="main">${side}<div class="article">${body}${share}</div></div>`
        // Old portals lay the page out in tables; the report's tables sit inside a layout cell.
        : `<table width="1000" border="0" cellspacing="0" cellpadding="0" align="center"><tr><td colspan="2">${chrome}</td></tr>`
          + `<tr><td width="220" valign="top">${side}</td><td valign="top">${body}${share}</td></tr></table>`;
      out.push(`<!DOCTYPE html>\n<html>\n<head>${head}${STYLE}${SCRIPT}</head>\n<body>\n${main}\n${footer(r)}\n${SCRIPT}\n</body>\n</html>\n`);
      if (out.length >= count) return out;
    }
  }
  return out;
}
