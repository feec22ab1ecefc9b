/** Accounts' pure rules: password hashing, the failure limiter, roles and region scopes. */
import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, verifyPassword } from '../../src/auth/passwords.js';
import { FailureLimiter } from '../../src/auth/rate-limit.js';
import { checkPassword, checkUserName, inScope, mayReadAudit, mayReview, reviewRefusal, type Actor } from '../../src/auth/roles.js';

describe('passwords', () => {
  it('hash with scrypt at OWASP strength, salted, and verify', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$17\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(a, 'correct horse batterY')).toBe(false);
    expect(needsRehash(a)).toBe(false);
  });

  it('verify hashes made with older parameters and ask for a rehash; refuse tampered parameters', async () => {
    const weak = await hashPassword('correct horse battery', { logN: 14, r: 8, p: 1 });
    expect(await verifyPassword(weak, 'correct horse battery')).toBe(true);
    expect(needsRehash(weak)).toBe(true);
    const huge = weak.replace(/^scrypt\$14\$/, 'scrypt$30$');
    expect(await verifyPassword(huge, 'correct horse battery')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });

  it('want 10 characters at least', () => {
    expect(checkPassword('short')).toMatch(/at least 10/);
    expect(checkPassword('a long enough phrase')).toBeNull();
    expect(checkUserName('王小明')).toBeNull();
    expect(checkUserName('ann smith')).toMatch(/must be/);
  });
});

describe('failure limiter', () => {
  it('blocks a key after the limit within the window, and frees it when the window passes', () => {
    let now = 0;
    const l = new FailureLimiter({ limit: 5, windowMs: 60_000, now: () => now });
    const keys = ['user:ann', 'ip:10.0.0.1'];
    for (let i = 0; i < 5; i++) { expect(l.blocked(keys)).toBe(false); l.fail(keys); now += 1000; }
    expect(l.blocked(keys)).toBe(true);
    expect(l.blocked(['user:bob', 'ip:10.0.0.1'])).toBe(true); // the address is blocked for every account
    expect(l.blocked(['user:ann', 'ip:10.0.0.2'])).toBe(true); // the account is blocked from every address
    expect(l.retryAfterMs(keys)).toBe(55_000);
    now = 60_001;
    expect(l.blocked(keys)).toBe(false);
  });

  it('clears an account on success but not its address, and stays bounded', () => {
    const l = new FailureLimiter({ limit: 2, windowMs: 60_000, maxKeys: 3 });
    l.fail(['user:ann', 'ip:a']); l.fail(['user:ann', 'ip:a']);
    l.clear('user:ann');
    expect(l.blocked(['user:ann'])).toBe(false);
    expect(l.blocked(['ip:a'])).toBe(true);
    for (const k of ['x', 'y', 'z', 'w']) l.fail([k]);
    expect(l.blocked(['ip:a'])).toBe(false); // evicted first, being the oldest
  });
});

describe('roles and scopes', () => {
  const gansu: Actor = { id: 1, name: 'bo', role: 'reviewer', regions: ['62'] };
  it('scope by code prefix; a report of no known region belongs to national users only', () => {
    expect(inScope(gansu, '623021')).toBe(true);
    expect(inScope(gansu, '330127')).toBe(false);
    expect(inScope(gansu, null)).toBe(false);
    expect(inScope({ regions: null }, null)).toBe(true);
    expect(reviewRefusal(gansu, '330127')).toBe('bo reviews region 62 only; this report is in 330127');
    expect(reviewRefusal(gansu, '623021')).toBeNull();
  });

  it('let admins and reviewers review, admins alone read the audit log, viewers neither', () => {
    const as = (role: Actor['role']): Actor => ({ id: 1, name: 'x', role, regions: null });
    expect([mayReview(as('admin')), mayReview(as('reviewer')), mayReview(as('viewer'))]).toEqual([true, true, false]);
    expect([mayReadAudit(as('admin')), mayReadAudit(as('reviewer')), mayReadAudit(as('viewer'))]).toEqual([true, false, false]);
    expect(reviewRefusal(as('viewer'), '62')).toBe('x is a viewer and may not review');
  });
});
