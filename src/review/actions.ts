/**
 * What a reviewer does, for the CLI and the web alike: decide on a flag,
 * correct a cell, carry a correction over to a new document version or
 * withdraw it. Each action checks the actor's role and region, writes in one
 * transaction with its audit entry, and — for corrections — re-checks the
 * report at once so a correction that resolves a flag closes it.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { CheckAll } from '../pipeline/check-stage.js';
import { reviewRefusal, type Actor } from '../auth/roles.js';
import { ActionError } from '../model/action-error.js';
import { audit } from '../store/audit.js';
import { flagStateById, recordDecision, type FlagStateRow, type SyncCounts } from '../store/flag-states.js';
import { closeCorrection, correctionById, documentIsLive, insertCorrection, liveSuccessor, type CorrectionRow } from '../store/corrections.js';
import { decide, type ReviewerAction } from './flag-lifecycle.js';
import { checkJustification, parseCellValue } from './corrections.js';
import { recheckReport } from './recheck.js';
import { templateKeys } from '../template/index.js';

export interface ReviewContext {
  readonly db: Kysely<Database>;
  readonly actor: Actor;
  /** "cli", or the client address of a web request (for the audit log). */
  readonly origin: string;
  /** The checks a correction re-runs (production: checkReports). */
  readonly check: CheckAll;
}

async function reportRegion(db: Kysely<Database>, reportId: number) {
  return db.selectFrom('reports as r').leftJoin('bodies as b', 'b.id', 'r.body_id')
    .select(['r.id', 'r.superseded_by', 'r.template', 'r.other_as_one_row', 'b.region_code']).where('r.id', '=', reportId).executeTakeFirst();
}

/** Why this value cannot correct this cell of this report, or null. */
async function correctionProblem(db: Kysely<Database>, report: { id: number; template: string | null; other_as_one_row: boolean },
  key: string, value: number | null): Promise<string | null> {
  if (report.template === '2019' || report.template === '2021') {
    if (!templateKeys(report.template, { otherAsOneRow: report.other_as_one_row }).includes(key)) {
      return `${key} is not a cell of this report's layout (template ${report.template}${report.other_as_one_row ? ', （六） as one row' : ''})`;
    }
  }
  const cell = await db.selectFrom('report_cells').select('value').where('report_id', '=', report.id).where('key', '=', key).executeTakeFirst();
  const active = await db.selectFrom('cell_corrections as k').innerJoin('reports as r', 'r.document_id', 'k.document_id')
    .select('k.id').where('r.id', '=', report.id).where('k.key', '=', key).where('k.state', '=', 'active').executeTakeFirst();
  if (cell && cell.value === value && !active) return `${key} was extracted as ${value ?? 'blank'} already: nothing to correct`;
  return null;
}

/** Refuses unless the actor may review the report (role and region). */
async function mayActOn(ctx: ReviewContext, reportId: number) {
  const report = await reportRegion(ctx.db, reportId);
  if (!report) throw new ActionError('not_found', `no report ${reportId}`);
  const refusal = reviewRefusal(ctx.actor, report.region_code);
  if (refusal) throw new ActionError('forbidden', refusal);
  return report;
}

export interface FlagActionResult { readonly flag: FlagStateRow; readonly unchanged: boolean }

/** Confirms, dismisses or reopens flag `flagId` (a flag_states id). */
export async function actOnFlag(ctx: ReviewContext, flagId: number, action: ReviewerAction): Promise<FlagActionResult> {
  const s = await flagStateById(ctx.db, flagId);
  if (!s) throw new ActionError('not_found', `no flag ${flagId}`);
  await mayActOn(ctx, s.report_id);
  const d = decide(s, action);
  if (!d.ok) throw new ActionError('conflict', `flag ${flagId}: ${d.error}`);
  if (!d.unchanged) {
    await ctx.db.transaction().execute(async (tx) => {
      const current = await tx.selectFrom('flag_states').select('state').where('id', '=', flagId).forUpdate().executeTakeFirstOrThrow();
      // Someone (or a run) changed it since we read it: decide again on what is there now.
      if (current.state !== s.state) throw new ActionError('conflict', `flag ${flagId} changed to ${current.state} meanwhile; look again`);
      await recordDecision(tx, s, d, ctx.actor.name);
      await audit(tx, { actor: ctx.actor.name, action: `flag.${action.kind}`, target: `flag ${flagId}`, origin: ctx.origin,
        detail: { rule: s.rule, report: s.report_id, from: s.state, to: d.to, reason: d.reason, note: d.note } });
    });
  }
  return { flag: (await flagStateById(ctx.db, flagId))!, unchanged: d.unchanged };
}

export interface CorrectionInput {
  readonly reportId: number;
  readonly key: string;
  /** As typed: a number, or "blank". */
  readonly value: string;
  readonly reason: string;
  /** Where on the page the value is printed (page, table, row). */
  readonly source: string;
}

export interface CorrectionResult { readonly correction: CorrectionRow; readonly recheck: SyncCounts }

/** Corrects one cell of a live report; the extracted value stays beside it. */
export async function correctCell(ctx: ReviewContext, input: CorrectionInput): Promise<CorrectionResult> {
  const report = await mayActOn(ctx, input.reportId);
  if (report.superseded_by === report.id) {
    throw new ActionError('conflict', `report ${input.reportId} was retired: its document yields no report now`);
  }
  if (report.superseded_by !== null) {
    throw new ActionError('conflict', `report ${input.reportId} is superseded by report ${report.superseded_by}: correct the live report`);
  }
  const parsed = parseCellValue(input.key, input.value);
  if (!parsed.ok) throw new ActionError('invalid', parsed.error);
  const why = checkJustification(input.reason, input.source) ?? await correctionProblem(ctx.db, report, input.key, parsed.value);
  if (why) throw new ActionError('invalid', why);
  const correction = await ctx.db.transaction().execute(async (tx) => {
    const c = await insertCorrection(tx, {
      reportId: input.reportId, key: input.key, value: parsed.value, reason: input.reason.trim(), source: input.source.trim(), actor: ctx.actor.name,
    });
    await audit(tx, { actor: ctx.actor.name, action: 'cell.correct', target: `correction ${c.id}`, origin: ctx.origin,
      detail: { report: input.reportId, key: input.key, value: c.value, extracted: c.extracted_value, replaces: c.previous_id } });
    return c;
  });
  const recheck = await recheckReport(ctx.db, input.reportId, ctx.check, { actor: ctx.actor.name, note: `after correction ${correction.id}` });
  return { correction, recheck };
}

async function activeCorrection(ctx: ReviewContext, id: number): Promise<CorrectionRow> {
  const c = await correctionById(ctx.db, id);
  if (!c) throw new ActionError('not_found', `no correction ${id}`);
  if (c.state !== 'active') throw new ActionError('conflict', `correction ${id} is ${c.state}, not active`);
  return c;
}

/**
 * Carries a correction made on an older document version over to the live
 * report that replaced it: the reviewer has checked the new version says the same.
 */
export async function confirmCorrection(ctx: ReviewContext, id: number, note: string | null): Promise<CorrectionResult> {
  const c = await activeCorrection(ctx, id);
  if (await documentIsLive(ctx.db, c.document_id)) throw new ActionError('conflict', `correction ${id} already applies to the live report`);
  const successor = await liveSuccessor(ctx.db, c.report_id);
  if (successor === null) throw new ActionError('not_found', `correction ${id}: no live report replaces report ${c.report_id}`);
  await mayActOn(ctx, successor);
  const carried = await ctx.db.transaction().execute(async (tx) => {
    const n = await insertCorrection(tx, {
      reportId: successor, key: c.key, value: c.value, reason: c.reason, source: c.source, actor: ctx.actor.name, carriedFrom: c.id,
    });
    await closeCorrection(tx, c.id, 'carried', ctx.actor.name, note?.trim() || `carried to correction ${n.id}`);
    await audit(tx, { actor: ctx.actor.name, action: 'correction.carry', target: `correction ${id}`, origin: ctx.origin,
      detail: { to: n.id, report: successor, key: c.key, value: c.value, note } });
    return n;
  });
  const recheck = await recheckReport(ctx.db, successor, ctx.check, { actor: ctx.actor.name, note: `after correction ${carried.id}` });
  return { correction: carried, recheck };
}

/** Withdraws a correction: the extracted value counts again (re-checked at once when it applied). */
export async function withdrawCorrection(ctx: ReviewContext, id: number, note: string | null): Promise<CorrectionResult> {
  const c = await activeCorrection(ctx, id);
  await mayActOn(ctx, c.report_id);
  const applied = await documentIsLive(ctx.db, c.document_id);
  await ctx.db.transaction().execute(async (tx) => {
    await closeCorrection(tx, c.id, 'withdrawn', ctx.actor.name, note?.trim() || null);
    await audit(tx, { actor: ctx.actor.name, action: 'correction.withdraw', target: `correction ${id}`, origin: ctx.origin,
      detail: { report: c.report_id, key: c.key, value: c.value, note } });
  });
  const live = applied ? await liveSuccessor(ctx.db, c.report_id) : null;
  const recheck = live === null ? { raised: 0, reopened: 0, resolved: 0 }
    : await recheckReport(ctx.db, live, ctx.check, { actor: ctx.actor.name, note: `after withdrawing correction ${id}` });
  return { correction: (await correctionById(ctx.db, id))!, recheck };
}
