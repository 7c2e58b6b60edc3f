import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox } from '../../../src/core/crypto/secret-box.ts';
import { dummyHash, hashPassword, setPasswordCostForTests, verifyPassword } from '../../../src/core/auth/passwords.ts';

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
  // The suite hashes at a low cost (test/helpers/each-file.ts); production's cost is checked here.
  it('hashes at production cost (N=2^15) and verifies the right password only', async () => {
    setPasswordCostForTests('production');
    try {
      const hash = await hashPassword('correct horse battery staple');
      expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
      expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
      expect(await verifyPassword('Correct horse battery staple', hash)).toBe(false);
      expect(await verifyPassword('x', 'garbage')).toBe(false);
      expect(dummyHash()).toMatch(/^scrypt\$32768\$8\$1\$/);
    } finally {
      setPasswordCostForTests('low');
    }
  });

  it('verifies a hash by its own parameters, whatever the current cost', async () => {
    const low = await hashPassword('correct horse battery staple');
    expect(low).toMatch(/^scrypt\$1024\$8\$1\$/);
    setPasswordCostForTests('production');
    try {
      expect(await verifyPassword('correct horse battery staple', low)).toBe(true);
    } finally {
      setPasswordCostForTests('low');
    }
  });
});
