import { z } from 'zod';
import type { ChannelConnectForm, ConnectContext, ConnectResult } from '../channel-definition.ts';
import { failedWith, subscriptionWarning, summarise } from '../connect-results.ts';
import { fetchTwilioAccount } from './oauth.ts';
import { twilioAccountId } from './sender.ts';
import { schemaText } from '../../contract/server-texts.ts';

/**
 * Twilio has no OAuth for one account (FACTS 5.8): the admin types the Account SID and Auth Token.
 * They are checked against `GET /2010-04-01/Accounts/{sid}.json` before anything is stored, then
 * the sender's webhook and status callback are pointed at snorq where the Senders API allows it.
 */

/** The form's fields as typed (FACTS 5.8: Account SID + Auth Token; the WhatsApp sender number). */
export const TwilioFormValues = z.object({
  accountSid: z
    .string()
    .trim()
    .regex(/^AC[0-9a-fA-F]{32}$/, schemaText('schema.accountSid')),
  authToken: z.string().trim().min(16, 'an Auth Token has at least 16 characters').max(200),
  sender: z
    .string()
    .trim()
    .regex(/^(whatsapp:)?\+?\d{6,16}$/, schemaText('schema.senderNumber', { product: 'Twilio WhatsApp', example: '+14155238886' })),
  displayName: z.string().trim().max(200).optional(),
});

async function submitTwilioForm(ctx: ConnectContext, values: Record<string, string | undefined>): Promise<ConnectResult> {
  if (!values.accountSid || !values.authToken || !values.sender) return failedWith('twilio', 'Fill in the Account SID, the Auth Token and the sender number.');
  const form = TwilioFormValues.safeParse(values);
  if (!form.success) return failedWith('twilio', form.error.issues.map((i) => i.message).join('; '));
  const { accountSid, authToken, sender } = form.data;
  const account = await fetchTwilioAccount(ctx.client, accountSid, authToken);
  if (!account.ok) return failedWith('twilio', account.failure.tokenInvalid ? 'Twilio refused this Account SID and Auth Token.' : account.failure.reason);
  if (account.value.status && account.value.status !== 'active') return failedWith('twilio', `This Twilio account is ${account.value.status}, not active.`);

  const displayName = form.data.displayName || `WhatsApp ${sender.replace(/^whatsapp:/, '')}`;
  const saved = await ctx.save({ platform: 'twilio', externalAccountId: sender, displayName, credentials: { accountSid, authToken } }, null);
  const warnings: string[] = [];
  if (saved.ok) {
    const outcome = await ctx.subscribe(saved, { platform: 'twilio', external_account_id: twilioAccountId(accountSid, sender) }, { platform: 'twilio', accountSid, authToken });
    warnings.push(...subscriptionWarning(outcome));
  }
  return summarise('twilio', [saved], warnings, 'Nothing was connected.');
}

export const twilioConnectForm: ChannelConnectForm = {
  title: 'Connect WhatsApp through Twilio',
  fields: [
    { name: 'accountSid', label: 'Account SID', hint: '(starts with AC)', hintText: { code: 'connect.startsWith', params: { prefix: 'AC' } } },
    { name: 'authToken', label: 'Auth Token', hint: '(checked with Twilio, then stored encrypted)', hintText: { code: 'connect.checkedThenStored', params: { platform: 'Twilio' } }, secret: true },
    {
      name: 'sender',
      label: 'WhatsApp sender number',
      labelText: { code: 'connect.senderNumber', params: { product: 'WhatsApp' } },
      hint: '(e.g. +14155238886)',
      hintText: { code: 'connect.example', params: { example: '+14155238886' } },
    },
    { name: 'displayName', label: 'Display name', labelText: { code: 'connect.displayName' }, hint: '(optional)', hintText: { code: 'connect.optional' }, optional: true },
  ],
  values: TwilioFormValues,
  submit: submitTwilioForm,
};
