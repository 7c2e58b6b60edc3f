import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { appSecretProof } from '../../../src/channels/meta/app-secret-proof.ts';
import { graphFailure } from '../../../src/channels/meta/graph-client.ts';
import type { ChannelCredentials } from '../../../src/channels/types.ts';
import { loadConfig } from '../../../src/config/config.ts';
import { platformAppSecrets as graphAppSecrets } from '../../../src/channels/registry-config.ts';
import { appSigningSecrets, verifyTokensFor } from '../../../src/core/channel-accounts/webhook-secrets.ts';

const graphError = (message: string, code = 100) => graphFailure(400, { error: { message, type: 'GraphMethodException', code, fbtrace_id: 'A' } }, new Headers(), 'messenger');

describe('appsecret_proof', () => {
  it('is the hex HMAC-SHA256 of the token keyed with the app secret', () => {
    expect(appSecretProof('EAAtoken', 'secret')).toBe(crypto.createHmac('sha256', 'secret').update('EAAtoken').digest('hex'));
  });

  it('turns Meta’s refusals into a channel error of their own, not an unknown one and not a dead token', () => {
    const missing = graphError('API calls from the server require an appsecret_proof argument');
    expect(missing).toMatchObject({ code: 'APP_SECRET_PROOF_REFUSED', retryable: false, platformCode: '100' });
    expect(missing.reason).toMatch(/Require App Secret/);
    expect(missing.tokenInvalid).toBeUndefined();
    const invalid = graphError('Invalid appsecret_proof provided in the API argument');
    expect(invalid).toMatchObject({ code: 'APP_SECRET_PROOF_REFUSED', retryable: false });
    expect(invalid.reason).toMatch(/not the secret of the app/);
    // Other code-100 errors keep their own mapping.
    expect(graphError('(#100) Param recipient[id] must be a valid ID string').code).toBe('UNKNOWN_PLATFORM_ERROR');
  });
});

describe('which app’s secret', () => {
  const config = loadConfig({ NODE_ENV: 'test', FACEBOOK_APP_SECRET: 'fb', INSTAGRAM_APP_SECRET: 'ig', WHATSAPP_APP_SECRET: 'wa', FACEBOOK_VERIFY_TOKEN: 'fbv', INSTAGRAM_VERIFY_TOKEN: 'igv' });
  const creds = (c: ChannelCredentials) => graphAppSecrets(config, c);

  it('proves each channel’s Graph calls with the secret of the app its token belongs to, on that app’s host only', () => {
    expect(creds({ platform: 'messenger', pageAccessToken: 'p' })).toEqual({ metaGraph: 'fb' });
    expect(creds({ platform: 'instagram', accessToken: 'p', loginType: 'facebook', pageId: '1' })).toEqual({ metaGraph: 'fb' });
    expect(creds({ platform: 'instagram', accessToken: 'i', loginType: 'instagram' })).toEqual({ instagramGraph: 'ig' });
    expect(creds({ platform: 'whatsapp', accessToken: 'w' })).toEqual({ metaGraph: 'wa' });
    // Instagram Login never borrows the Facebook app's secret: a wrong proof is refused even when none is required.
    expect(graphAppSecrets(loadConfig({ NODE_ENV: 'test', FACEBOOK_APP_SECRET: 'fb' }), { platform: 'instagram', accessToken: 'i', loginType: 'instagram' })).toBeUndefined();
  });

  it('checks Instagram webhooks and handshakes against both apps, Messenger against the Facebook app only', () => {
    expect(appSigningSecrets(config, 'instagram')).toEqual(['ig', 'fb']);
    expect(appSigningSecrets(config, 'messenger')).toEqual(['fb']);
    expect(verifyTokensFor(config, 'instagram')).toEqual(['igv', 'fbv']);
    expect(verifyTokensFor(config, 'messenger')).toEqual(['fbv']);
    expect(appSigningSecrets(loadConfig({ NODE_ENV: 'test' }), 'instagram')).toEqual([]);
  });
});
