import { INSTAGRAM_LOGIN_SCOPES } from '../../channels/instagram/oauth.ts';
import { TIKTOK_SCOPES } from '../../channels/tiktok/oauth.ts';
import { WHATSAPP_SCOPES } from '../../channels/whatsapp/oauth.ts';
import type { Config } from '../../config/config.ts';
import { facebookApp, instagramLoginApp, redirectUri, tiktokApp, whatsappApp, type ConnectPlatform } from './oauth-config.ts';

/** FACTS 2.6: what a Page inbox needs (Human Agent is an app feature, not a scope). */
export const PAGE_SCOPES = ['pages_messaging', 'pages_manage_metadata', 'pages_show_list', 'pages_read_engagement', 'business_management'];
/** FACTS 3 path A: Instagram through the Page it is linked to. */
export const INSTAGRAM_PAGE_SCOPES = ['instagram_basic', 'instagram_manage_messages', 'pages_manage_metadata', 'pages_show_list', 'pages_read_engagement', 'business_management'];

const withQuery = (base: string, params: Record<string, string>): string => `${base}?${new URLSearchParams(params).toString()}`;

/**
 * The consent page a flow starts at; null when the flow needs no platform page (Twilio) or its
 * app is not configured (the caller says which variables are missing).
 */
export function authorizeUrl(config: Config, platform: ConnectPlatform, state: string, via: 'instagram' | 'facebook' = 'facebook'): string | null {
  const redirect_uri = redirectUri(config, platform);
  const dialog = `${config.META_OAUTH_URL}/${config.META_GRAPH_VERSION}/dialog/oauth`;
  switch (platform) {
    case 'messenger': {
      const app = facebookApp(config);
      return app && withQuery(dialog, { client_id: app.appId, redirect_uri, state, response_type: 'code', scope: PAGE_SCOPES.join(',') });
    }
    case 'instagram': {
      if (via === 'facebook') {
        const app = facebookApp(config);
        return app && withQuery(dialog, { client_id: app.appId, redirect_uri, state, response_type: 'code', scope: INSTAGRAM_PAGE_SCOPES.join(',') });
      }
      const app = instagramLoginApp(config);
      // FACTS 3.6 path B; `enable_fb_login=0&force_authentication=1` as Chatwoot sends them.
      return app && withQuery(`${config.INSTAGRAM_OAUTH_URL}/oauth/authorize`, { client_id: app.appId, redirect_uri, response_type: 'code', scope: INSTAGRAM_LOGIN_SCOPES.join(','), state, enable_fb_login: '0', force_authentication: '1' });
    }
    case 'whatsapp': {
      const app = whatsappApp(config);
      if (!app) return null;
      // FACTS 4.6: Embedded Signup is Facebook Login for Business with a configuration id; without
      // one, the plain dialog asks for the WhatsApp scopes and the business picks its WABA there.
      const how: Record<string, string> = config.WHATSAPP_CONFIG_ID ? { config_id: config.WHATSAPP_CONFIG_ID, override_default_response_type: 'true' } : { scope: WHATSAPP_SCOPES.join(',') };
      return withQuery(dialog, { client_id: app.appId, redirect_uri, state, response_type: 'code', ...how });
    }
    case 'tiktok': {
      const app = tiktokApp(config);
      // FACTS 6.6: TIKTOK_AUTH_URL defaults to business-api.tiktok.com, whose consent page is
      // `/portal/auth?app_id=&state=&redirect_uri=`; the scopes Chatwoot asks www.tiktok.com for ride
      // along (which of the two pages Business Messaging accounts must use is unconfirmed, FACTS 6.0).
      return app && withQuery(`${config.TIKTOK_AUTH_URL}/portal/auth`, { app_id: app.appId, state, redirect_uri, scope: TIKTOK_SCOPES.join(',') });
    }
    case 'twilio':
      return null;
  }
}
