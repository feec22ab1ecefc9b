/** Accounts: who may sign in, with which role and over which regions (rules in src/auth/roles.ts). */
import type { Kysely, Selectable } from 'kysely';
import type { Database, UsersTable } from './schema.js';
import type { Actor, Role } from '../auth/roles.js';

export type UserRow = Selectable<UsersTable>;

export const toActor = (u: Pick<UserRow, 'id' | 'name' | 'role' | 'regions'>): Actor =>
  ({ id: u.id, name: u.name, role: u.role, regions: u.regions });

export async function userByName(db: Kysely<Database>, name: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function insertUser(
  db: Kysely<Database>, u: { name: string; role: Role; regions: readonly string[] | null; passwordHash: string },
): Promise<UserRow> {
  return db.insertInto('users').values({
    name: u.name, role: u.role, regions: u.regions ? [...u.regions] : null, password_hash: u.passwordHash, updated_at: new Date(),
  }).returningAll().executeTakeFirstOrThrow();
}

export async function listUsers(db: Kysely<Database>): Promise<UserRow[]> {
  return db.selectFrom('users').selectAll().orderBy('name').execute();
}

/** Disables (or enables again) an account and ends its sessions. */
export async function setDisabled(db: Kysely<Database>, userId: number, disabled: boolean): Promise<void> {
  await db.updateTable('users').set({ disabled_at: disabled ? new Date() : null, updated_at: new Date() }).where('id', '=', userId).execute();
  if (disabled) await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

/** Sets a new password hash and ends the account's sessions (a changed password logs everyone out). */
export async function setPasswordHash(db: Kysely<Database>, userId: number, hash: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: hash, updated_at: new Date() }).where('id', '=', userId).execute();
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}
