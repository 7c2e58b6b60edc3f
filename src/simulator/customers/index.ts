import crypto from 'node:crypto';
import { WEBHOOK_PATHS, type SimContext } from '../context.ts';
import { messagingEntry, messagingEnvelope, type MessagingEvent } from '../graph/messaging-events.ts';
import type { CustomerMessage, CustomerSendResult, CustomerSide, HandshakeResult, RawSendOptions, SimPlatform } from '../types.ts';
import { CUSTOMER_KINDS } from '../types.ts';
import { post, postMeta, postTiktok, postTwilio, redeliver, twilioPublicUrl } from '../webhooks/deliver.ts';
import { whatsappEnvelope, type WhatsAppValue } from '../whatsapp/webhook-payloads.ts';
import { SimulatorUsageError, type BuiltEvent } from './built-event.ts';
import { buildMessagingEvent } from './messaging.ts';
import { buildTikTokEvent } from './tiktok.ts';
import { buildTwilioEvent } from './twilio.ts';
import { buildWhatsAppEvent } from './whatsapp.ts';

/**
 * The customers' side of every platform: what a person does in Messenger, Instagram, WhatsApp or
 * TikTok becomes that platform's webhook, built in its documented shape, signed with the right
 * secret over the exact bytes, and posted to snorq. The platform remembers it first (history,
 * reply window), so a reply snorq sends in reaction is judged as the platform would judge it.
 */
export function createCustomerSide(ctx: SimContext): CustomerSide {
  const send = async <P extends SimPlatform>(platform: P, message: CustomerMessage<P>): Promise<CustomerSendResult> => {
    checkKind(platform, message.kind);
    switch (platform) {
      case 'messenger':
      case 'instagram': {
        const p = platform as 'messenger' | 'instagram';
        const built = buildMessagingEvent(ctx, p, message as CustomerMessage<'messenger'>);
        const payload = messagingEnvelope(p, [messagingEntry(message.accountId, ctx.now(), [built.item], message.standby)]);
        return deliverBuilt(built, payload, () => postMeta(ctx, p, payload));
      }
      case 'whatsapp': {
        const built = buildWhatsAppEvent(ctx, message as CustomerMessage<'whatsapp'>);
        const payload = whatsappEnvelope([{ account: ctx.accounts.require('whatsapp', message.accountId), value: built.item }]);
        return deliverBuilt(built, payload, () => postMeta(ctx, 'whatsapp', payload));
      }
      case 'twilio': {
        const built = buildTwilioEvent(ctx, message as CustomerMessage<'twilio'>);
        const account = ctx.accounts.require('twilio', message.accountId);
        built.commit();
        const res = await postTwilio(ctx, account.accessToken, built.publicUrl ?? twilioPublicUrl(ctx), built.params);
        return { ...res, externalId: built.externalId, payload: built.params };
      }
      case 'tiktok': {
        const built = buildTikTokEvent(ctx, message as CustomerMessage<'tiktok'>);
        const firstAttemptAt = (message as CustomerMessage<'tiktok'>).firstAttemptAt;
        return deliverBuilt(built, built.item, () => postTiktok(ctx, built.item, firstAttemptAt === undefined ? {} : { firstAttemptAt }));
      }
      default:
        throw new SimulatorUsageError(`unknown platform ${String(platform)}`);
    }
  };

  const batch: CustomerSide['batch'] = async (platform, items) => {
    if (items.length === 0) throw new SimulatorUsageError('batch needs at least one item');
    for (const item of items) checkKind(platform, item.kind);
    if (platform === 'whatsapp') {
      const built = items.map((item) => ({ account: ctx.accounts.require('whatsapp', item.accountId), event: buildWhatsAppEvent(ctx, item as CustomerMessage<'whatsapp'>) }));
      const payload = whatsappEnvelope(built.map((b) => ({ account: b.account, value: b.event.item as WhatsAppValue })));
      for (const b of built) b.event.commit();
      const res = await postMeta(ctx, 'whatsapp', payload);
      return { ...res, payload, externalId: built[0]?.event.externalId, externalIds: built.map((b) => b.event.externalId) };
    }
    const p = platform as 'messenger' | 'instagram';
    const built = items.map((item) => ({ item, event: buildMessagingEvent(ctx, p, item as CustomerMessage<'messenger'>) }));
    const now = ctx.now();
    const payload = messagingEnvelope(p, built.map((b) => messagingEntry(b.item.accountId, now, [b.event.item as MessagingEvent], b.item.standby)));
    for (const b of built) b.event.commit();
    const res = await postMeta(ctx, p, payload);
    return { ...res, payload, externalId: built[0]?.event.externalId, externalIds: built.map((b) => b.event.externalId) };
  };

  const sendRaw = async (platform: SimPlatform, payload: unknown, options: RawSendOptions = {}): Promise<{ status: number; body: string }> => {
    switch (platform) {
      case 'messenger':
      case 'instagram':
      case 'whatsapp':
        return postMeta(ctx, platform, payload, { ...options, asIs: true });
      case 'tiktok':
        return postTiktok(ctx, payload, options);
      case 'twilio': {
        const params = payload as Record<string, string>;
        const account = ctx.accounts.all().find((a) => a.platform === 'twilio' && a.accountId === params.AccountSid) ?? ctx.accounts.all().find((a) => a.platform === 'twilio');
        const path = options.path ?? WEBHOOK_PATHS.twilio;
        return postTwilio(ctx, account?.accessToken ?? '', twilioPublicUrl(ctx, path), params, options);
      }
    }
  };

  const handshake = async (platform: 'messenger' | 'instagram' | 'whatsapp', verifyToken: string): Promise<HandshakeResult> => {
    const challenge = String(crypto.randomInt(1_000_000_000, 2_000_000_000));
    const query = new URLSearchParams({ 'hub.mode': 'subscribe', 'hub.verify_token': verifyToken, 'hub.challenge': challenge });
    const res = await post(ctx, platform, `${ctx.options.webhookBaseUrl}${WEBHOOK_PATHS[platform]}?${query.toString()}`, { 'user-agent': 'facebookplatform/1.0 (+http://developers.facebook.com)' }, Buffer.alloc(0), 'GET');
    return { ...res, challenge, ok: res.status === 200 && res.body === challenge };
  };

  const setLastMessageAt = (platform: SimPlatform, accountId: string, customerId: string, atMs: number): void => {
    ctx.accounts.require(platform, accountId);
    const conv = ctx.conversations.ensure(platform, accountId, { id: customerId }, atMs);
    ctx.conversations.setLastCustomerMessageAt(conv, atMs);
  };

  return { send, sendRaw, batch, handshake, setLastMessageAt, redeliver: (webhook) => redeliver(ctx, webhook) };
}

async function deliverBuilt(built: BuiltEvent, payload: unknown, deliver: () => Promise<{ status: number; body: string }>): Promise<CustomerSendResult> {
  built.commit();
  const res = await deliver();
  return { ...res, externalId: built.externalId, payload };
}

function checkKind(platform: SimPlatform, kind: string | undefined): void {
  const kinds: readonly string[] | undefined = CUSTOMER_KINDS[platform];
  if (!kinds) throw new SimulatorUsageError(`unknown platform ${platform}`);
  if (kind !== undefined && !kinds.includes(kind)) throw new SimulatorUsageError(`${platform} has no customer event kind '${kind}' (it has: ${kinds.join(', ')})`);
}
