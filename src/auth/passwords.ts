/**
 * Password hashing with scrypt (node:crypto, no native add-on to build or
 * download). Parameters follow OWASP's password storage guidance for scrypt:
 * N = 2^17, r = 8, p = 1 (128 MiB, about 0.1–0.3 s per hash), a 16-byte random
 * salt and a 32-byte key. The parameters travel inside the stored string, so
 * they can be raised later and old hashes still verify (`needsRehash` says
 * when to re-hash at the next login).
 *
 * @example
 * const stored = await hashPassword('correct horse battery');  // 'scrypt$17$8$1$<salt>$<key>'
 * await verifyPassword(stored, 'correct horse battery');        // true
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptParams { readonly logN: number; readonly r: number; readonly p: number }

export const SCRYPT_PARAMS: ScryptParams = { logN: 17, r: 8, p: 1 };
const KEY_BYTES = 32;
const SALT_BYTES = 16;

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const N = 2 ** params.logN;
  // scrypt needs 128·N·r bytes; allow twice that so node's default 32 MiB cap does not refuse.
  const opts: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 256 * N * params.r };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, opts, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPassword(password: string, params: ScryptParams = SCRYPT_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params);
  return ['scrypt', params.logN, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

interface Stored { readonly params: ScryptParams; readonly salt: Buffer; readonly key: Buffer }

function parse(stored: string): Stored | null {
  const m = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([\w-]+)\$([\w-]+)$/.exec(stored);
  if (!m) return null;
  const params = { logN: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  // Refuse parameters no one would set: a tampered row must not make verification eat the machine.
  if (params.logN < 10 || params.logN > 22 || params.r < 1 || params.r > 32 || params.p < 1 || params.p > 16) return null;
  return { params, salt: Buffer.from(m[4]!, 'base64url'), key: Buffer.from(m[5]!, 'base64url') };
}

/** True when `password` matches; false for a wrong password or an unreadable stored hash. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  const s = parse(stored);
  if (!s) return false;
  const key = await derive(password, s.salt, s.params);
  return key.length === s.key.length && timingSafeEqual(key, s.key);
}

/** True when the stored hash was made with weaker parameters than today's. */
export function needsRehash(stored: string): boolean {
  const s = parse(stored);
  return !s || s.params.logN < SCRYPT_PARAMS.logN || s.params.r < SCRYPT_PARAMS.r;
}

let dummy: Promise<string> | null = null;
/**
 * A hash to verify against when the user does not exist, so a login for an
 * unknown name costs the same time as one for a known name.
 */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(12).toString('hex'));
  return dummy;
}
