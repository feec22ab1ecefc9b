/**
 * Web sessions. The cookie holds a random 256-bit token; the table holds only
 * its sha256, so reading the table does not hand out sessions. Each session
 * has its own CSRF token, which every form posts back.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { UserRow } from './users.js';

/** Sessions end this long after sign-in, whatever happens in between. */
export const SESSION_TTL_MS = 12 * 3600_000;

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');
export const randomToken = (): string => randomBytes(32).toString('base64url');

export async function createSession(db: Kysely<Database>, userId: number, now = new Date()): Promise<{ token: string; csrf: string }> {
  const token = randomToken();
  const csrf = randomToken();
  await db.insertInto('sessions').values({
    token_hash: tokenHash(token), user_id: userId, csrf_token: csrf,
    expires_at: new Date(now.getTime() + SESSION_TTL_MS), last_seen_at: now,
  }).execute();
  // Expired sessions of anyone are swept at sign-in: the table stays the size of the active ones.
  await db.deleteFrom('sessions').where('expires_at', '<', now).execute();
  return { token, csrf };
}

export interface SessionUser { readonly user: UserRow; readonly csrf: string }

/** The active user of a session token, or null (unknown, expired, or the account disabled). */
export async function sessionUser(db: Kysely<Database>, token: string, now = new Date()): Promise<SessionUser | null> {
  if (!/^[\w-]{20,100}$/.test(token)) return null;
  const row = await db.selectFrom('sessions as s').innerJoin('users as u', 'u.id', 's.user_id')
    .selectAll('u').select(['s.csrf_token', 's.expires_at'])
    .where('s.token_hash', '=', tokenHash(token)).executeTakeFirst();
  if (!row || row.expires_at.getTime() <= now.getTime() || row.disabled_at !== null) return null;
  const { csrf_token, expires_at: _e, ...user } = row;
  return { user, csrf: csrf_token };
}

export async function deleteSession(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash(token)).execute();
}
