import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.ts';
import { envChannelSpecs } from '../../../src/core/channel-accounts/provision-env-channels.ts';

describe('channels provisioned from the environment', () => {
  it('builds each platform’s channel from its definition, complete groups only', () => {
    const config = loadConfig({
      FACEBOOK_APP_SECRET: 's',
      FACEBOOK_PAGE_ID: '1234567',
      FACEBOOK_PAGE_ACCESS_TOKEN: 'EAApage0123456789',
      TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: 'tok0123456789abcdef',
      TWILIO_WHATSAPP_NUMBER: '14155238886',
    });
    expect(envChannelSpecs(config)).toEqual([
      { platform: 'messenger', externalAccountId: '1234567', displayName: 'Messenger page 1234567', credentials: { platform: 'messenger', pageAccessToken: 'EAApage0123456789' } },
      {
        platform: 'twilio',
        externalAccountId: `AC${'a'.repeat(32)}:whatsapp:+14155238886`,
        displayName: 'Twilio +14155238886',
        credentials: { platform: 'twilio', accountSid: `AC${'a'.repeat(32)}`, authToken: 'tok0123456789abcdef' },
      },
    ]);
    expect(envChannelSpecs(loadConfig({}))).toEqual([]);
  });
});
