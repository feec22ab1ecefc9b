/**
 * The review queue: open flags and corrections waiting on a new document
 * version, by severity, region and age; keyboard-driven (static/review-keys.js):
 * j/k move, c confirms, d dismisses (pick a reason, Enter), e corrects the
 * cell, o opens the report. Forms show only where the viewer may act.
 */
import { html } from 'hono/html';
import type { QueueItem } from '../../review/queue.js';
import { itemLabel } from '../../review/detail.js';
import { cellHref, fmtDate, page, qs, reportHref, severityBadge, type Html } from '../layout.js';
import { confirmForm, dismissForm } from '../review/report-review.js';

export interface QueueView {
  readonly items: readonly QueueItem[];
  /** The row selected on arrival (after an action, the slot the next item moved into). */
  readonly at: number;
  readonly mayAct: (item: QueueItem) => boolean;
  readonly region?: string | undefined;
  readonly scope: string;
}

export const KEYS = [['j / k', 'next / previous'], ['c', 'confirm'], ['d', 'dismiss (choose a reason, Enter)'],
  ['e', 'correct the cell'], ['o', 'open the report'], ['Esc', 'leave a form']] as const;

function row(item: QueueItem, i: number, may: boolean): Html {
  const next = `/review${qs({ at: i })}`;
  const open = item.kind === 'flag' ? reportHref(item.reportId, `#F${item.id}`) : reportHref(item.reportId, `#correction-${item.id}`);
  const correct = item.key ? `${cellHref(item.reportId, item.key)}${qs({ next })}` : '';
  const base = item.kind === 'flag' ? `/flag/${item.id}` : `/correction/${item.id}`;
  return html`<tr class="item" data-item="${itemLabel(item)}" data-rule="${item.rule ?? 'correction'}" data-open="${open}" data-correct="${correct}">
  <td>${severityBadge(item.severity)}</td><td><span class="state state-${item.state}">${item.state}</span></td>
  <td>${item.regionCode ?? ''}</td><td>${item.body ?? ''} ${item.year ?? ''}</td>
  <td><a href="${open}" class="open">${itemLabel(item)}</a> <code>${item.rule ?? 'correction'}</code> ${item.message}
    ${item.changes ? html`<div class="changes">changed: ${item.changes}</div>` : ''}</td>
  <td>${fmtDate(item.since)}</td>
  <td class="actions">${may ? html`${confirmForm(`${base}/confirm`, next, item.kind === 'flag' ? '确认 Confirm' : '沿用 Carry over')}
    ${dismissForm(`${base}/dismiss`, next, { reasons: item.kind === 'flag', label: item.kind === 'flag' ? '驳回 Dismiss' : '撤回 Withdraw' })}
    ${correct ? html`<a href="${correct}" class="correct">更正 Correct</a>` : ''}` : ''}</td></tr>`;
}

export function reviewQueuePage(v: QueueView): Html {
  return page('审核 Review queue', html`
<p id="queue-count">${v.items.length} item${v.items.length === 1 ? '' : 's'} to review in ${v.scope}, by severity, region and age.</p>
<p class="keys" id="keys">${KEYS.map(([k, what], i) => html`${i ? ' · ' : ''}<kbd>${k}</kbd> ${what}`)}</p>
<form method="get" action="/review" class="filters"><label>地区代码 <input name="region" value="${v.region ?? ''}" size="8"></label><button type="submit">Filter</button></form>
<table class="list queue" id="queue" data-at="${v.at}">
<tr><th></th><th>状态</th><th>地区</th><th>报告</th><th>说明</th><th>自</th><th></th></tr>
${v.items.map((item, i) => row(item, i, v.mayAct(item)))}
</table>`, { scripts: ['/review/keys.js'] });
}
