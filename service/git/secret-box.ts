import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';

const ALGORITHM = 'aes-256-gcm';
const VERSION = 'v1';

/**
 * Seals secrets before they reach the store (AES-256-GCM), so a copy of the database alone
 * reveals none. The key is PIPEWRIGHT_SECRET_KEY (base64, 32 bytes) when given, which several
 * instances must share; otherwise a key file made once in the data directory (0600).
 */
export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  static fromKey(base64: string): SecretBox {
    const key = Buffer.from(base64, 'base64');
    if (key.length !== 32) throw new Error('PIPEWRIGHT_SECRET_KEY must be 32 bytes in base64');
    return new SecretBox(key);
  }

  static fromFile(path: string): SecretBox {
    if (!existsSync(path))
      writeFileSync(path, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
    chmodSync(path, 0o600);
    return SecretBox.fromKey(readFileSync(path, 'utf8').trim());
  }

  seal(secret: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv(ALGORITHM, this.key, iv);
    const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), body]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  open(sealed: string): string {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || body === undefined) throw new Error('not a sealed secret');
    // A full 16-byte tag only: GCM would otherwise accept a truncated one, which is easier to forge.
    const authTag = Buffer.from(tag, 'base64url');
    if (authTag.length !== 16) throw new Error('sealed secret: the authentication tag is not 16 bytes');
    const decipher = createDecipheriv(ALGORITHM, this.key, Buffer.from(iv, 'base64url'), {
      authTagLength: 16,
    });
    decipher.setAuthTag(authTag);
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }
}
