/** The flags page: the newest reports' flags, filtered by rule, region, year and severity. */
import { html } from 'hono/html';
import { KEY_INFO } from '../../template/index.js';
import type { FlagFilter, FlagListRow } from '../queries.js';
import { cellAnchor, page, reportHref, severityBadge, type Html } from '../layout.js';

export interface FlagsView {
  readonly filter: FlagFilter & { readonly region?: string | undefined };
  readonly rules: readonly { rule: string; n: number }[];
  readonly years: readonly number[];
  readonly flags: readonly FlagListRow[];
  readonly error?: string | undefined;
}

/** Where a flag leads: the report at its first template cell, else at the flag itself. */
export function flagTarget(f: Pick<FlagListRow, 'id' | 'report_id' | 'cells'>): string {
  const key = Object.keys(f.cells ?? {}).find((k) => KEY_INFO.has(k));
  return reportHref(f.report_id, key ? `#${cellAnchor(key)}` : `#flag-${f.id}`);
}

export function flagsPage(v: FlagsView): Html {
  const f = v.filter;
  const sel = (a: string | number | undefined, b: string | number) => (String(a ?? '') === String(b) ? html` selected` : '');
  return page('标记 Flags', html`
<form method="get" action="/flags" class="filters">
  <label>规则 <select name="rule"><option value="">any</option>
    ${v.rules.map((r) => html`<option value="${r.rule}"${sel(f.rule, r.rule)}>${r.rule} (${r.n})</option>`)}</select></label>
  <label>地区代码 <input name="region" value="${f.region ?? ''}" size="8"></label>
  <label>年度 <select name="year"><option value="">any</option>${v.years.map((y) => html`<option${sel(f.year, y)}>${y}</option>`)}</select></label>
  <label>级别 <select name="severity"><option value="">any</option>
    ${['error', 'warning', 'info'].map((s) => html`<option${sel(f.severity, s)}>${s}</option>`)}</select></label>
  <button type="submit">Filter</button>
</form>
${v.error ? html`<p class="error">${v.error}</p>` : ''}
<p id="flag-count">${v.flags.length} flag${v.flags.length === 1 ? '' : 's'}.</p>
<table class="list" id="flag-list"><tr><th></th><th>规则</th><th>机关</th><th>地区</th><th>年度</th><th>说明</th></tr>
${v.flags.map((x) => html`<tr data-flag="${x.id}"><td>${severityBadge(x.severity)}</td><td><code>${x.rule}</code></td>
  <td>${x.body ?? ''}</td><td>${x.region_code ?? ''}</td><td>${x.year}</td>
  <td><a class="follow" href="${flagTarget(x)}">${x.message}</a></td></tr>`)}
</table>`);
}
