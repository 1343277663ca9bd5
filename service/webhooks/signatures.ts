import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

const GITHUB_SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

/**
 * Whether `header` (X-Hub-Signature-256) is the HMAC SHA-256 of the raw body under `secret`.
 * The comparison takes the same time wherever the first differing byte is.
 */
export function gitHubSignatureValid(secret: string, body: Buffer, header: string | undefined): boolean {
  const match = GITHUB_SIGNATURE.exec(header ?? '');
  if (!match) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  return timingSafeEqual(Buffer.from(match[1]!, 'hex'), expected);
}

/**
 * Whether a shared token (X-Gitlab-Token) equals the configured one. Both are hashed first so the
 * comparison is over equal lengths and takes the same time for any guess, right length or not.
 */
export function sharedTokenValid(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(expected), digest(given));
}
