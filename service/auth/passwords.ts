import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashing with scrypt (memory-hard, in Node's standard library: no native addon to
 * build). Stored as `scrypt$N$r$p$salt$hash`, so the cost can be raised later per hash.
 */
const COST = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 32;

let derivations = 0;

/** How many scrypt derivations this process has run (the login tests count work, not time). */
export function passwordDerivations(): number {
  return derivations;
}

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  derivations++;
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/**
 * A hash of a random password at today's cost. Checking a login for a user that does not exist
 * (or is disabled) verifies against it, so an unknown username costs the same derivation as a
 * known one and the answer's timing does not tell which usernames exist.
 */
let decoy: Promise<string> | undefined;
function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString('base64url'));
  return decoy;
}

/** True only when `stored` is a hash and the password matches it; null runs the same work and is false. */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const matches = await checkAgainst(password, stored ?? (await decoyHash()));
  return stored !== null && matches;
}

async function checkAgainst(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: COST.maxmem,
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** Starts the decoy hash at start-up, so the first login for an unknown user costs no more than others. */
export async function prepareDecoy(): Promise<void> {
  await decoyHash();
}
