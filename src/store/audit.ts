/** The audit log: every write a person makes (reviews, corrections, accounts, sign-ins), who, when and from where. */
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import { jsonParam } from './json-param.js';

export interface AuditEntry {
  /** The account name; null when nobody is signed in (a refused login). */
  readonly actor: string | null;
  /** Dotted, family first: flag.confirm, cell.correct, user.add, login.ok, login.refused … */
  readonly action: string;
  /** What was acted on: `flag 12`, `correction 7`, `user ann`. */
  readonly target?: string | null;
  readonly detail?: Readonly<Record<string, unknown>>;
  /** "cli", or the client address of a web request. */
  readonly origin: string;
}

export async function audit(db: Kysely<Database>, e: AuditEntry): Promise<void> {
  await db.insertInto('audit_log').values({
    actor: e.actor, action: e.action, target: e.target ?? null, detail: jsonParam(e.detail ?? {}), origin: e.origin,
  }).execute();
}

export async function auditEntries(db: Kysely<Database>, opts: { limit?: number; actor?: string; action?: string } = {}) {
  let q = db.selectFrom('audit_log').selectAll();
  if (opts.actor) q = q.where('actor', '=', opts.actor);
  if (opts.action) q = q.where((eb) => eb.or([eb('action', '=', opts.action!), eb('action', 'like', `${opts.action}.%`)]));
  return q.orderBy('id', 'desc').limit(opts.limit ?? 100).execute();
}
