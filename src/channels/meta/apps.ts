import type { Config } from '../../config/config.ts';
import type { AppCredentials } from '../http/oauth-client.ts';

/**
 * Which Meta app a flow or a subscription runs on, from the configuration; null when its id and
 * secret are not both set.
 */

const pair = (appId: string | undefined, appSecret: string | undefined): AppCredentials | null => (appId && appSecret ? { appId, appSecret } : null);

/** Facebook Login (Messenger, and Instagram through a Page). */
export const facebookApp = (c: Config) => pair(c.FACEBOOK_APP_ID, c.FACEBOOK_APP_SECRET);

/** Embedded Signup runs on the WhatsApp app when it has its own id, else on the Facebook app. */
export const whatsappApp = (c: Config) => (c.WHATSAPP_APP_ID ? pair(c.WHATSAPP_APP_ID, c.WHATSAPP_APP_SECRET ?? c.FACEBOOK_APP_SECRET) : facebookApp(c));

/** Instagram Login has an app id of its own (FACTS 3.6 path B). */
export const instagramLoginApp = (c: Config) => pair(c.INSTAGRAM_APP_ID, c.INSTAGRAM_APP_SECRET);
