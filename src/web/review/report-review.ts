/**
 * The review side of a report page: each flag's state with the forms to
 * decide on it, the corrections that apply (with the extracted value beside
 * them) or wait for a reviewer, and whether the viewer may act here at all.
 * Forms appear only for a signed-in reviewer whose regions hold the report;
 * the server checks the same again on every POST.
 */
import { html } from 'hono/html';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { FlagStateRow } from '../../store/flag-states.js';
import { correctionsOfReport, type CorrectionRow } from '../../store/corrections.js';
import { reviewRefusal } from '../../auth/roles.js';
import { DISMISS_REASONS } from '../../review/flag-lifecycle.js';
import { csrfField } from '../auth/csrf.js';
import { currentViewer } from '../auth/viewer.js';
import { cellHref, fmtDate, fmtNumber, type Html } from '../layout.js';

export interface ReportReview {
  readonly reportId: number;
  readonly regionCode: string | null;
  /** flag_key → state. */
  readonly states: ReadonlyMap<string, FlagStateRow>;
  /** Corrections applying to this report's document version, by key. */
  readonly applied: ReadonlyMap<string, CorrectionRow>;
  /** Corrections of older versions waiting for a reviewer on this report. */
  readonly waiting: readonly CorrectionRow[];
  readonly live: boolean;
}

export async function reportReview(db: Kysely<Database>, reportId: number): Promise<ReportReview> {
  const report = await db.selectFrom('reports as r').leftJoin('bodies as b', 'b.id', 'r.body_id')
    .select(['r.document_id', 'r.superseded_by', 'b.region_code']).where('r.id', '=', reportId).executeTakeFirstOrThrow();
  const keys = (await db.selectFrom('flags').select('flag_key').where('report_id', '=', reportId).execute())
    .flatMap((f) => (f.flag_key ? [f.flag_key] : []));
  const states = keys.length ? await db.selectFrom('flag_states').selectAll().where('flag_key', 'in', keys).execute() : [];
  const corrections = await correctionsOfReport(db, reportId);
  return {
    reportId, regionCode: report.region_code, live: report.superseded_by === null,
    states: new Map(states.map((s) => [s.flag_key, s])),
    applied: new Map(corrections.filter((c) => c.document_id === report.document_id).map((c) => [c.key, c])),
    waiting: corrections.filter((c) => c.document_id !== report.document_id),
  };
}

/** Whether the current viewer may review this report (role and region); forms show only then. */
export function mayReviewHere(r: Pick<ReportReview, 'regionCode' | 'live'>): boolean {
  const a = currentViewer().actor;
  return a !== null && r.live && reviewRefusal(a, r.regionCode) === null;
}

const nextField = (next: string) => html`<input type="hidden" name="next" value="${next}">`;

/** The dismiss form: a reason (required), an optional note. */
export function dismissForm(action: string, next: string, opts: { reasons: boolean; label?: string }): Html {
  return html`<form method="post" action="${action}" class="review dismiss">${csrfField()}${nextField(next)}
  ${opts.reasons ? html`<select name="reason" required aria-label="reason">${DISMISS_REASONS.map((r) => html`<option value="${r.id}">${r.label}</option>`)}</select>` : ''}
  <input name="note" placeholder="note" maxlength="2000" aria-label="note"><button type="submit">${opts.label ?? '驳回 Dismiss'}</button></form>`;
}

export function confirmForm(action: string, next: string, label = '确认 Confirm'): Html {
  return html`<form method="post" action="${action}" class="review confirm">${csrfField()}${nextField(next)}<button type="submit">${label}</button></form>`;
}

/** A flag's state line, and its forms for a reviewer who may act. */
export function flagReview(flagKey: string | null, review: ReportReview | undefined, next: string): Html {
  const s = flagKey ? review?.states.get(flagKey) : undefined;
  if (!s || !review) return html``;
  const decided = s.decided_by ? html` by ${s.decided_by}, ${fmtDate(s.decided_at)}` : '';
  const state = html`<span class="state state-${s.state}" id="F${s.id}" data-state="${s.state}">${s.state}${s.reason ? html` (${s.reason})` : ''}${decided}</span>
    ${s.note ? html`<q class="note">${s.note}</q>` : ''} <a href="/flag/${s.id}" class="history">F${s.id} history</a>`;
  if (!mayReviewHere(review) || s.state === 'resolved') return state;
  const base = `/flag/${s.id}`;
  return html`${state}<span class="actions">
  ${s.state !== 'confirmed' ? confirmForm(`${base}/confirm`, next) : ''}
  ${dismissForm(`${base}/dismiss`, next, { reasons: true })}
  ${s.state !== 'open' ? confirmForm(`${base}/reopen`, next, '重开 Reopen') : ''}</span>`;
}

const fmtValue = (v: number | null) => (v === null ? 'blank' : fmtNumber(v));

/** Corrections on the report page: those applying, and those waiting on this new version. */
export function correctionsSection(review: ReportReview, next: string): Html {
  if (review.applied.size === 0 && review.waiting.length === 0) return html``;
  const may = mayReviewHere(review);
  const row = (c: CorrectionRow, waiting: boolean) => html`<li id="correction-${c.id}" class="correction${waiting ? ' waiting' : ''}">
  <a href="${cellHref(review.reportId, c.key)}"><code>${c.key}</code></a> = <strong>${fmtValue(c.value)}</strong>
  (extracted ${c.extracted_stated ? fmtValue(c.extracted_value) : 'nothing'}) by ${c.created_by}, ${fmtDate(c.created_at)}: ${c.reason} — <em>${c.source}</em>
  ${waiting ? html`<span class="state state-open">made on an older version: check it against this one</span>` : ''}
  ${may ? (waiting ? html`${confirmForm(`/correction/${c.id}/confirm`, next, '沿用 Carry over')}${dismissForm(`/correction/${c.id}/dismiss`, next, { reasons: false, label: '撤回 Withdraw' })}`
    : dismissForm(`/correction/${c.id}/dismiss`, next, { reasons: false, label: '撤回 Withdraw' })) : ''}</li>`;
  return html`<section id="corrections"><h2>更正 Corrections</h2><ul>
${review.waiting.map((c) => row(c, true))}${[...review.applied.values()].map((c) => row(c, false))}</ul></section>`;
}
