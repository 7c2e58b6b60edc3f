import { z } from 'zod';
import { unreadable, type Outcome } from '../http/outcome.ts';
import { fetchJson, type OAuthClient } from '../http/oauth-client.ts';
import { TWILIO_API_VERSION, twilioFailure } from './api.ts';

/**
 * Connecting Twilio (FACTS 5.8: no OAuth for one account; Account SID + Auth Token): the pair is
 * checked with `GET /2010-04-01/Accounts/{sid}.json`, and the WhatsApp sender's "message comes in"
 * and status callback URLs are pointed at snorq through the Senders API
 * (`messaging.twilio.com/v2/Channels/Senders`, public beta; field names from the `twilio`
 * package's ChannelsSender resource). Numbers that API does not list (the WhatsApp sandbox, senders
 * configured on a Messaging Service) are left for the admin to configure in the Console.
 */

const basic = (sid: string, token: string): string => `Basic ${Buffer.from(`${sid}:${token}`).toString('base64')}`;
const trim = (url: string): string => url.replace(/\/+$/, '');

/**
 * messaging.twilio.com lives on another host than api.twilio.com; a stand-in (the simulator) given
 * as TWILIO_API_URL serves both, so only Twilio's own `api.` hosts are rewritten.
 */
export function twilioMessagingBase(apiBase: string): string {
  const url = new URL(trim(apiBase));
  if (url.hostname.startsWith('api.') && url.hostname.endsWith('twilio.com')) url.hostname = `messaging.${url.hostname.slice(4)}`;
  return trim(url.toString());
}

async function twilioJson<S extends z.ZodType>(client: OAuthClient, url: string, init: RequestInit, schema: S): Promise<Outcome<z.infer<S>>> {
  const answer = await fetchJson(client, url, { ...init, headers: { accept: 'application/json', ...init.headers } }, 'Twilio');
  if (!answer.ok) return answer;
  const { status, headers, body } = answer.value;
  if (status < 200 || status >= 300) return { ok: false, failure: twilioFailure(status, body, headers) };
  const parsed = schema.safeParse(body);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, failure: unreadable('Twilio', status) };
}

const Account = z.looseObject({ sid: z.string(), friendly_name: z.string().optional(), status: z.string().optional() });
export type TwilioAccount = z.infer<typeof Account>;

/** 401/20003 for a wrong pair (→ TOKEN_EXPIRED with tokenInvalid); `status` must be `active`. */
export function fetchTwilioAccount(client: OAuthClient, accountSid: string, authToken: string): Promise<Outcome<TwilioAccount>> {
  const url = `${trim(client.urls.twilio)}/${TWILIO_API_VERSION}/Accounts/${encodeURIComponent(accountSid)}.json`;
  return twilioJson(client, url, { method: 'GET', headers: { authorization: basic(accountSid, authToken) } }, Account);
}

const Webhook = z.looseObject({ callback_url: z.string().nullish(), status_callback_url: z.string().nullish() });
const Sender = z.looseObject({ sid: z.string(), sender_id: z.string(), status: z.string().optional(), webhook: Webhook.nullish() });
const Senders = z.looseObject({ senders: z.array(Sender) });
export type TwilioSender = z.infer<typeof Sender>;

/** The WhatsApp sender `whatsapp:+E164` among the account's senders; null when the API does not list it. */
export async function findWhatsAppSender(client: OAuthClient, accountSid: string, authToken: string, senderId: string): Promise<Outcome<TwilioSender | null>> {
  const url = `${twilioMessagingBase(client.urls.twilio)}/v2/Channels/Senders?Channel=whatsapp&PageSize=100`;
  const res = await twilioJson(client, url, { method: 'GET', headers: { authorization: basic(accountSid, authToken) } }, Senders);
  if (!res.ok) return res.failure.platformCode === '20404' || res.failure.platformCode === 'http_404' ? { ok: true, value: null } : res;
  return { ok: true, value: res.value.senders.find((s) => s.sender_id === senderId) ?? null };
}

/** Point the sender's inbound webhook and status callback at snorq (both POST, FACTS 5.1, 5.3). */
export async function setSenderWebhook(
  client: OAuthClient,
  accountSid: string,
  authToken: string,
  senderSid: string,
  urls: { callbackUrl: string; statusCallbackUrl: string },
): Promise<Outcome<TwilioSender>> {
  const url = `${twilioMessagingBase(client.urls.twilio)}/v2/Channels/Senders/${encodeURIComponent(senderSid)}`;
  const body = { webhook: { callback_url: urls.callbackUrl, callback_method: 'POST', status_callback_url: urls.statusCallbackUrl, status_callback_method: 'POST' } };
  return twilioJson(client, url, { method: 'POST', headers: { authorization: basic(accountSid, authToken), 'content-type': 'application/json' }, body: JSON.stringify(body) }, Sender);
}
