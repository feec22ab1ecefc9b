/** The flags page: the newest reports' flags, filtered, with facets (as Datasette shows them), paging and downloads. */
import { html } from 'hono/html';
import { KEY_INFO } from '../../template/index.js';
import { BODY_KINDS } from '../../model/body-kind.js';
import { LEVELS } from '../../model/division.js';
import { SEVERITIES } from '../../model/flag.js';
import type { FlagRow } from '../../research/flag-query.js';
import { cellAnchor, page, qs, reportHref, severityBadge, type Html } from '../layout.js';

export const PAGE_SIZE = 100;

type Input = Record<'rule' | 'region' | 'year' | 'severity' | 'level' | 'kind' | 'body', string | undefined>;
interface FacetValue { value: string | null; n: number; label?: string }

export interface FlagsView {
  readonly input: Input;
  readonly rules: readonly { rule: string; n: number }[];
  readonly years: readonly number[];
  readonly rows: readonly FlagRow[];
  readonly total: number;
  readonly page: number;
  readonly facets: Record<'province' | 'level' | 'kind' | 'year', readonly FacetValue[]> | null;
  readonly links: { csv: string; json: string };
  readonly error?: string | undefined;
}

/** Where a flag leads: the report at its first template cell, else at the flag itself. */
export function flagTarget(f: Pick<FlagRow, 'id' | 'report_id' | 'cells'>): string {
  const key = Object.keys(f.cells ?? {}).find((k) => KEY_INFO.has(k));
  return reportHref(f.report_id, key ? `#${cellAnchor(key)}` : `#flag-${f.id}`);
}

const FACET_PARAM = { province: 'region', level: 'level', kind: 'kind', year: 'year' } as const;

function facetList(v: FlagsView, name: keyof typeof FACET_PARAM, title: string): Html {
  const values = v.facets?.[name] ?? [];
  const param = FACET_PARAM[name];
  return html`<div class="facet" data-facet="${name}"><h3>${title}</h3><ul>${values.map((f) => {
    const selected = (v.input[param] ?? '') === (f.value ?? '');
    const href = `/flags${qs({ ...v.input, [param]: selected ? undefined : f.value ?? undefined })}`;
    return html`<li${selected ? html` class="selected"` : ''}><a href="${href}">${f.label ?? f.value ?? '(none)'}</a> <span class="n">${f.n}</span></li>`;
  })}</ul></div>`;
}

export function flagsPage(v: FlagsView): Html {
  const f = v.input;
  const sel = (a: string | number | undefined, b: string | number) => (String(a ?? '') === String(b) ? html` selected` : '');
  const from = v.total === 0 ? 0 : (v.page - 1) * PAGE_SIZE + 1, to = (v.page - 1) * PAGE_SIZE + v.rows.length;
  const pages = Math.max(1, Math.ceil(v.total / PAGE_SIZE));
  const pageLink = (n: number) => `/flags${qs({ ...f, page: n === 1 ? undefined : n })}`;
  return page('标记 Flags', html`
<form method="get" action="/flags" class="filters">
  <label>规则 <select name="rule"><option value="">any</option>
    ${v.rules.map((r) => html`<option value="${r.rule}"${sel(f.rule, r.rule)}>${r.rule} (${r.n})</option>`)}</select></label>
  <label>地区 <input name="region" value="${f.region ?? ''}" size="8" placeholder="330000 / 浙江"></label>
  <label>年度 <select name="year"><option value="">any</option>${v.years.map((y) => html`<option${sel(f.year, y)}>${y}</option>`)}</select></label>
  <label>级别 <select name="level"><option value="">any</option>${LEVELS.map((l) => html`<option${sel(f.level, l)}>${l}</option>`)}</select></label>
  <label>类别 <select name="kind"><option value="">any</option>${BODY_KINDS.map((k) => html`<option${sel(f.kind, k)}>${k}</option>`)}</select></label>
  <label>严重性 <select name="severity"><option value="">any</option>
    ${SEVERITIES.map((s) => html`<option${sel(f.severity, s)}>${s}</option>`)}</select></label>
  <button type="submit">Filter</button>
</form>
${v.error ? html`<p class="error">${v.error}</p>` : ''}
${v.facets ? html`<div class="facets">${facetList(v, 'province', '省份')}${facetList(v, 'level', '级别')}${facetList(v, 'kind', '类别')}${facetList(v, 'year', '年度')}</div>` : ''}
<p><span id="flag-count">${v.total > PAGE_SIZE ? `${from}–${to} of ${v.total}` : v.total} flag${v.total === 1 ? '' : 's'}${v.total === 0 && !v.error ? ' match these filters' : ''}.</span>
  Download: <a href="${v.links.csv}" id="download-csv">CSV</a> · <a href="${v.links.json}" id="download-json">JSON</a></p>
<table class="list" id="flag-list"><tr><th></th><th>规则</th><th>机关</th><th>地区</th><th>级别</th><th>年度</th><th>说明</th></tr>
${v.rows.map((x) => html`<tr data-flag="${x.id}"><td>${severityBadge(x.severity)}</td><td><code>${x.rule}</code></td>
  <td>${x.body ?? ''}</td><td>${x.region_code ?? ''}</td><td>${x.level ?? ''}</td><td>${x.year}</td>
  <td><a class="follow" href="${flagTarget(x)}">${x.message}</a></td></tr>`)}
</table>
${pages > 1 ? html`<p class="paging">${v.page > 1 ? html`<a href="${pageLink(v.page - 1)}" rel="prev">← previous</a>` : ''} page ${v.page} of ${pages}
  ${v.page < pages ? html`<a href="${pageLink(v.page + 1)}" rel="next">next →</a>` : ''}</p>` : ''}`);
}
