/**
 * The review routes: the queue, a flag's history, and the POSTs that decide
 * on flags and correct cells. Every POST needs a signed-in account, the
 * session's CSRF token, a request from this site, and a role and region that
 * allow the action on that report — checked here, whatever the page showed.
 */
import fs from 'node:fs';
import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { CheckAll } from '../../pipeline/check-stage.js';
import { ActionError, HTTP_STATUS } from '../../model/action-error.js';
import { describeScope, mayReadAudit, reviewRefusal, type Actor } from '../../auth/roles.js';
import { auditEntries } from '../../store/audit.js';
import { actOnFlag, confirmCorrection, correctCell, withdrawCorrection, type ReviewContext } from '../../review/actions.js';
import { reviewQueue } from '../../review/queue.js';
import { flagDetail } from '../../review/detail.js';
import { describeChanges, isDismissReason, type FlagChanges } from '../../review/flag-lifecycle.js';
import { resolveRegion } from '../../research/region.js';
import { clientAddress } from '../auth/client-address.js';
import { CSRF_FIELD, fromThisSite, tokensMatch } from '../auth/csrf.js';
import { safeNext } from '../auth/session-middleware.js';
import { currentViewer } from '../auth/viewer.js';
import { fmtDate, page, reportHref, severityBadge } from '../layout.js';
import { reviewQueuePage } from '../pages/review-queue-page.js';
import { readOnly } from '../read-only.js';

/** The paths that accept POST; every other path of the view is read-only (405). */
export const WRITE_PATHS = /^\/(login|logout|flag\/\d+\/(confirm|dismiss|reopen)|correction\/\d+\/(confirm|dismiss)|report\/\d+\/cell\/[a-z_.]+\/correct)$/;

export interface ReviewRouteOptions {
  readonly trustProxy: boolean;
  /** The checks a correction re-runs. */
  readonly check: CheckAll;
}

const refused = (c: Context, status: 400 | 403 | 404 | 409, message: string) =>
  c.html(page('Not done', html`<p class="error" id="refusal">${message}</p><p><a href="/review">Review queue</a></p>`), status);

const text = (v: unknown, max = 2000): string => (typeof v === 'string' ? v.slice(0, max) : '');
const id = (c: Context) => { const n = Number(c.req.param('id')); return Number.isSafeInteger(n) && n > 0 ? n : null; };

type Form = Record<string, unknown>;

/** Runs a write for a signed-in account with a valid form token; refusals become 403/404/400/409 pages. */
async function write(c: Context, db: Kysely<Database>, opts: ReviewRouteOptions, fallback: string,
  fn: (ctx: ReviewContext, form: Form) => Promise<unknown>): Promise<Response> {
  const v = currentViewer();
  if (!v.actor) return refused(c, 403, 'Sign in to review: reading may be open, writing never is.');
  const form = await c.req.parseBody() as Form;
  if (!fromThisSite(c) || !tokensMatch(v.csrf, form[CSRF_FIELD])) return refused(c, 403, 'Missing or wrong form token: reload the page and try again.');
  try {
    await fn({ db, actor: v.actor, origin: clientAddress(c, opts.trustProxy), check: opts.check }, form);
  } catch (err) {
    if (err instanceof ActionError) return refused(c, HTTP_STATUS[err.kind], err.message);
    throw err;
  }
  return c.redirect(safeNext(form.next, fallback), 303);
}

export function installReview(app: Hono, db: Kysely<Database>, opts: ReviewRouteOptions): void {
  const keysJs = new URL('../static/review-keys.js', import.meta.url);
  app.get('/review/keys.js', (c) => c.body(fs.readFileSync(keysJs), 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache' }));

  app.get('/review', async (c) => {
    const actor: Actor | null = currentViewer().actor;
    const input = c.req.query('region') || undefined;
    const region = input ? resolveRegion(input) : undefined;
    const items = await readOnly(db, (tx) => reviewQueue(tx, {
      scope: actor?.regions ?? null, region: region?.ok ? region.prefix : undefined, limit: 500,
    }));
    const at = Math.max(0, Number(c.req.query('at')) || 0);
    return c.html(reviewQueuePage({
      items, at, region: input, scope: describeScope(actor?.regions ?? null),
      mayAct: (item) => actor !== null && reviewRefusal(actor, item.regionCode) === null,
    }));
  });

  app.get('/flag/:id', async (c) => {
    const flagId = id(c);
    const d = flagId === null ? null : await readOnly(db, (tx) => flagDetail(tx, flagId)).catch((e) => (e instanceof ActionError ? null : Promise.reject(e)));
    if (!d) return refused(c, 404, 'No such flag.');
    const s = d.state;
    return c.html(page(`F${s.id} ${s.rule}`, html`
<p>${severityBadge(s.severity)} <code>${s.rule}</code> ${s.message}</p>
<p>State <strong data-state="${s.state}">${s.state}</strong>${s.reason ? ` (${s.reason})` : ''} · <a href="${reportHref(d.report.report_id, `#F${s.id}`)}">${d.report.body ?? 'report'} ${d.report.year ?? ''}</a>, document version ${d.report.document_version}</p>
<table class="list" id="flag-history"><tr><th>时间</th><th>谁</th><th>从</th><th>到</th><th>理由</th><th>说明</th><th>变化</th></tr>
${d.events.map((e) => html`<tr><td>${fmtDate(e.at)}</td><td>${e.actor ?? '(run)'}</td><td>${e.from_state ?? ''}</td><td>${e.to_state}</td>
  <td>${e.reason ?? ''}</td><td>${e.note ?? ''}</td><td>${describeChanges(e.changes as FlagChanges | null)}</td></tr>`)}
</table>`));
  });

  app.get('/audit', async (c) => {
    const actor = currentViewer().actor;
    if (!actor || !mayReadAudit(actor)) return refused(c, 403, 'The audit log is for admins.');
    const entries = await readOnly(db, (tx) => auditEntries(tx, { limit: 500 }));
    return c.html(page('审计 Audit log', html`<p>The latest ${entries.length} writes and sign-ins, newest first.</p>
<table class="list" id="audit"><tr><th>时间</th><th>谁</th><th>操作</th><th>对象</th><th>来自</th><th>详情</th></tr>
${entries.map((e) => html`<tr><td>${fmtDate(e.at)}</td><td>${e.actor ?? ''}</td><td><code>${e.action}</code></td><td>${e.target ?? ''}</td>
  <td>${e.origin ?? ''}</td><td><code>${JSON.stringify(e.detail)}</code></td></tr>`)}</table>`));
  });

  app.post('/flag/:id/:action{confirm|dismiss|reopen}', (c) => write(c, db, opts, '/review', async (ctx, form) => {
    const flagId = id(c);
    if (flagId === null) throw new ActionError('not_found', 'no such flag');
    const note = text(form.note) || null;
    const action = c.req.param('action');
    if (action === 'dismiss') {
      const reason = text(form.reason, 64);
      if (!isDismissReason(reason)) throw new ActionError('invalid', 'choose a reason for dismissing');
      await actOnFlag(ctx, flagId, { kind: 'dismiss', reason, note });
    } else {
      await actOnFlag(ctx, flagId, { kind: action === 'confirm' ? 'confirm' : 'reopen', note });
    }
  }));

  app.post('/correction/:id/:action{confirm|dismiss}', (c) => write(c, db, opts, '/review', async (ctx, form) => {
    const correctionId = id(c);
    if (correctionId === null) throw new ActionError('not_found', 'no such correction');
    const note = text(form.note) || null;
    if (c.req.param('action') === 'confirm') await confirmCorrection(ctx, correctionId, note);
    else await withdrawCorrection(ctx, correctionId, note);
  }));

  app.post('/report/:id/cell/:key/correct', (c) => {
    const reportId = id(c);
    const key = c.req.param('key');
    return write(c, db, opts, reportHref(reportId ?? 0), async (ctx, form) => {
      if (reportId === null) throw new ActionError('not_found', 'no such report');
      await correctCell(ctx, { reportId, key, value: text(form.value, 40), reason: text(form.reason), source: text(form.source, 500) });
    });
  });
}
