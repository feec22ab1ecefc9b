/**
 * Accounts, roles and region scopes, as pure rules. A role says what a user
 * may do; a scope says where: a list of GB/T 2260 code prefixes (62 = 甘肃省,
 * 3301 = 杭州市), or every region when the list is absent. A report whose body
 * has no region code is in no region: only a user scoped to every region may act on it.
 */

export const ROLES = ['admin', 'reviewer', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (s: string): s is Role => (ROLES as readonly string[]).includes(s);

/**
 * What each role may do, as data. Reading is not listed: any signed-in user may
 * read. Accounts themselves are managed with `nianbao users` by whoever has the
 * database (the operator), not through a role.
 */
const PERMISSIONS: Record<Role, { readonly review: boolean; readonly readAudit: boolean }> = {
  admin: { review: true, readAudit: true },
  reviewer: { review: true, readAudit: false },
  viewer: { review: false, readAudit: false },
};

/** The user a request or a command acts as. */
export interface Actor {
  readonly id: number;
  readonly name: string;
  readonly role: Role;
  /** Region code prefixes the user works on; null = every region. */
  readonly regions: readonly string[] | null;
}

export const mayReview = (a: Actor): boolean => PERMISSIONS[a.role].review;
/** The audit log names client addresses and failed sign-ins: admins only. */
export const mayReadAudit = (a: Actor): boolean => PERMISSIONS[a.role].readAudit;

/** Whether a region code lies in the actor's scope. */
export function inScope(a: Pick<Actor, 'regions'>, regionCode: string | null): boolean {
  if (a.regions === null) return true;
  if (regionCode === null) return false;
  return a.regions.some((p) => regionCode.startsWith(p));
}

/** Why the actor may not review a report in this region, or null when they may. */
export function reviewRefusal(a: Actor, regionCode: string | null): string | null {
  if (!mayReview(a)) return `${a.name} is a ${a.role} and may not review`;
  if (!inScope(a, regionCode)) {
    return `${a.name} reviews ${describeScope(a.regions)} only; this report is in ${regionCode ?? 'no known region'}`;
  }
  return null;
}

export const describeScope = (regions: readonly string[] | null): string =>
  regions === null ? 'every region' : `region${regions.length === 1 ? '' : 's'} ${regions.join(', ')}`;

/** Account names: letters, digits, . _ - and CJK, 1–64 characters (they appear in audit lines and URLs). */
export function checkUserName(name: string): string | null {
  if (!/^[\p{L}\p{N}._-]{1,64}$/u.test(name)) return `user name "${name}" must be 1–64 letters, digits, ".", "_" or "-"`;
  return null;
}

/** Passwords: at least 10 characters; length beats composition rules (NIST SP 800-63B). */
export function checkPassword(pw: string): string | null {
  if (pw.length < 10) return 'the password must have at least 10 characters';
  if (pw.length > 1024) return 'the password is longer than 1024 characters';
  return null;
}
