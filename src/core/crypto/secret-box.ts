import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM for platform credentials at rest. Layout of a sealed value:
 * version byte (1) | 12-byte IV | 16-byte auth tag | ciphertext.
 * The version byte leaves room for key rotation without guessing formats later.
 */
const VERSION = 1;

export interface SecretBox {
  seal(plaintext: string): Buffer;
  open(sealed: Buffer): string;
  sealJson(value: unknown): Buffer;
  openJson<T = unknown>(sealed: Buffer): T;
}

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('the secret key must be 32 bytes');
  const seal = (plaintext: string): Buffer => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
  };
  const open = (sealed: Buffer): string => {
    if (sealed.length < 29 || sealed[0] !== VERSION) throw new Error('sealed value has an unknown format');
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(1, 13));
    decipher.setAuthTag(sealed.subarray(13, 29));
    return Buffer.concat([decipher.update(sealed.subarray(29)), decipher.final()]).toString('utf8');
  };
  return {
    seal,
    open,
    sealJson: (value) => seal(JSON.stringify(value)),
    openJson: <T>(sealed: Buffer) => JSON.parse(open(sealed)) as T,
  };
}
