import type { Config } from '../../config/config.ts';
import type { AppCredentials } from '../http/oauth-client.ts';

/** TikTok's app (client key and secret, FACTS 6.6); null unless both are set. */
export const tiktokApp = (c: Config): AppCredentials | null => (c.TIKTOK_CLIENT_KEY && c.TIKTOK_CLIENT_SECRET ? { appId: c.TIKTOK_CLIENT_KEY, appSecret: c.TIKTOK_CLIENT_SECRET } : null);
