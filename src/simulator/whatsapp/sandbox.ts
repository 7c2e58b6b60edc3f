import { SANDBOX_META_APP_ID, STANDALONE_META_SECRET } from '../meta/sandbox-app.ts';
import { digits, hex, HOUR, type PlatformSandbox } from '../platform-sandbox.ts';

/** The sandbox's WhatsApp number and WABA, and two customers: one recent, one older than the 24-hour window (templates only). */
export const whatsappSandbox: PlatformSandbox = {
  newAccount: () => ({ platform: 'whatsapp', accountId: `1065${digits(11)}`, accessToken: `EAAGsandbox${hex(24)}`, displayName: 'Snorq Coffee WhatsApp', wabaId: `1022${digits(11)}` }),
  secret: { legacyKey: 'whatsappAppSecret', variable: 'WHATSAPP_APP_SECRET', standaloneDefault: STANDALONE_META_SECRET },
  // Embedded Signup is the simulator's Meta app too.
  variables: ({ secret }) => ({ WHATSAPP_APP_ID: SANDBOX_META_APP_ID, WHATSAPP_APP_SECRET: secret }),
  urls: {},
  fallsBackTo: { WHATSAPP_APP_ID: 'FACEBOOK_APP_ID', WHATSAPP_APP_SECRET: 'FACEBOOK_APP_SECRET' },
  channel: (a) => ({
    platform: 'whatsapp',
    externalAccountId: a.accountId,
    displayName: a.displayName ?? 'whatsapp sandbox',
    credentials: { platform: 'whatsapp', accessToken: a.accessToken, wabaId: a.wabaId },
  }),
  demo: [
    { customer: { id: '4915112345678', name: 'Grete Hansen' }, text: 'Can I change my delivery address for tomorrow?', agoMs: 15 * 60_000 },
    { customer: { id: '5511987654321', name: 'Ana Souza' }, text: 'Obrigada! The beans were perfect.', agoMs: 30 * HOUR },
  ],
  standaloneAccount: (env) => ({
    platform: 'whatsapp',
    accountId: env('WHATSAPP_PHONE_NUMBER_ID', '123456789012345'),
    accessToken: env('WHATSAPP_ACCESS_TOKEN', 'sim-whatsapp-token'),
    displayName: 'Acme Store',
    wabaId: env('WHATSAPP_WABA_ID', '109876543210987'),
  }),
};
