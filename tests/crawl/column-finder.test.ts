/**
 * The column finder's pure parts: link scoring over the words and slugs real
 * portals use (generated combinations, not a list of pages), reading a
 * navigation page, and deciding what a page is and where to go next.
 */
import { describe, expect, it } from 'vitest';
import { FOLLOW_THRESHOLD, scoreLink, looksLikeBody, type LinkScore } from '../../src/crawl/columns/link-score.js';
import { readNavPage } from '../../src/crawl/columns/nav-page.js';
import { decide, namesColumn, rootStep, type NavStep } from '../../src/crawl/columns/column-finder.js';
import { columnBody, fullName } from '../../src/crawl/columns/column-body.js';
import { COLUMN, DEPARTMENTS, DEPT_DIR, GK_HUB, HUB_SIBLINGS, TOWN_DIR, TOWN_STEMS } from '../../src/farm/portals/vocabulary.js';

const html = (body: string, head = '') => `<!DOCTYPE html><html><head><meta charset="utf-8">${head}</head><body>${body}</body></html>`;
const BASE = 'http://127.0.0.1:8080';
const followed = (s: LinkScore | null) => s !== null && s.score >= FOLLOW_THRESHOLD;

describe('scoreLink', () => {
  it('takes every 年报 column name for a column, from any page, with or without a matching slug', () => {
    for (const c of COLUMN) for (const on of ['root', 'hub', 'body', 'directory'] as const) {
      expect(scoreLink(c.text, `${BASE}/xxgk/${c.slug}/index.html`, on), `${c.text} on ${on}`).toMatchObject({ role: 'column' });
      expect(scoreLink(c.text, `${BASE}/col/col1234/index.html`, on)?.role).toBe('column');
    }
  });

  it('knows hubs and directories by their words, and bodies only where bodies are listed', () => {
    for (const h of GK_HUB) expect(scoreLink(h.text, `${BASE}/${h.slug}/`, 'root')?.role, h.text).toBe('hub');
    for (const d of [...DEPT_DIR, ...TOWN_DIR]) expect(scoreLink(d.text, `${BASE}/x/${d.slug}/`, 'hub')?.role, d.text).toBe('directory');
    for (const d of DEPARTMENTS.slice(0, 12)) {
      expect(scoreLink(d.text, `${BASE}/x/bm/${d.slug}/`, 'directory')?.role, d.text).toBe('body');
      // The same words in a home page's footer are another government's site, not a way in.
      expect(scoreLink(`某某市${d.text}`, 'http://127.0.9.9/', 'root')).toBeNull();
    }
    for (const t of TOWN_STEMS.slice(0, 10)) for (const suffix of ['镇', '乡', '街道', '镇人民政府', '街道办事处']) {
      expect(scoreLink(`${t}${suffix}`, `${BASE}/`, 'directory')?.role, `${t}${suffix}`).toBe('body');
    }
  });

  it('follows no section beside the way, however 信息公开-like its words', () => {
    for (const s of HUB_SIBLINGS.filter((x) => !/目录$/.test(x.text))) expect(followed(scoreLink(s.text, `${BASE}/zfxxgk/${s.slug}/`, 'hub')), s.text).toBe(false);
    for (const t of ['政府工作报告', '政府信息公开指南', '依申请公开', '年度报告解读', '2023年度法治政府建设情况报告', '关于做好2023年度政府信息公开工作年度报告编制发布工作的通知']) {
      expect(followed(scoreLink(t, `${BASE}/zfxxgk/a/`, 'hub')), t).toBe(false);
    }
  });

  it('does not take a report item for a column', () => {
    for (const year of [2019, 2023]) for (const c of COLUMN) {
      expect(followed(scoreLink(`某县教育局${year}年${c.text}`, `${BASE}/x/t${year}0130_1.html`, 'hub')), c.text).toBe(false);
    }
  });

  it('reads a link without words by its path, less surely than words', () => {
    const img = scoreLink('', `${BASE}/zfxxgk/zfxxgknb/`, 'hub');
    expect(img?.role).toBe('column');
    expect(img!.score).toBeLessThan(scoreLink('政府信息公开年报', `${BASE}/zfxxgk/zfxxgknb/`, 'hub')!.score);
    expect(scoreLink('', `${BASE}/zfxxgk/`, 'root')?.role).toBe('hub');
    expect(scoreLink('', `${BASE}/xwzx/`, 'root')).toBeNull();
  });

  it('offers sub-columns and pagers only where they belong', () => {
    expect(scoreLink('2023年度', `${BASE}/nb/2023/`, 'column')?.role).toBe('sub-column');
    expect(scoreLink('乡镇街道', `${BASE}/nb/xzjd/`, 'column')?.role).toBe('sub-column');
    expect(scoreLink('2023年度', `${BASE}/x/2023/`, 'hub')).toBeNull();
    expect(scoreLink('下一页', `${BASE}/bm/index_1.html`, 'directory')?.role).toBe('pager');
    expect(scoreLink('下一页', `${BASE}/news/index_1.html`, 'root')).toBeNull();
  });

  it('tells a body name from a directory word', () => {
    for (const yes of ['教育局', '红星街道', '城关镇', '人民政府办公室', '档案馆', '退役军人事务局', '行政审批服务局']) expect(looksLikeBody(yes), yes).toBe(true);
    for (const no of ['乡镇街道', '部门', '乡镇政府', '镇街', '政府信息公开', '走进某县']) expect(looksLikeBody(no), no).toBe(false);
  });
});

describe('readNavPage', () => {
  it('finds meta refreshes, script redirects and frames, resolved against the page', () => {
    const a = readNavPage(`${BASE}/a/index.html`, html('<p>跳转中</p>', '<meta http-equiv="Refresh" content="0; URL=list/index.html">'));
    expect(a.redirect).toEqual({ url: `${BASE}/a/list/index.html`, via: 'refresh' });
    const b = readNavPage(`${BASE}/a/`, html(`<script>window.location.href = '/b/nb.html';</script>`));
    expect(b.redirect).toEqual({ url: `${BASE}/b/nb.html`, via: 'script' });
    const c = readNavPage(`${BASE}/a/`, html('<iframe src="list.html" width="100%"></iframe><iframe src="about:blank"></iframe>'));
    expect(c.frames).toEqual([`${BASE}/a/list.html`]);
  });

  it('reads link words from text, title or image alt, and the breadcrumb', () => {
    const p = readNavPage(`${BASE}/`, html(`<div class="position">当前位置：首页 &gt; 信息公开 &gt; 某县教育局 &gt; 年度报告</div>
      <a href="/x/" title="政府信息公开"><i></i></a><a href="/y/"><img alt="政务公开"></a><a href="/z/">新闻</a><a href="javascript:void(0)">无</a>`));
    expect(p.links.map((l) => l.text)).toEqual(['政府信息公开', '政务公开', '新闻']);
    expect(p.crumb).toEqual(['首页', '信息公开', '某县教育局', '年度报告']);
  });

  it('sees list signals and report items', () => {
    const trs = readNavPage(`${BASE}/nb/`, html('<ul><li><a href="./202401/t20240120_1.html">某县2023年政府信息公开工作年度报告</a></li></ul><script>createPageHTML(3, 0, "index", "html");</script>'));
    expect(trs.reportItems).toBe(1);
    expect(trs.listSignals).toContain('trs-pager');
    const hanweb = readNavPage(`${BASE}/col/col1/index.html`, html('<script type="text/xml"><datastore><recordset><record><![CDATA[<li><a href="/art/2024/1/2/art_1_2.html">某局2023年度政府信息公开工作报告</a></li>]]></record></recordset></datastore></script>'));
    expect(hanweb.reportItems).toBe(1);
    expect(hanweb.listSignals).toContain('hanweb');
  });
});

describe('decide', () => {
  const ctx = { siteBody: '某县人民政府', rootUrl: `${BASE}/` };
  const trail = (...steps: Partial<NavStep>[]): NavStep[] => [rootStep(`${BASE}/`), ...steps.map((s, i) => ({ url: `${BASE}/s${i}/`, text: '', role: 'hub' as const, score: 60, rule: 't', via: 'link' as const, ...s }))];

  it('takes a list reached by a column link for a column, and goes no further from it', () => {
    const page = readNavPage(`${BASE}/bm/jyj/nb/`, html(`<a href="/">首页</a><a href="/zfxxgk/">政府信息公开</a>
      <ul><li><a href="t1.html">某县教育局2023年政府信息公开工作年度报告</a></li><li><a href="t2.html">关于印发2024年政务公开工作要点的通知</a></li></ul>`));
    const steps = trail({ role: 'directory', text: '部门' }, { role: 'body', text: '教育局' }, { role: 'column', text: '年度报告', score: 100, url: `${BASE}/bm/jyj/nb/` });
    const d = decide(`${BASE}/bm/jyj/nb/`, page, steps, ctx);
    expect(d.column).toMatchObject({ url: `${BASE}/bm/jyj/nb/`, body: { name: '某县教育局', source: 'link' }, central: false, reportItems: 1 });
    expect(d.next).toEqual([]);
    // A dead column redirected elsewhere (a hub that shows the newest report) is no column, and the finder goes on from there.
    const hub = readNavPage(`${BASE}/zfxxgk/`, html(`<a href="nb2/">政府信息公开年报</a><h3>最新信息</h3><a href="nb2/t1.html">某县人民政府2023年政府信息公开工作年度报告</a>`));
    const moved = decide(`${BASE}/zfxxgk/`, hub, steps, ctx);
    expect(moved.column).toBeNull();
    expect(moved.next.map((n) => [n.step.role, n.url])).toEqual([['column', `${BASE}/zfxxgk/nb2/`]]);
  });

  it('does not take a hub that shows the newest report for a column', () => {
    const page = readNavPage(`${BASE}/zfxxgk/`, html(`<a href="nb/">政府信息公开年报</a><a href="bm/">部门信息公开</a>
      <h3>最新信息</h3><a href="nb/t1.html">某县人民政府2023年政府信息公开工作年度报告</a>`, '<title>政府信息公开</title>'));
    const d = decide(`${BASE}/zfxxgk/`, page, trail({ role: 'hub', text: '政府信息公开' }), ctx);
    expect(d.column).toBeNull();
    expect(d.next.map((n) => [n.step.role, n.url])).toEqual([['column', `${BASE}/zfxxgk/nb/`], ['directory', `${BASE}/zfxxgk/bm/`]]);
  });

  it('passes through frames and redirects with the role that led there', () => {
    const frame = readNavPage(`${BASE}/nb/`, html('<iframe src="list/index.html"></iframe>'));
    const d = decide(`${BASE}/nb/`, frame, trail({ role: 'column', text: '年报', score: 100, url: `${BASE}/nb/` }), ctx);
    expect(d.column).toBeNull();
    expect(d.next).toMatchObject([{ url: `${BASE}/nb/list/index.html`, step: { role: 'column', via: 'frame', text: '年报' } }]);
  });

  it('takes a column of sub-columns for a central column and follows its sub-columns', () => {
    const page = readNavPage(`${BASE}/col/col9/index.html`, html('<a href="/col/col10/index.html">2024年度</a><a href="/col/col11/index.html">2023年度</a>', '<title>政府信息公开年报</title>'));
    const d = decide(`${BASE}/col/col9/index.html`, page, trail({ role: 'column', text: '政府信息公开年报', score: 100, url: `${BASE}/col/col9/index.html` }), ctx);
    expect(d.column).toMatchObject({ central: true, body: { name: '某县人民政府', source: 'portal' } });
    expect(d.next.map((n) => n.step.role)).toEqual(['sub-column', 'sub-column']);
    const sub = decide(`${BASE}/col/col10/index.html`, readNavPage(`${BASE}/col/col10/index.html`, html('<a href="/art/1.html">某县财政局2024年度政府信息公开工作年度报告</a>')),
      [...trail({ role: 'column', url: `${BASE}/col/col9/index.html` }), { ...d.next[0]!.step }], ctx);
    expect(sub.column).toMatchObject({ parentUrl: `${BASE}/col/col9/index.html` });
  });

  it('knows a column by its own name when the link did not say', () => {
    const page = readNavPage(`${BASE}/x/`, html('<ul><li><a href="a.html">2023年某镇政府信息公开工作年度报告</a></li></ul>', '<title>年度报告_某镇人民政府</title>'));
    expect(namesColumn(page)).toBe('年度报告');
    expect(decide(`${BASE}/x/`, page, trail({ role: 'body', text: '某镇' }), ctx).column?.body.name).toBe('某镇人民政府');
  });
});

describe('column body', () => {
  it('completes short names the way the bodies are called', () => {
    expect(fullName('教育局', '临洮县人民政府')).toBe('临洮县教育局');
    expect(fullName('县教育局', '临洮县人民政府')).toBe('临洮县教育局');
    expect(fullName('市场监督管理局', '临洮县人民政府')).toBe('临洮县市场监督管理局');
    expect(fullName('城市管理局', '龙泉市人民政府')).toBe('龙泉市城市管理局');
    expect(fullName('兰州市教育局', '临洮县人民政府')).toBe('兰州市教育局');
    expect(fullName('城关镇', '临洮县人民政府')).toBe('城关镇人民政府');
    expect(fullName('东城街道', '临洮县人民政府')).toBe('东城街道办事处');
  });

  it('prefers the breadcrumb, then the link, then a sub-site\'s own name', () => {
    const ctx = { siteBody: '某县人民政府', rootUrl: 'http://127.0.0.1:8080/' };
    const steps: NavStep[] = [rootStep(ctx.rootUrl), { url: 'http://127.0.0.2:8080/', text: '城关镇', role: 'body', score: 55, rule: 'body-name', via: 'link' }];
    const crumbed = readNavPage('http://127.0.0.2:8080/nb/', html('<div class="crumb">首页 > 城关镇人民政府 > 年报</div>'));
    expect(columnBody('http://127.0.0.2:8080/nb/', crumbed, steps, ctx)).toEqual({ name: '城关镇人民政府', source: 'crumb' });
    expect(columnBody('http://127.0.0.2:8080/nb/', readNavPage('http://127.0.0.2:8080/nb/', html('')), steps, ctx)).toEqual({ name: '城关镇人民政府', source: 'link' });
    const site = readNavPage('http://127.0.0.2:8080/nb/', html('<div class="header"><h2 class="site-name">新华乡人民政府</h2></div>'));
    expect(columnBody('http://127.0.0.2:8080/nb/', site, [rootStep(ctx.rootUrl)], ctx)).toEqual({ name: '新华乡人民政府', source: 'site' });
    expect(columnBody('http://127.0.0.1:8080/nb/', site, [rootStep(ctx.rootUrl)], ctx)).toEqual({ name: '某县人民政府', source: 'portal' });
  });
});
