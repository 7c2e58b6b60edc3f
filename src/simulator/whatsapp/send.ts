import { fail, ok, type GraphCall } from '../meta/graph/call.ts';
import type { GraphErrorSpec } from '../meta/graph/errors.ts';
import { wamid } from './ids.ts';
import { type SimAttachment } from '../state/conversations.ts';
import type { SimAccount } from '../types.ts';
import { afterWhatsAppSend } from './receipts.ts';
import { checkTemplate } from './template-check.ts';
import { waIdOf } from './numbers.ts';
import { isOneEmoji } from '../emoji.ts';
import { checkInteractive, type SimChoice } from './interactive-check.ts';

/**
 * `POST /{PHONE_NUMBER_ID}/messages` (FACTS 4.3): text, media by link or id, template,
 * interactive, reaction, location, contacts, and mark-as-read / typing. Non-template messages
 * outside the 24 h customer service window are accepted and fail asynchronously with 131047
 * (FACTS 4.1, 4.4), as Cloud API does.
 */

type Obj = Record<string, unknown>;
const asObj = (v: unknown): Obj | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const DAY_MS = 24 * 3600 * 1000;
const MEDIA_TYPES = ['image', 'video', 'audio', 'document', 'sticker'];
const TYPES = ['text', ...MEDIA_TYPES, 'template', 'interactive', 'reaction', 'location', 'contacts'];

const waError = (code: number, message: string, details?: string): GraphErrorSpec => ({ code, message: `(#${code}) ${message}`, details: details ?? message, whatsapp: true });
const param = (message: string): GraphErrorSpec => waError(100, message);

export function sendWhatsApp(call: GraphCall, account: SimAccount): unknown {
  const { ctx, params } = call;
  if (params.messaging_product !== 'whatsapp') return fail(call, param('The parameter messaging_product is required.'));
  if (params.status !== undefined) return markRead(call, account);

  const to = typeof params.to === 'string' ? params.to : typeof params.to === 'number' ? String(params.to) : undefined;
  const bsuid = typeof params.recipient === 'string' ? params.recipient : undefined;
  if (!to && !bsuid) return fail(call, param('The parameter to is required.'));
  if (to && !/^\+?[\d\s().-]{6,20}$/.test(to)) return fail(call, waError(131009, 'Parameter value is not valid', 'The phone number in "to" is not a valid phone number.'));
  const type = params.type === undefined ? 'text' : String(params.type);
  if (!TYPES.includes(type)) return fail(call, param(`Param type must be one of {${TYPES.map((t) => t.toUpperCase()).join(', ')}}`));
  if (typeof params.biz_opaque_callback_data === 'string' && params.biz_opaque_callback_data.length > 512)
    return fail(call, param('Param biz_opaque_callback_data must be at most 512 characters long.'));

  const content = readContent(call, account, type);
  if ('error' in content) return fail(call, content.error);

  const waId = to ? to.replace(/\D/g, '') : (bsuid ?? '');
  const conv = ctx.conversations.ensure('whatsapp', account.accountId, { id: waIdOf(waId) }, ctx.now());
  const last = conv.lastCustomerMessageAt;
  const outside = last === undefined || ctx.now() - last > DAY_MS;
  const windowClosed = type !== 'template' && (outside || call.forceWindowClosed === true);
  const id = wamid(waId);
  const message = {
    id,
    platform: 'whatsapp' as const,
    accountId: account.accountId,
    customerId: conv.customer.id,
    direction: 'outbound' as const,
    timestamp: ctx.now(),
    status: 'accepted',
    text: content.text,
    attachments: content.attachments,
    data: {
      type,
      templateName: content.templateName,
      templateCategory: content.templateCategory,
      bizOpaqueCallbackData: params.biz_opaque_callback_data,
      context: asObj(params.context)?.message_id,
      ...(content.interactive && { interactive: content.interactive }),
    },
  };
  ctx.conversations.add(conv, message);
  afterWhatsAppSend(ctx, account, message, windowClosed);
  const contact = bsuid && !to ? { input: bsuid, user_id: bsuid } : { input: to, wa_id: waId };
  return ok(call, { messaging_product: 'whatsapp', contacts: [contact], messages: [type === 'template' ? { id, message_status: 'accepted' } : { id }] });
}

type Content =
  { text?: string; attachments?: SimAttachment[]; templateName?: string; templateCategory?: string; interactive?: { kind: 'button' | 'list'; choices: SimChoice[] } } | { error: GraphErrorSpec };

function readContent(call: GraphCall, account: SimAccount, type: string): Content {
  const body = asObj(call.params[type]);
  if (type === 'contacts') return Array.isArray(call.params.contacts) && call.params.contacts.length > 0 ? {} : { error: param('The parameter contacts is required.') };
  if (!body) return { error: param(`The parameter ${type} is required.`) };
  switch (type) {
    case 'text': {
      if (typeof body.body !== 'string' || body.body.length === 0) return { error: param("The parameter text['body'] is required.") };
      // Characters (code points), as Graph counts them (src/text/text-limits.ts).
      if (Array.from(body.body).length > 4096) return { error: param("Param text['body'] must be at most 4096 characters long.") };
      return { text: body.body };
    }
    case 'template': {
      const checked = checkTemplate(body);
      if ('error' in checked) return checked;
      return { templateName: checked.template.name, templateCategory: checked.template.category, text: checked.text };
    }
    case 'reaction':
      return checkReaction(call, account, body);
    case 'location':
      if (typeof body.latitude !== 'number' && typeof body.latitude !== 'string') return { error: param("The parameter location['latitude'] is required.") };
      if (typeof body.longitude !== 'number' && typeof body.longitude !== 'string') return { error: param("The parameter location['longitude'] is required.") };
      return {};
    case 'interactive': {
      const checked = checkInteractive(body);
      return 'error' in checked ? checked : { text: checked.text, interactive: checked.kind === 'other' ? undefined : { kind: checked.kind, choices: checked.choices } };
    }
  }
  // Media: by link (Meta fetches it) or by an uploaded media id of this number.
  const link = typeof body.link === 'string' ? body.link : undefined;
  const mediaId = typeof body.id === 'string' ? body.id : undefined;
  if (!link && !mediaId) return { error: param(`The parameter ${type}['link'] or ${type}['id'] is required.`) };
  if (link && mediaId) return { error: param(`Only one of ${type}['link'] and ${type}['id'] may be specified.`) };
  if (link && !/^https?:\/\/[^\s/]+/.test(link)) return { error: param(`Param ${type}['link'] must be a valid URL`) };
  if (mediaId) {
    const media = call.ctx.media.byId(mediaId);
    if (!media || media.platform !== 'whatsapp' || media.accountId !== account.accountId) return { error: param(`Param ${type}['id'] is not a valid whatsapp business account media attachment ID`) };
  }
  if (body.caption !== undefined) {
    if (type === 'audio' || type === 'sticker') return { error: param(`Param ${type}['caption'] is not allowed for this type`) };
    if (typeof body.caption !== 'string' || Array.from(body.caption).length > 1024) return { error: param(`Param ${type}['caption'] must be at most 1024 characters long.`) };
  }
  const voice = voiceFlag(type, body);
  if (typeof voice === 'object') return voice;
  const stored = mediaId ? call.ctx.media.byId(mediaId) : undefined;
  return {
    text: typeof body.caption === 'string' ? body.caption : undefined,
    attachments: [
      { type, url: link, mediaId, mimeType: stored?.mimeType, filename: typeof body.filename === 'string' ? body.filename : stored?.filename, size: stored?.bytes.length, ...(voice && { voice }) },
    ],
  };
}

/** `audio.voice: true` sends a voice message (FACTS 4.5: OGG/Opus; the upload refused other OGG); a boolean, on audio only. */
function voiceFlag(type: string, body: Obj): boolean | { error: GraphErrorSpec } {
  if (body.voice === undefined) return false;
  if (type !== 'audio') return { error: param(`Param ${type}['voice'] is not allowed for this type`) };
  if (typeof body.voice !== 'boolean') return { error: param("Param audio['voice'] must be a boolean.") };
  return body.voice;
}

/**
 * A reaction names a message of this number's thread with the customer and one emoji, or `""` to
 * remove the business's reaction (FACTS 4.3). Cloud API reports a reaction to a message it cannot
 * find in a failed status (131009) after accepting it; the simulator refuses it at once with the
 * same code, so the agent reads the same reason sooner.
 */
function checkReaction(call: GraphCall, account: SimAccount, body: Obj): Content {
  if (typeof body.message_id !== 'string') return { error: param("The parameter reaction['message_id'] is required.") };
  if (typeof body.emoji !== 'string') return { error: param("The parameter reaction['emoji'] is required.") };
  const target = call.ctx.conversations.message(body.message_id);
  const to = typeof call.params.to === 'string' ? waIdOf(call.params.to) : call.params.recipient;
  if (!target || target.platform !== 'whatsapp' || target.accountId !== account.accountId || target.customerId !== to) {
    return { error: waError(131009, 'Parameter value is not valid', `Message ${body.message_id} was not found in this conversation.`) };
  }
  if (body.emoji !== '' && !isOneEmoji(body.emoji)) return { error: waError(131009, 'Parameter value is not valid', "reaction['emoji'] must be a single emoji.") };
  if (body.emoji === '') delete target.businessReaction;
  else target.businessReaction = body.emoji;
  return {};
}

function markRead(call: GraphCall, account: SimAccount): unknown {
  const { ctx, params } = call;
  if (params.status !== 'read') return fail(call, param('Param status must be one of {READ}'));
  const messageId = typeof params.message_id === 'string' ? params.message_id : undefined;
  if (!messageId) return fail(call, param('The parameter message_id is required.'));
  const message = ctx.conversations.message(messageId);
  if (!message || message.platform !== 'whatsapp' || message.accountId !== account.accountId || message.direction !== 'inbound') {
    return fail(call, waError(131009, 'Parameter value is not valid', `Message ${messageId} was not found or does not belong to this phone number.`));
  }
  const typing = params.typing_indicator;
  if (typing !== undefined && asObj(typing)?.type !== 'text') return fail(call, param("Param typing_indicator['type'] must be one of {TEXT}"));
  // Marking one message read marks every earlier inbound message of the thread read (FACTS 4.3).
  const conv = ctx.conversations.get('whatsapp', account.accountId, message.customerId);
  for (const m of conv?.messages ?? []) if (m.direction === 'inbound' && m.timestamp <= message.timestamp) m.status = 'read';
  return ok(call, { success: true });
}
