import { z } from 'zod';
import { fetchTwilioAccount } from '../../channels/twilio/oauth.ts';
import type { Principal } from '../accounts/auth-tokens.ts';
import { ChannelInput } from '../channels/connect-channel.ts';
import { twilioSender } from '../../channels/twilio/sender.ts';
import { oauthClient, type OAuthDeps } from './oauth-config.ts';
import { failedWith, saveConnection, subscribeSaved, summarise, type ConnectResult } from './save-connection.ts';

/** The Twilio form's fields (FACTS 5.8: Account SID + Auth Token; the WhatsApp sender number). */
export const TwilioForm = z.object({
  accountSid: z.string().trim(),
  authToken: z.string().trim(),
  sender: z.string().trim(),
  displayName: z.string().trim().max(200).optional(),
});
export type TwilioForm = z.infer<typeof TwilioForm>;

/**
 * Twilio has no OAuth for one account (FACTS 5.8): the admin types the Account SID and Auth Token.
 * They are checked against `GET /2010-04-01/Accounts/{sid}.json` before anything is stored, then
 * the sender's webhook and status callback are pointed at snorq where the Senders API allows it.
 */
export async function connectTwilio(deps: OAuthDeps, principal: Principal, form: TwilioForm): Promise<ConnectResult> {
  const input = ChannelInput.safeParse({
    platform: 'twilio',
    externalAccountId: form.sender,
    displayName: form.displayName || `WhatsApp ${form.sender.replace(/^whatsapp:/, '')}`,
    credentials: { accountSid: form.accountSid, authToken: form.authToken },
  });
  if (!input.success) return failedWith('twilio', input.error.issues.map((i) => i.message).join('; '));
  if (input.data.platform !== 'twilio') return failedWith('twilio', 'not a Twilio channel');
  const { accountSid, authToken } = input.data.credentials;
  const account = await fetchTwilioAccount(oauthClient(deps.config), accountSid, authToken);
  if (!account.ok) return failedWith('twilio', account.failure.tokenInvalid ? 'Twilio refused this Account SID and Auth Token.' : account.failure.reason);
  if (account.value.status && account.value.status !== 'active') return failedWith('twilio', `This Twilio account is ${account.value.status}, not active.`);

  const saved = await saveConnection(deps, principal, input.data, null);
  const warnings: string[] = [];
  if (saved.ok) {
    const outcome = await subscribeSaved(deps, saved, { platform: 'twilio', external_account_id: `${accountSid}:${twilioSender(input.data.externalAccountId)}` }, { platform: 'twilio', accountSid, authToken });
    if (outcome.state !== 'subscribed' && outcome.detail) warnings.push(outcome.detail);
  }
  return summarise('twilio', [saved], warnings, 'Nothing was connected.');
}
