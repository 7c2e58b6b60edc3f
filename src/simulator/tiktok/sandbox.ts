import { hex, HOUR, type PlatformSandbox } from '../platform-sandbox.ts';

/** The sandbox's TikTok business account, a sandbox TikTok app (its OAuth runs against the simulator) and one customer within the 48 hours. */
export const tiktokSandbox: PlatformSandbox = {
  newAccount: () => ({ platform: 'tiktok', accountId: `sandbox-${hex(8)}`, accessToken: `act.sandbox${hex(24)}`, displayName: '@snorqcoffee (TikTok)', username: 'snorqcoffee' }),
  secret: { legacyKey: 'tiktokClientSecret', variable: 'TIKTOK_CLIENT_SECRET', standaloneDefault: 'sim-tiktok-client-secret' },
  variables: ({ secret }) => ({ TIKTOK_CLIENT_KEY: 'sandbox-tiktok-app', TIKTOK_CLIENT_SECRET: secret }),
  urls: { TIKTOK_API_URL: 'tiktok', TIKTOK_AUTH_URL: 'tiktokAuth' },
  channel: (a) => ({
    platform: 'tiktok',
    externalAccountId: a.accountId,
    displayName: a.displayName ?? 'tiktok sandbox',
    credentials: { platform: 'tiktok', accessToken: a.accessToken },
  }),
  demo: [{ customer: { id: 'tt-user-0001', name: 'Kai' }, text: 'saw your video, where is the shop?', agoMs: 5 * HOUR }],
  standaloneAccount: (env) => ({
    platform: 'tiktok',
    accountId: env('TIKTOK_BUSINESS_ID', '-000Qb3kLxVY8cF2mDq1rTz0uW7nE5aJ9'),
    accessToken: env('TIKTOK_ACCESS_TOKEN', 'sim-tiktok-token'),
    displayName: 'Acme Store',
    username: 'acme.store',
  }),
};
