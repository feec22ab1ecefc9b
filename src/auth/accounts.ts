/**
 * Account management and sign-in, for `nianbao users` and the web login.
 * Every change and every sign-in attempt goes to the audit log. Sign-in is
 * throttled per account and per client address (rate-limit.ts): past the
 * limit an attempt is refused before the password is checked.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { insertUser, listUsers, setDisabled, setPasswordHash, userByName, type UserRow } from '../store/users.js';
import { audit } from '../store/audit.js';
import { ActionError } from '../model/action-error.js';
import { resolveRegion } from '../research/region.js';
import { checkPassword, checkUserName, isRole, ROLES, type Role } from './roles.js';
import { dummyHash, hashPassword, needsRehash, verifyPassword } from './passwords.js';
import type { FailureLimiter } from './rate-limit.js';

/** Who changes an account: an admin signed in on the web, or the operator at the command line. */
export interface ChangedBy { readonly actor: string | null; readonly origin: string }

/** Region inputs (codes or names, `all` for every region) → code prefixes; null = every region. */
export function parseRegions(inputs: readonly string[]): string[] | null {
  if (inputs.length === 0 || inputs.some((s) => s.trim().toLowerCase() === 'all')) return null;
  return [...new Set(inputs.map((s) => {
    const r = resolveRegion(s);
    if (!r.ok) throw new ActionError('invalid', r.error);
    return r.prefix;
  }))].sort();
}

export interface NewAccount { readonly name: string; readonly role: string; readonly regions: readonly string[]; readonly password: string }

export async function addAccount(db: Kysely<Database>, a: NewAccount, by: ChangedBy): Promise<UserRow> {
  const bad = checkUserName(a.name) ?? (isRole(a.role) ? null : `role must be one of ${ROLES.join(', ')}, got "${a.role}"`) ?? checkPassword(a.password);
  if (bad) throw new ActionError('invalid', bad);
  const regions = parseRegions(a.regions);
  if (await userByName(db, a.name)) throw new ActionError('conflict', `user ${a.name} already exists`);
  const user = await insertUser(db, { name: a.name, role: a.role as Role, regions, passwordHash: await hashPassword(a.password) });
  await audit(db, { actor: by.actor, action: 'user.add', target: `user ${a.name}`, origin: by.origin, detail: { role: a.role, regions } });
  return user;
}

async function existing(db: Kysely<Database>, name: string): Promise<UserRow> {
  const u = await userByName(db, name);
  if (!u) throw new ActionError('not_found', `no user ${name}`);
  return u;
}

export async function changePassword(db: Kysely<Database>, name: string, password: string, by: ChangedBy): Promise<void> {
  const bad = checkPassword(password);
  if (bad) throw new ActionError('invalid', bad);
  const u = await existing(db, name);
  await setPasswordHash(db, u.id, await hashPassword(password));
  await audit(db, { actor: by.actor, action: 'user.passwd', target: `user ${name}`, origin: by.origin });
}

export async function setAccountDisabled(db: Kysely<Database>, name: string, disabled: boolean, by: ChangedBy): Promise<void> {
  const u = await existing(db, name);
  await setDisabled(db, u.id, disabled);
  await audit(db, { actor: by.actor, action: disabled ? 'user.disable' : 'user.enable', target: `user ${name}`, origin: by.origin });
}

export { listUsers };

export type SignIn =
  | { readonly ok: true; readonly user: UserRow }
  | { readonly ok: false; readonly reason: 'refused'; readonly retryAfterMs: number }
  | { readonly ok: false; readonly reason: 'wrong' };

export interface SignInOptions {
  readonly limiter: FailureLimiter;
  /** The client address (from the socket, or X-Forwarded-For behind a trusted proxy). */
  readonly client: string;
  /** Password check; replaceable so tests can count how often the hash is computed. */
  readonly verify?: (stored: string, password: string) => Promise<boolean>;
}

/**
 * Checks a name and password. Past the limit of failures (per account and per
 * address) the attempt is refused without computing the hash; an unknown name
 * costs the same hash as a known one.
 */
export async function signIn(db: Kysely<Database>, name: string, password: string, opts: SignInOptions): Promise<SignIn> {
  const keys = [`user:${name}`, `ip:${opts.client}`];
  if (opts.limiter.blocked(keys)) {
    await audit(db, { actor: null, action: 'login.refused', target: `user ${name.slice(0, 64)}`, origin: opts.client });
    return { ok: false, reason: 'refused', retryAfterMs: opts.limiter.retryAfterMs(keys) };
  }
  const verify = opts.verify ?? verifyPassword;
  const user = name.length <= 64 ? await userByName(db, name) : undefined;
  const good = await verify(user?.password_hash ?? await dummyHash(), password.slice(0, 1024));
  if (!user || !good || user.disabled_at !== null) {
    opts.limiter.fail(keys);
    await audit(db, { actor: null, action: 'login.failed', target: `user ${name.slice(0, 64)}`, origin: opts.client });
    return { ok: false, reason: 'wrong' };
  }
  opts.limiter.clear(keys[0]!);
  if (needsRehash(user.password_hash)) await setPasswordHash(db, user.id, await hashPassword(password));
  await audit(db, { actor: user.name, action: 'login.ok', target: `user ${user.name}`, origin: opts.client });
  return { ok: true, user };
}
