import { SANDBOX_META_APP_ID, STANDALONE_META_SECRET } from '../meta/sandbox-app.ts';
import { digits, hex, HOUR, type PlatformSandbox } from '../platform-sandbox.ts';

/** The sandbox's Facebook Page, the Facebook app (also Meta's Graph and OAuth hosts), and two customers. */
export const messengerSandbox: PlatformSandbox = {
  newAccount: () => ({ platform: 'messenger', accountId: `1048${digits(11)}`, accessToken: `EAAsandbox${hex(24)}`, displayName: 'Snorq Coffee (Messenger)' }),
  secret: { legacyKey: 'metaAppSecret', variable: 'FACEBOOK_APP_SECRET', standaloneDefault: STANDALONE_META_SECRET },
  // The simulator's Meta app (its default id), so Settings → Channels → Connect runs the real OAuth flow against it.
  variables: ({ secret, verifyToken }) => ({ FACEBOOK_APP_ID: SANDBOX_META_APP_ID, FACEBOOK_APP_SECRET: secret, FACEBOOK_VERIFY_TOKEN: verifyToken }),
  urls: { META_GRAPH_URL: 'metaGraph', META_OAUTH_URL: 'metaOauth' },
  channel: (a) => ({
    platform: 'messenger',
    externalAccountId: a.accountId,
    displayName: a.displayName ?? 'messenger sandbox',
    credentials: { platform: 'messenger', pageAccessToken: a.accessToken },
  }),
  demo: [
    { customer: { id: '7100000000000001', name: 'Maya Okafor' }, text: 'Hi! Are you open on Sunday mornings?', agoMs: 40 * 60_000 },
    { customer: { id: '7100000000000002', name: 'Jonas Weber' }, text: 'My order #4411 arrived with a cracked mug 😕', agoMs: 3 * HOUR },
    { customer: { id: '7100000000000002', name: 'Jonas Weber' }, kind: 'image', media: { type: 'image' }, agoMs: 3 * HOUR - 60_000 },
  ],
  // The consent dialog accepts the app id snorq will send (the operator's, when set).
  simulatorOptions: (config) => (config.FACEBOOK_APP_ID ? { metaAppId: config.FACEBOOK_APP_ID } : {}),
  standaloneAccount: (env) => ({
    platform: 'messenger',
    accountId: env('FACEBOOK_PAGE_ID', '102938475610293'),
    accessToken: env('FACEBOOK_PAGE_ACCESS_TOKEN', 'sim-page-token'),
    displayName: 'Acme Store',
  }),
};
