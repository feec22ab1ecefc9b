/**
 * The cell page's review panel: the source lines around the value (marked)
 * beside the correction form, and the reviewed value with the extracted one
 * when a correction applies.
 */
import { html } from 'hono/html';
import { csrfField } from '../auth/csrf.js';
import { documentHref, fmtDate, fmtNumber, type Html } from '../layout.js';
import { dismissForm, mayReviewHere, type ReportReview } from './report-review.js';
import type { ExcerptLine } from './source-excerpt.js';

export interface CorrectionPanel {
  readonly reportId: number;
  readonly key: string;
  readonly documentId: number;
  /** The extracted cell, if the page states it. */
  readonly cell: { readonly value: number | null; readonly raw: string; readonly page: number | null; readonly line_index: number | null } | undefined;
  readonly excerpt: readonly ExcerptLine[] | null;
  readonly review: ReportReview;
  /** Where to go after submitting (the review queue, or this page). */
  readonly next: string;
}

const fmtValue = (v: number | null) => (v === null ? 'blank' : fmtNumber(v));

/** A first guess at the place to cite, which the reviewer edits: the page or line the value was read at. */
function placeOf(p: CorrectionPanel): string {
  if (p.cell?.page !== null && p.cell?.page !== undefined) return `page ${p.cell.page}`;
  if (p.cell?.line_index !== null && p.cell?.line_index !== undefined) return `line ${p.cell.line_index + 1}`;
  return '';
}

function sourceBlock(p: CorrectionPanel): Html {
  if (p.excerpt) {
    return html`<pre class="source excerpt" id="cell-excerpt">${p.excerpt.map((l) => html`<span class="line"><a class="ln" href="${documentHref(p.documentId)}#L${l.n}">${l.n}</a>${l.before}${l.mark ? html`<mark>${l.mark}</mark>` : ''}${l.after}\n</span>`)}</pre>`;
  }
  const page = p.cell?.page;
  return html`<p class="muted" id="cell-excerpt">No text excerpt for this document: <a href="${documentHref(p.documentId)}/raw${page ? `#page=${page}` : ''}" target="_blank" rel="noopener">open the stored document${page ? ` at page ${page}` : ''}</a>.</p>`;
}

export function correctionPanel(p: CorrectionPanel): Html {
  const applied = p.review.applied.get(p.key);
  const may = mayReviewHere(p.review);
  const reviewed = applied ? html`<p id="reviewed-value" class="reviewed">Reviewed value <strong>${fmtValue(applied.value)}</strong>
    (extracted ${applied.extracted_stated ? fmtValue(applied.extracted_value) : 'nothing'}) — ${applied.created_by}, ${fmtDate(applied.created_at)}: ${applied.reason} · <em>${applied.source}</em>
    ${may ? dismissForm(`/correction/${applied.id}/dismiss`, p.next, { reasons: false, label: '撤回 Withdraw' }) : ''}</p>` : '';
  return html`<section id="review-cell"><h2>审核 Review</h2>${reviewed}
<div class="side-by-side">
  <div class="source-side"><h3>原文 Source</h3>${sourceBlock(p)}</div>
  ${may ? html`<form method="post" action="/report/${p.reportId}/cell/${encodeURIComponent(p.key)}/correct" id="correct-form" class="review correct">
    ${csrfField()}<input type="hidden" name="next" value="${p.next}">
    <h3>更正 Correct this cell</h3>
    <label>Value (a number, or “blank”) <input name="value" required maxlength="40" autocomplete="off" value="${applied ? fmtValue(applied.value) : p.cell ? (p.cell.value === null ? 'blank' : fmtNumber(p.cell.value)) : ''}" autofocus></label>
    <label>Reason <input name="reason" required maxlength="2000" placeholder="what the extraction got wrong"></label>
    <label>Where the page prints it <input name="source" required maxlength="500" value="${placeOf(p)}" placeholder="page 3, table 三, row （一）予以公开"></label>
    <button type="submit">保存 Save correction</button>
  </form>` : ''}
</div></section>`;
}
