import type { AppSecrets } from '../types.ts';

/** The Meta apps' secrets (structural: the definitions' `config` sections make `Config`, which must not depend on them). */
type Config = { FACEBOOK_APP_SECRET?: string | undefined; INSTAGRAM_APP_SECRET?: string | undefined; WHATSAPP_APP_SECRET?: string | undefined };

/**
 * Which app's secret makes the `appsecret_proof` of a channel's Graph calls, per Graph host
 * (channels/meta/app-secret-proof.ts). A Page and an Instagram account reached through its Page
 * hold Facebook-app tokens; a WhatsApp number holds a token of the WhatsApp app (WHATSAPP_APP_SECRET; the Facebook
 * app's when none is set, the two being one app); an Instagram
 * Login account holds an Instagram-app token and is only called on graph.instagram.com. A proof
 * made with the wrong app's secret is refused even when the app does not require one, so there is
 * no guessing across apps: Instagram Login never falls back to the Facebook app's secret.
 * Messenger, Instagram and WhatsApp take their `config.appSecrets` from here.
 */
export function graphAppSecrets(config: Config, credentials: { platform: string; loginType?: string }): AppSecrets | undefined {
  switch (credentials.platform) {
    case 'messenger':
      return only('metaGraph', config.FACEBOOK_APP_SECRET);
    case 'instagram':
      return credentials.loginType === 'instagram' ? only('instagramGraph', config.INSTAGRAM_APP_SECRET) : only('metaGraph', config.FACEBOOK_APP_SECRET);
    case 'whatsapp':
      return only('metaGraph', whatsappAppSecret(config));
    default:
      return undefined;
  }
}

/** The secret of the app WhatsApp numbers belong to: WhatsApp's own when one is set (a separate app). */
export const whatsappAppSecret = (config: Config): string | undefined => config.WHATSAPP_APP_SECRET ?? config.FACEBOOK_APP_SECRET;

const only = (host: 'metaGraph' | 'instagramGraph', secret: string | undefined): AppSecrets | undefined => (secret ? { [host]: secret } : undefined);
