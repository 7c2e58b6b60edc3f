import type { SimulatedCustomer } from '../simulated-platform.ts';
import type { CustomerMessage } from '../types.ts';
import { postTwilio, twilioPublicUrl } from './deliver.ts';
import { buildTwilioEvent } from './customer-events.ts';

/** A Twilio WhatsApp customer (FACTS 5.1, 5.3): form params signed over the public URL Twilio was given. */
export const twilioCustomer: SimulatedCustomer = {
  send: async (ctx, message) => {
    const built = buildTwilioEvent(ctx, message as CustomerMessage<'twilio'>);
    const account = ctx.accounts.require('twilio', message.accountId);
    built.commit();
    const res = await postTwilio(ctx, account.accessToken, built.publicUrl ?? twilioPublicUrl(ctx), built.params);
    return { ...res, externalId: built.externalId, payload: built.params };
  },
  sendRaw: (ctx, payload, options) => {
    const params = payload as Record<string, string>;
    const accounts = ctx.accounts.all().filter((a) => a.platform === 'twilio');
    const account = accounts.find((a) => a.accountId === params.AccountSid) ?? accounts[0];
    return postTwilio(ctx, account?.accessToken ?? '', twilioPublicUrl(ctx, options.path), params, options);
  },
};
