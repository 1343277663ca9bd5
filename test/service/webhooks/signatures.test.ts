import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { gitHubSignatureValid, sharedTokenValid } from '../../../service/webhooks/signatures.js';

describe('webhook signatures', () => {
  const body = Buffer.from('{"ref":"refs/heads/main"}');
  const secret = 'a-secret-of-enough-length';
  const header = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

  it('accepts the HMAC SHA-256 of the exact bytes under the secret, in either hex case', () => {
    expect(gitHubSignatureValid(secret, body, header)).toBe(true);
    expect(gitHubSignatureValid(secret, body, header.toUpperCase().replace('SHA256=', 'sha256='))).toBe(true);
  });

  it('refuses another secret, other bytes, another algorithm or a malformed header', () => {
    expect(gitHubSignatureValid('another-secret-entirely', body, header)).toBe(false);
    expect(gitHubSignatureValid(secret, Buffer.from('{"ref": "refs/heads/main"}'), header)).toBe(false);
    expect(gitHubSignatureValid(secret, body, header.replace('sha256=', 'sha1='))).toBe(false);
    for (const bad of [
      undefined,
      '',
      'sha256=',
      `${header}00`,
      header.slice(0, -2),
      header.replace(/.$/, 'g'),
    ])
      expect(gitHubSignatureValid(secret, body, bad), String(bad)).toBe(false);
  });

  it('compares a shared token exactly, any length', () => {
    expect(sharedTokenValid('gitlab-token-value', 'gitlab-token-value')).toBe(true);
    for (const bad of [undefined, '', 'gitlab-token-valu', 'gitlab-token-value ', 'GITLAB-TOKEN-VALUE'])
      expect(sharedTokenValid('gitlab-token-value', bad), String(bad)).toBe(false);
  });
});
