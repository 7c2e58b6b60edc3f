import { whatsappAppSecret } from '../meta/graph-app-secrets.ts';
import type { ConnectContext, ConnectResult, SavedAccount, SubscriptionOutcome } from '../channel-definition.ts';
import { failedWith, summarise } from '../connect-results.ts';
import { whatsappApp } from '../meta/apps.ts';
import { exchangeCode, exchangeLongLived } from '../meta/oauth.ts';
import { sharedWabaIds, WHATSAPP_SCOPES, wabaPhoneNumbers } from './oauth.ts';

/**
 * WhatsApp Embedded Signup (FACTS 4.6, the steps Chatwoot takes): the code → a business token;
 * `debug_token` names the WABAs the business shared in the dialog; each WABA's phone numbers become
 * channels, and each WABA is subscribed once (`POST /{WABA_ID}/subscribed_apps`). The business
 * chose its WABA and number in Meta's dialog, so every number shared is connected. Step 4
 * (`/register` with a two-step PIN) is not taken: the PIN is the business's to choose.
 */
/**
 * FACTS 4.6: Embedded Signup is Facebook Login for Business with a configuration id; without
 * one, the plain dialog asks for the WhatsApp scopes and the business picks its WABA there.
 */
export function embeddedSignupUrl(ctx: { config: ConnectContext['config'] }, flow: { state: string; redirectUri: string }): string | null {
  const { config } = ctx;
  const app = whatsappApp(config);
  if (!app) return null;
  const how: Record<string, string> = config.WHATSAPP_CONFIG_ID ? { config_id: config.WHATSAPP_CONFIG_ID, override_default_response_type: 'true' } : { scope: WHATSAPP_SCOPES.join(',') };
  const params = new URLSearchParams({ client_id: app.appId, redirect_uri: flow.redirectUri, state: flow.state, response_type: 'code', ...how });
  return `${config.META_OAUTH_URL}/${config.META_GRAPH_VERSION}/dialog/oauth?${params.toString()}`;
}

export async function completeWhatsAppSignup(ctx: ConnectContext, code: string, now = new Date()): Promise<ConnectResult> {
  const app = whatsappApp(ctx.config);
  if (!app) return failedWith('whatsapp', 'WHATSAPP_APP_ID (or FACEBOOK_APP_ID) and its secret are not set.');
  const client = ctx.client;
  const exchanged = await exchangeCode(client, app, code, ctx.redirectUri, 'whatsapp');
  if (!exchanged.ok) return failedWith('whatsapp', exchanged.failure.reason);
  let issued = exchanged.value;
  // Embedded Signup's business integration token does not expire (FACTS 4.6). Without a
  // configuration id the plain dialog gives a user token of an hour or two: trade it for the
  // 60-day one (FACTS 2.6) rather than store something that dies before lunch.
  if (issued.expiresIn !== undefined && issued.expiresIn < 86_400) {
    const long = await exchangeLongLived(client, app, issued.accessToken);
    if (!long.ok) return failedWith('whatsapp', `Meta did not give a long-lived token: ${long.failure.reason}`);
    issued = long.value;
  }
  const token = issued.accessToken;
  const expiresAt = issued.expiresIn ? new Date(now.getTime() + issued.expiresIn * 1000) : null;
  const wabas = await sharedWabaIds(client, app, token);
  if (!wabas.ok) return failedWith('whatsapp', wabas.failure.reason);
  if (wabas.value.length === 0) return failedWith('whatsapp', 'No WhatsApp Business Account was shared with snorq. Connect again and select one.');

  const saved: SavedAccount[] = [];
  const warnings: string[] = [];
  for (const wabaId of wabas.value) {
    const numbers = await wabaPhoneNumbers(client, token, wabaId, whatsappAppSecret(ctx.config));
    if (!numbers.ok) {
      warnings.push(`WhatsApp Business Account ${wabaId}: ${numbers.failure.reason}`);
      continue;
    }
    let subscription: SubscriptionOutcome | undefined;
    for (const n of numbers.value) {
      const name = n.verified_name ? `${n.verified_name}${n.display_phone_number ? ` (${n.display_phone_number})` : ''}` : (n.display_phone_number ?? n.id);
      const result = await ctx.save({ platform: 'whatsapp', externalAccountId: n.id, displayName: name, credentials: { accessToken: token, wabaId } }, expiresAt);
      saved.push(result);
      if (!result.ok) continue;
      subscription = await ctx.subscribe(result, { platform: 'whatsapp', external_account_id: n.id }, { platform: 'whatsapp', accessToken: token, wabaId }, subscription);
    }
    if (subscription && subscription.state !== 'subscribed' && subscription.detail) warnings.push(`WhatsApp Business Account ${wabaId}: ${subscription.detail}`);
  }
  return summarise('whatsapp', saved, warnings, 'The shared WhatsApp Business Account has no phone numbers yet.');
}
