import { z } from 'zod';
import type { Outcome } from '../http/outcome.ts';
import { addAppSecretProof } from '../meta/app-secret-proof.ts';
import { debugToken, graphJson, graphUrl } from '../meta/oauth.ts';
import type { AppCredentials, OAuthClient } from '../http/oauth-client.ts';

/**
 * WhatsApp Embedded Signup (FACTS 4.6, Chatwoot's `Whatsapp::FacebookApiClient`): the code is
 * exchanged like any Facebook Login code (src/channels/meta/oauth.ts `exchangeCode`), then
 * `debug_token`'s granular scopes name the WABAs the business shared, and each WABA lists its phone
 * numbers. Subscribing the WABA is `subscribeApp` with Bearer auth.
 */

/** FACTS 4.6: what the dialog asks for when no Embedded Signup configuration id is set. */
export const WHATSAPP_SCOPES = ['whatsapp_business_management', 'whatsapp_business_messaging', 'business_management'];

/** The WABA ids the token was granted (`whatsapp_business_management` / `_messaging` targets). */
export async function sharedWabaIds(client: OAuthClient, app: AppCredentials, token: string): Promise<Outcome<string[]>> {
  const res = await debugToken(client, app, token, 'whatsapp');
  if (!res.ok) return res;
  const ids = (res.value.granular_scopes ?? []).filter((s) => s.scope === 'whatsapp_business_management' || s.scope === 'whatsapp_business_messaging').flatMap((s) => s.target_ids ?? []);
  return { ok: true, value: [...new Set(ids)] };
}

const PhoneNumber = z.looseObject({ id: z.string().min(1), display_phone_number: z.string().optional(), verified_name: z.string().optional() });
const PhoneNumbers = z.looseObject({ data: z.array(PhoneNumber) });
export type WabaPhoneNumber = z.infer<typeof PhoneNumber>;

/** FACTS 4.6 step 3: `GET /{WABA_ID}/phone_numbers`. */
export async function wabaPhoneNumbers(client: OAuthClient, token: string, wabaId: string, appSecret?: string): Promise<Outcome<WabaPhoneNumber[]>> {
  const url = addAppSecretProof(graphUrl(client, `/${encodeURIComponent(wabaId)}/phone_numbers`, { fields: 'id,display_phone_number,verified_name' }), token, appSecret);
  const res = await graphJson(client, url, { method: 'GET', headers: { authorization: `Bearer ${token}` } }, PhoneNumbers, 'whatsapp');
  return res.ok ? { ok: true, value: res.value.data } : res;
}
