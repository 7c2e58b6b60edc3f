import { STANDALONE_META_SECRET } from '../meta/sandbox-app.ts';
import { digits, hex, HOUR, type PlatformSandbox } from '../platform-sandbox.ts';

/** The sandbox's Instagram account (Instagram Login, its own app) and two customers. */
export const instagramSandbox: PlatformSandbox = {
  newAccount: () => ({ platform: 'instagram', accountId: `178414${digits(11)}`, accessToken: `IGQsandbox${hex(24)}`, displayName: '@snorq.coffee', username: 'snorq.coffee' }),
  secret: { legacyKey: 'instagramAppSecret', variable: 'INSTAGRAM_APP_SECRET', standaloneDefault: STANDALONE_META_SECRET },
  // A sandbox Instagram app, so Instagram Login runs against the simulator.
  variables: ({ secret }) => ({ INSTAGRAM_APP_ID: '990000000000001', INSTAGRAM_APP_SECRET: secret }),
  urls: { INSTAGRAM_OAUTH_URL: 'instagramOauth', INSTAGRAM_API_URL: 'instagramApi', INSTAGRAM_GRAPH_URL: 'instagramGraph' },
  fallsBackTo: { INSTAGRAM_APP_SECRET: 'FACEBOOK_APP_SECRET' },
  channel: (a) => ({
    platform: 'instagram',
    externalAccountId: a.accountId,
    displayName: a.displayName ?? 'instagram sandbox',
    credentials: { platform: 'instagram', accessToken: a.accessToken, loginType: 'instagram' },
  }),
  demo: [
    { customer: { id: '5300000000000001', name: 'Lina Costa', username: 'lina.costa' }, text: 'Loved your latte art reel! Do you sell the cups?', agoMs: 2 * HOUR },
    { customer: { id: '5300000000000002', name: 'Theo Martin', username: 'theo.m' }, kind: 'story_mention', agoMs: 26 * HOUR },
  ],
  standaloneAccount: (env) => ({
    platform: 'instagram',
    accountId: env('INSTAGRAM_ACCOUNT_ID', '17841400000000000'),
    accessToken: env('INSTAGRAM_ACCESS_TOKEN', 'sim-instagram-token'),
    displayName: 'Acme Store',
    username: 'acme.store',
  }),
};
