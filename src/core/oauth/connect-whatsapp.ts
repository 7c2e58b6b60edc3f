import { exchangeCode, exchangeLongLived } from '../../channels/meta/oauth.ts';
import { sharedWabaIds, wabaPhoneNumbers } from '../../channels/whatsapp/oauth.ts';
import type { Principal } from '../accounts/auth-tokens.ts';
import { whatsappAppSecret } from '../channels/graph-app-secrets.ts';
import { oauthClient, redirectUri, whatsappApp, type OAuthDeps } from './oauth-config.ts';
import { failedWith, saveConnection, subscribeSaved, summarise, type ConnectResult, type Saved } from './save-connection.ts';
import type { SubscriptionOutcome } from './webhook-subscriptions.ts';

/**
 * WhatsApp Embedded Signup (FACTS 4.6, the steps Chatwoot takes): the code → a business token;
 * `debug_token` names the WABAs the business shared in the dialog; each WABA's phone numbers become
 * channels, and each WABA is subscribed once (`POST /{WABA_ID}/subscribed_apps`). The business
 * chose its WABA and number in Meta's dialog, so every number shared is connected. Step 4
 * (`/register` with a two-step PIN) is not taken: the PIN is the business's to choose.
 */
export async function completeWhatsAppSignup(deps: OAuthDeps, principal: Principal, code: string, now = new Date()): Promise<ConnectResult> {
  const app = whatsappApp(deps.config);
  if (!app) return failedWith('whatsapp', 'WHATSAPP_APP_ID (or FACEBOOK_APP_ID) and its secret are not set.');
  const client = oauthClient(deps.config);
  const exchanged = await exchangeCode(client, app, code, redirectUri(deps.config, 'whatsapp'), 'whatsapp');
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

  const saved: Saved[] = [];
  const warnings: string[] = [];
  for (const wabaId of wabas.value) {
    const numbers = await wabaPhoneNumbers(client, token, wabaId, whatsappAppSecret(deps.config));
    if (!numbers.ok) {
      warnings.push(`WhatsApp Business Account ${wabaId}: ${numbers.failure.reason}`);
      continue;
    }
    let subscription: SubscriptionOutcome | undefined;
    for (const n of numbers.value) {
      const name = n.verified_name ? `${n.verified_name}${n.display_phone_number ? ` (${n.display_phone_number})` : ''}` : (n.display_phone_number ?? n.id);
      const result = await saveConnection(deps, principal, { platform: 'whatsapp', externalAccountId: n.id, displayName: name, credentials: { accessToken: token, wabaId } }, expiresAt);
      saved.push(result);
      if (!result.ok) continue;
      subscription = await subscribeSaved(deps, result, { platform: 'whatsapp', external_account_id: n.id }, { platform: 'whatsapp', accessToken: token, wabaId }, subscription);
    }
    if (subscription && subscription.state !== 'subscribed' && subscription.detail) warnings.push(`WhatsApp Business Account ${wabaId}: ${subscription.detail}`);
  }
  return summarise('whatsapp', saved, warnings, 'The shared WhatsApp Business Account has no phone numbers yet.');
}
