/**
 * Flag states: one row per flag identity (src/review/flag-identity.ts), kept
 * across runs, and every change of state in `flag_events`. The checks rewrite a
 * report's flags whole; `syncRaised` then carries each identity's state over —
 * kept when the flag is raised again with the same numbers on the same
 * document version, reopened (with what changed) otherwise — and resolves the
 * lineage's states the checks no longer raise. `resolveVanished` does the same
 * for lineages whose live report has no flags left at all.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, FlagStatesTable } from './schema.js';
import type { Flag } from '../model/flag.js';
import type { FlagIdentity } from '../review/flag-identity.js';
import { afterRaised, flagChanges, type Decision, type FlagChanges, type FlagState } from '../review/flag-lifecycle.js';
import { jsonParam } from './json-param.js';

export type FlagStateRow = Selectable<FlagStatesTable>;

/** The live report a set of flags was raised on. */
export interface RaisedContext {
  readonly reportId: number;
  readonly documentId: number;
  readonly documentVersion: number;
  readonly lineage: string;
}

/** Who caused a pipeline-side change: null for a run, a reviewer when their correction triggered a re-check. */
export interface Cause { readonly actor: string | null; readonly note?: string | null }

export interface SyncCounts { raised: number; reopened: number; resolved: number }

const PIPELINE: Cause = { actor: null };

async function logEvent(db: Kysely<Database>, e: {
  key: string; actor: string | null; from: FlagState | null; to: FlagState; reason?: string | null; note?: string | null;
  changes?: FlagChanges | null; reportId: number | null;
}): Promise<void> {
  await db.insertInto('flag_events').values({
    flag_key: e.key, actor: e.actor, from_state: e.from, to_state: e.to, reason: e.reason ?? null, note: e.note ?? null,
    changes: e.changes ? jsonParam(e.changes) : null, report_id: e.reportId,
  }).execute();
}

/** Carries states over to a report's freshly written flags (call in the transaction that wrote them). */
export async function syncRaised(
  tx: Transaction<Database>, ctx: RaisedContext, flags: readonly Flag[], ids: readonly FlagIdentity[], cause: Cause = PIPELINE,
): Promise<SyncCounts> {
  const counts: SyncCounts = { raised: 0, reopened: 0, resolved: 0 };
  const keys = ids.map((i) => i.key);
  const existing = new Map((keys.length ? await tx.selectFrom('flag_states').selectAll().where('flag_key', 'in', keys).forUpdate().execute() : [])
    .map((s) => [s.flag_key, s]));
  const now = new Date();
  for (const [i, id] of ids.entries()) {
    const f = flags[i]!;
    const s = existing.get(id.key);
    const raisedOn = { cells: f.cells, documentId: ctx.documentId, documentVersion: ctx.documentVersion };
    if (!s) {
      await tx.insertInto('flag_states').values({
        flag_key: id.key, lineage: id.lineage, rule: id.rule, subject: id.subject, severity: f.severity, message: f.message,
        state: 'open', cells: jsonParam(f.cells), document_id: ctx.documentId, document_version: ctx.documentVersion,
        report_id: ctx.reportId, opened_at: now, updated_at: now,
      }).onConflict((oc) => oc.column('flag_key').doNothing()).execute();
      await logEvent(tx, { key: id.key, actor: cause.actor, from: null, to: 'open', note: 'raised', reportId: ctx.reportId });
      counts.raised++;
      continue;
    }
    const changes = flagChanges({ cells: s.cells, documentId: s.document_id, documentVersion: s.document_version }, raisedOn);
    const to = afterRaised(s.state, changes);
    const moved = to !== s.state;
    if (!moved && !changes && s.report_id === ctx.reportId && s.message === f.message && s.severity === f.severity) continue;
    await tx.updateTable('flag_states').set({
      cells: jsonParam(f.cells), document_id: ctx.documentId, document_version: ctx.documentVersion,
      report_id: ctx.reportId, message: f.message, severity: f.severity, updated_at: now,
      // A reopened flag starts a new decision; the old one stays in the history.
      ...(moved ? { state: to, opened_at: now, reason: null, note: null, decided_by: null, decided_at: null } : {}),
    }).where('flag_key', '=', id.key).execute();
    if (moved || changes) {
      await logEvent(tx, {
        key: id.key, actor: cause.actor, from: s.state, to, changes, reportId: ctx.reportId,
        note: s.state === 'resolved' ? 'raised again' : changes ? 'raised with other numbers or on a new document version' : null,
      });
      if (moved) counts.reopened++;
    }
  }
  const gone = await tx.selectFrom('flag_states').select(['flag_key', 'state'])
    .where('lineage', '=', ctx.lineage).where('state', '!=', 'resolved')
    .$if(keys.length > 0, (q) => q.where('flag_key', 'not in', keys)).forUpdate().execute();
  counts.resolved = await resolve(tx, gone, cause);
  return counts;
}

async function resolve(db: Kysely<Database>, rows: readonly { flag_key: string; state: FlagState }[], cause: Cause): Promise<number> {
  if (rows.length === 0) return 0;
  const now = new Date();
  for (let i = 0; i < rows.length; i += 1000) {
    const part = rows.slice(i, i + 1000);
    await db.updateTable('flag_states').set({ state: 'resolved', updated_at: now })
      .where('flag_key', 'in', part.map((r) => r.flag_key)).execute();
    await db.insertInto('flag_events').values(part.map((r) => ({
      flag_key: r.flag_key, actor: cause.actor, from_state: r.state, to_state: 'resolved',
      note: cause.note ?? 'no longer raised by the checks', reason: null, changes: null, report_id: null,
    }))).execute();
  }
  return rows.length;
}

/**
 * Resolves every state whose flag no live report raises any more (a new
 * version or a correction made the report consistent and left it without flags).
 */
export async function resolveVanished(db: Kysely<Database>, cause: Cause = PIPELINE): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const rows = await tx.selectFrom('flag_states as s').select(['s.flag_key', 's.state'])
      .where('s.state', '!=', 'resolved')
      .where((eb) => eb.not(eb.exists(eb.selectFrom('flags as f').innerJoin('reports as r', 'r.id', 'f.report_id')
        .select('f.id').whereRef('f.flag_key', '=', 's.flag_key').where('r.superseded_by', 'is', null))))
      .forUpdate().execute();
    return resolve(tx, rows, cause);
  });
}

export async function flagStateById(db: Kysely<Database>, id: number): Promise<FlagStateRow | undefined> {
  return db.selectFrom('flag_states').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Writes a reviewer's decision (already checked by `decide`) and its event. */
export async function recordDecision(
  tx: Transaction<Database>, s: FlagStateRow, d: Extract<Decision, { ok: true }>, actor: string,
): Promise<void> {
  const now = new Date();
  await tx.updateTable('flag_states').set({
    state: d.to, reason: d.reason, note: d.note ?? (d.to === s.state ? s.note : null),
    decided_by: d.to === 'open' ? null : actor, decided_at: d.to === 'open' ? null : now, updated_at: now,
    ...(d.to === 'open' ? { opened_at: now } : {}),
  }).where('flag_key', '=', s.flag_key).execute();
  await logEvent(tx, { key: s.flag_key, actor, from: s.state, to: d.to, reason: d.reason, note: d.note, reportId: s.report_id });
}

/** A flag's history, oldest first. */
export async function flagEvents(db: Kysely<Database>, flagKey: string) {
  return db.selectFrom('flag_events').selectAll().where('flag_key', '=', flagKey).orderBy('id').execute();
}
