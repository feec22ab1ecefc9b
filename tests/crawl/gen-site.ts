/** Generated TRS-style county sites on node:http (many pages), for resume and multi-worker tests. */
import { startMiniSite, page, type MiniSite, type MiniReply } from './mini-site.js';

export interface GenSite { site: MiniSite; id: string; reports: string[]; yaml: string }

export async function startGenSites(n: number, pages: number, perPage: number, opts: { latencyMs?: number } = {}): Promise<GenSite[]> {
  const out: GenSite[] = [];
  for (let s = 0; s < n; s++) {
    const routes: Record<string, MiniReply | (() => MiniReply)> = { '/robots.txt': { headers: { 'content-type': 'text/plain' }, body: 'User-agent: *\nAllow: /\n' } };
    const reports: string[] = [];
    for (let p = 0; p < pages; p++) {
      const items: string[] = [];
      for (let r = 0; r < perPage; r++) {
        const id = p * perPage + r;
        const path = `/nb/2024${String(p).padStart(2, '0')}/t20240101_${id}.html`;
        const title = `第${s}县第${id}局${2019 + (id % 5)}年政府信息公开工作年度报告`;
        routes[path] = { body: page(title, `<p>${title} 正文</p>`) };
        reports.push(path);
        items.push(`<li><a href=".${path.slice(3)}">${title}</a></li>`);
      }
      const list = { body: page('年报', `<ul>${items.join('')}</ul><script>createPageHTML(${pages}, ${p}, "index", "html")</script>`) };
      if (p === 0) routes['/nb/'] = routes['/nb/index.html'] = list;
      else routes[`/nb/index_${p}.html`] = list;
    }
    const site = await startMiniSite(routes, opts);
    const id = `gen${s}`;
    out.push({
      site, id, reports: reports.map((r) => `${site.base}${r}`),
      yaml: `  - id: ${id}\n    base_url: ${site.base}/\n    body: 第${s}县人民政府\n    level: 县\n    lists: [${site.base}/nb/index.html]\n`,
    });
  }
  return out;
}

export const sitesYaml = (sites: readonly GenSite[]) => `sites:\n${sites.map((s) => s.yaml).join('')}`;
