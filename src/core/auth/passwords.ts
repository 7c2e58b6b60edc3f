import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * scrypt password hashes, stored as `scrypt$N$r$p$salt$hash` (base64) so parameters can be raised
 * later without invalidating old hashes. N=2^15 costs ~50-100 ms here: slow for guessing, fine for login.
 */
export const PRODUCTION_PASSWORD_COST = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEYLEN = 32;
let PARAMS: { N: number; r: number; p: number } = PRODUCTION_PASSWORD_COST;

/**
 * The test suite only (test/helpers/each-file.ts): it creates and signs in users by the hundred,
 * and at production cost each hash or sign-in is ~100 ms of CPU on a quiet core (400 ms at load
 * 8), several minutes of the suite's time. A hash keeps its own parameters, so verifying works at
 * either cost; test/unit/crypto/secret-box.test.ts checks production's cost with `'production'`.
 * Refused outside vitest, so no configuration can weaken production's hashes.
 */
export function setPasswordCostForTests(cost: 'low' | 'production'): void {
  if (!process.env.VITEST) throw new Error('setPasswordCostForTests is for the test suite only');
  PARAMS = cost === 'low' ? { N: 2 ** 10, r: 8, p: 1 } : PRODUCTION_PASSWORD_COST;
}

function derive(password: string, salt: Buffer, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password.normalize('NFKC'), salt, KEYLEN, { ...opts, maxmem: 128 * opts.N! * opts.r! * 2 }, (err, key) => (err ? reject(err) : resolve(key))));
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, hash] = stored.split('$');
  if (alg !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * A dummy hash to verify against when the email is unknown, so timing does not reveal accounts; at
 * the current cost (a function, so that it follows the test suite's lower cost).
 */
export function dummyHash(): string {
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(KEYLEN).toString('base64')}`;
}
