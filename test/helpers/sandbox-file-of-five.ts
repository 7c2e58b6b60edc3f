/**
 * sandbox.json as `npm start` wrote it while the sandbox had five platforms (its random values
 * fixed here): what a DATA_DIR from before the sixth platform joined holds. The sandbox's own
 * upgrade test and the start on such a DATA_DIR both begin from it.
 */
export const SANDBOX_FILE_OF_FIVE = {
  secrets: { messenger: 'a'.repeat(32), instagram: 'b'.repeat(32), whatsapp: 'c'.repeat(32), tiktok: 'd'.repeat(32) },
  verifyToken: 'e'.repeat(24),
  accounts: [
    { platform: 'messenger', accountId: '104812345678901', accessToken: 'EAAsandbox0001', displayName: 'Snorq Coffee (Messenger)' },
    { platform: 'instagram', accountId: '17841412345678901', accessToken: 'IGQsandbox0001', displayName: '@snorq.coffee', username: 'snorq.coffee' },
    { platform: 'whatsapp', accountId: '106512345678901', accessToken: 'EAAGsandbox0001', displayName: 'Snorq Coffee WhatsApp', wabaId: '102212345678901' },
    { platform: 'twilio', accountId: 'AC0123456789abcdef0123456789abcdef', accessToken: 'f'.repeat(32), displayName: 'Snorq Coffee via Twilio', sender: 'whatsapp:+14155238886' },
    { platform: 'tiktok', accountId: 'sandbox-0123456789abcdef', accessToken: 'act.sandbox0001', displayName: '@snorqcoffee (TikTok)', username: 'snorqcoffee' },
  ],
};
