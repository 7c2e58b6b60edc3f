import { describe, expect, it } from 'vitest';
import { CHANNELS, platformOfWebhookPath } from '../../../src/channels/registry.ts';
import { appSigningSecrets, verifyTokensFor } from '../../../src/core/channel-accounts/webhook-secrets.ts';
import { loadConfig } from '../../../src/config/config.ts';

describe('the webhook section of each channel definition', () => {
  it('answers on path segments no other platform claims, and each resolves to its platform', () => {
    const all = CHANNELS.flatMap((channel) => channel.webhook.paths);
    expect(new Set(all).size).toBe(all.length);
    for (const channel of CHANNELS) {
      expect(channel.webhook.paths.length).toBeGreaterThan(0);
      for (const path of channel.webhook.paths) expect(platformOfWebhookPath(path)).toBe(channel.id);
    }
  });

  it('names its signature header in lower case (Node lower-cases the headers it reads)', () => {
    for (const channel of CHANNELS) expect(channel.webhook.signatureHeader).toBe(channel.webhook.signatureHeader.toLowerCase());
  });

  it('has no signing secret and no verify token when none is configured: every request is refused', () => {
    const config = loadConfig({ NODE_ENV: 'test' });
    for (const channel of CHANNELS) {
      expect(appSigningSecrets(config, channel.id)).toEqual([]);
      expect(verifyTokensFor(config, channel.id)).toEqual([]);
    }
  });
});
