import type { SimContext } from '../context.ts';
import { twilioSid } from './ids.ts';
import { lastBusinessMessage, type SimMessage } from '../state/conversations.ts';
import { statusCallbackParams } from '../twilio/status-callbacks.ts';
import type { CustomerMessage, MediaKind } from '../types.ts';
import { need, SimulatorUsageError } from '../customers/built-event.ts';
import { prepareCustomerMedia } from '../customers/media.ts';
import { twilioPhoneKey } from './phone.ts';

/**
 * Twilio WhatsApp customer events (FACTS 5.1): the form params of "A message comes in"; for
 * `read`/`delivery`, the status callback of the business message they are about (FACTS 5.3).
 */

export interface TwilioBuilt {
  params: Record<string, string>;
  /** The public URL Twilio would call: the inbound webhook, or the message's StatusCallback. */
  publicUrl?: string;
  externalId?: string;
  commit(): void;
}

const TWILIO_MESSAGE_TYPE: Record<MediaKind, string> = { image: 'image', video: 'video', audio: 'audio', file: 'document', sticker: 'sticker' };

export function buildTwilioEvent(ctx: SimContext, input: CustomerMessage<'twilio'>): TwilioBuilt {
  const account = ctx.accounts.require('twilio', input.accountId);
  const sender = account.sender ?? '';
  const kind: string = input.kind ?? (input.media ? input.media.type : 'text');
  const at = input.timestamp ?? ctx.now();
  const conv = ctx.conversations.ensure('twilio', account.accountId, input.customer, at);

  if (kind === 'read' || kind === 'delivery') {
    const target = input.replyTo ? ctx.conversations.message(input.replyTo) : lastBusinessMessage(conv);
    if (!target) throw new SimulatorUsageError('replyTo must name a message the business sent');
    if (!target.statusCallback) throw new SimulatorUsageError(`message ${target.id} was sent without a StatusCallback`);
    const status = kind === 'read' ? 'read' : 'delivered';
    return { params: statusCallbackParams(account, target, status), publicUrl: target.statusCallback, commit: () => (target.status = status) };
  }

  const phone = twilioPhoneKey(input.customer.phone || input.customer.id);
  const isMedia = kind in TWILIO_MESSAGE_TYPE;
  const sid = input.externalId ?? twilioSid(isMedia ? 'MM' : 'SM');
  const params: Record<string, string> = {
    SmsMessageSid: sid,
    NumMedia: '0',
    ProfileName: input.customer.name ?? 'WhatsApp User',
    MessageType: 'text',
    SmsSid: sid,
    WaId: phone.replace(/^\+/, ''),
    SmsStatus: 'received',
    Body: input.text ?? '',
    To: sender,
    NumSegments: '1',
    ReferralNumMedia: '0',
    MessageSid: sid,
    AccountSid: account.accountId,
    From: `whatsapp:${phone}`,
    ApiVersion: '2010-04-01',
  };
  const stored: Partial<SimMessage> = { text: input.text };

  if (isMedia) {
    const media = prepareCustomerMedia(ctx, 'twilio', account.accountId, { ...input.media, type: kind as MediaKind }, sid);
    Object.assign(params, {
      NumMedia: '1',
      MessageType: TWILIO_MESSAGE_TYPE[kind as MediaKind],
      MediaContentType0: media.mimeType,
      MediaUrl0: media.url ?? '',
      Body: input.text ?? media.caption ?? '',
    });
    stored.attachments = [{ type: kind, mediaId: media.stored?.id, url: media.url, mimeType: media.mimeType }];
    stored.text = params.Body;
  } else {
    applyTwilioKind(kind, input, params, stored);
  }
  if (input.replyTo) Object.assign(params, { OriginalRepliedMessageSender: sender, OriginalRepliedMessageSid: input.replyTo });
  if (input.referral) {
    const r = {
      ReferralSourceId: '120226305854810726',
      ReferralSourceType: 'ad',
      ReferralSourceUrl: 'https://fb.me/3cr4Wqqkx',
      ReferralHeadline: 'Summer sale',
      ReferralBody: 'Message us',
      ReferralCtwaClid: 'ARAkLkA8rmlFeiCktEJQ',
      ...input.referral,
    };
    for (const [k, v] of Object.entries(r)) params[k] = String(v);
  }
  return {
    params,
    externalId: sid,
    commit: () => {
      ctx.conversations.add(conv, {
        id: sid,
        platform: 'twilio',
        accountId: account.accountId,
        customerId: conv.customer.id,
        direction: 'inbound',
        timestamp: at,
        status: 'received',
        data: { from: params.From, to: sender, numMedia: params.NumMedia, dateSent: at },
        ...stored,
      });
      ctx.conversations.customerActed(conv, at);
    },
  };
}

/** The form params of a message that carries no media, by kind. */
function applyTwilioKind(kind: string, input: CustomerMessage<'twilio'>, params: Record<string, string>, stored: Partial<SimMessage>): void {
  switch (kind) {
    case 'text':
      params.Body = need(input.text, 'text');
      break;
    case 'location': {
      const loc = need(input.location, 'location');
      Object.assign(params, { MessageType: 'location', Latitude: String(loc.latitude), Longitude: String(loc.longitude), Body: '' });
      if (loc.address) params.Address = loc.address;
      if (loc.name) params.Label = loc.name;
      break;
    }
    case 'button':
      Object.assign(params, { MessageType: 'button', ButtonText: input.text ?? 'Talk to an agent', ButtonPayload: input.payload ?? 'TALK_TO_AGENT', Body: input.text ?? 'Talk to an agent' });
      stored.text = params.Body;
      break;
    case 'unsupported':
      Object.assign(params, { MessageType: 'unsupported', Body: '' });
      break;
    default:
      throw new SimulatorUsageError(`twilio has no customer event kind '${kind}'`);
  }
}
