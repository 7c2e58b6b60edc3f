import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openCredentials, sealCredentials, tryOpenCredentials, UnreadableCredentialsError } from '../../../src/core/channel-accounts/channel-credentials.ts';
import { createSecretBox } from '../../../src/core/crypto/secret-box.ts';

describe('channel credentials are parsed with the platform’s schema when read back', () => {
  const box = createSecretBox(randomBytes(32));

  it('round-trips each platform’s credentials, dropping nothing they carry', () => {
    const tiktok = { platform: 'tiktok', accessToken: 'act.123456789', refreshToken: 'rft.1', refreshTokenExpiresAt: '2027-01-01T00:00:00.000Z', scope: 'message.list.read' } as const;
    expect(openCredentials(box, { platform: 'tiktok', credentials_enc: sealCredentials(box, tiktok) })).toEqual(tiktok);
    const instagram = { platform: 'instagram', accessToken: 'IGAA123456789', loginType: 'facebook', pageId: '1234567' } as const;
    expect(openCredentials(box, { platform: 'instagram', credentials_enc: sealCredentials(box, instagram) })).toEqual(instagram);
    expect(openCredentials(box, { platform: 'messenger', credentials_enc: null })).toBeNull();
  });

  it('a row that does not match its platform’s schema is a clear error naming the field, never its value', () => {
    const sealed = box.sealJson({ platform: 'twilio', accountSid: 'AC0123', authToken: 12345678901234 });
    const err = (() => {
      try {
        openCredentials(box, { platform: 'twilio', credentials_enc: sealed });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(UnreadableCredentialsError);
    expect((err as Error).message).toMatch(/twilio credentials .*authToken/);
    expect((err as Error).message).not.toContain('12345678901234');
  });

  it('credentials sealed for another platform do not pass for this one', () => {
    const sealed = sealCredentials(box, { platform: 'whatsapp', accessToken: 'EAAG0123456789' });
    expect(tryOpenCredentials(box, { platform: 'messenger', credentials_enc: sealed })).toEqual({ credentials: null, problem: expect.stringMatching(/messenger credentials .*platform/) });
  });

  it('credentials sealed with another key are unreadable, not a crash', () => {
    const other = createSecretBox(randomBytes(32));
    const sealed = sealCredentials(other, { platform: 'messenger', pageAccessToken: 'EAApage0123456789' });
    expect(tryOpenCredentials(box, { platform: 'messenger', credentials_enc: sealed }).problem).toMatch(/do not decrypt/);
  });
});
