import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox } from '../../../src/core/crypto/secret-box.ts';
import { hashPassword, verifyPassword } from '../../../src/core/auth/passwords.ts';

describe('secret box (AES-256-GCM)', () => {
  const box = createSecretBox(randomBytes(32));

  it('round-trips and never contains the plaintext', () => {
    const token = 'EAAGm0PX4ZCpsBA-page-token-1234567890';
    const sealed = box.sealJson({ pageAccessToken: token });
    expect(sealed.includes(Buffer.from(token))).toBe(false);
    expect(box.openJson(sealed)).toEqual({ pageAccessToken: token });
  });

  it('uses a fresh IV each time and refuses tampered or foreign ciphertext', () => {
    const a = box.seal('same');
    const b = box.seal('same');
    expect(a.equals(b)).toBe(false);
    const tampered = Buffer.from(a);
    tampered[tampered.length - 1]! ^= 1;
    expect(() => box.open(tampered)).toThrow();
    expect(() => createSecretBox(randomBytes(32)).open(a)).toThrow();
  });
});

describe('password hashing (scrypt)', () => {
  it('verifies the right password only', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
    expect(await verifyPassword('Correct horse battery staple', hash)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
  });
});
