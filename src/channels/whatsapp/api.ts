import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { graphPath, graphRequest } from '../meta/graph-client.ts';
import { failed, parseBody, type Done, type Outcome } from '../http/outcome.ts';
import { sendInParts, tooLong } from '../http/send-in-parts.ts';
import type { TemplateSummary } from '../template-spec.ts';
import type { OutboundMedia, OutboundMessage, OutboundTemplate, PlatformCallContext, SendResult } from '../types.ts';
import type { ChannelApi } from '../channel-definition.ts';
import { buildTemplateComponents, MetaTemplateSchema, summarizeTemplate } from './template-inputs.ts';
import { describeLimit, fitsLimit } from '../../text/text-limits.ts';
import { WHATSAPP_CAPTION_LIMIT, whatsappPolicy } from './policy.ts';
import { REACTION_CHOICES } from '../meta/reaction-choices.ts';
import { interactiveContent, WHATSAPP_INTERACTIVE } from './interactive.ts';

/**
 * WhatsApp Cloud API (FACTS 4.3, 4.5): `{metaGraph}/{v}/{PHONE_NUMBER_ID}/...` with
 * `Authorization: Bearer <system-user token>`. The call context's accountId is the phone_number_id.
 */

const KIND: Record<OutboundMedia['type'], 'image' | 'video' | 'audio' | 'document'> = { image: 'image', video: 'video', audio: 'audio', file: 'document' };

const SendResponseSchema = z.looseObject({
  messages: z.array(z.looseObject({ id: z.string().min(1), message_status: z.string().optional() })).min(1),
});
const MediaIdSchema = z.looseObject({ id: z.string().min(1) });
const SuccessSchema = z.looseObject({ success: z.literal(true) });
const TemplatesPageSchema = z.looseObject({
  data: z.array(MetaTemplateSchema),
  paging: z.looseObject({ cursors: z.looseObject({ after: z.string().optional() }).optional(), next: z.string().optional() }).optional(),
});

export type { TemplateSummary };

function token(call: PlatformCallContext): string {
  if (call.credentials.platform !== 'whatsapp') throw new Error(`WhatsApp API called with ${call.credentials.platform} credentials`);
  return call.credentials.accessToken;
}

/** A phone number goes in `to` (`+` optional); anything else is a BSUID, sent as `recipient` (FACTS 4.3, 7.21). */
const address = (id: string): Record<string, string> => (/^\+?\d+$/.test(id) ? { to: id } : { recipient: id });

async function postMessage(call: PlatformCallContext, message: OutboundMessage, content: Record<string, unknown>, quote: boolean): Promise<SendResult> {
  const res = await graphRequest(call, {
    product: 'whatsapp',
    method: 'POST',
    path: graphPath(call.accountId, 'messages'),
    token: token(call),
    auth: 'bearer',
    json: {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      ...address(message.recipientId),
      ...(quote && message.replyToExternalId && { context: { message_id: message.replyToExternalId } }),
      ...content,
    },
  });
  if (!res.ok) return res;
  // 200 + wamid means accepted, not delivered: 131047/131026 may still arrive as a failed status (FACTS 7.22).
  const parsed = parseBody(SendResponseSchema, res.body, 'WhatsApp');
  return parsed.ok ? { ok: true, externalId: parsed.value.messages[0]!.id } : parsed;
}

/** `POST /{PHONE_NUMBER_ID}/media`, multipart `file`, `type`, `messaging_product` → `{id}` (FACTS 4.5). */
export async function uploadMedia(call: PlatformCallContext, media: OutboundMedia & { localPath: string }): Promise<Outcome<string>> {
  let bytes: Buffer;
  try {
    bytes = await readFile(media.localPath);
  } catch {
    return failed({ code: 'MEDIA_UPLOAD_FAILED', reason: 'snorq could not read the attachment file to upload it.', retryable: false, platformCode: 'local_file' });
  }
  const form = new FormData();
  form.set('messaging_product', 'whatsapp');
  form.set('type', media.mimeType);
  // A file read from disk is never backed by a SharedArrayBuffer, which is all Blob refuses.
  form.set('file', new Blob([bytes as Uint8Array<ArrayBuffer>], { type: media.mimeType }), media.filename ?? path.basename(media.localPath));
  const res = await graphRequest(call, { product: 'whatsapp', method: 'POST', path: graphPath(call.accountId, 'media'), token: token(call), auth: 'bearer', form });
  if (!res.ok) {
    // A rejected upload is about the file unless it is the token, a throttle or an outage.
    const f = res.failure;
    return f.code === 'UNKNOWN_PLATFORM_ERROR' ? failed({ ...f, code: 'MEDIA_UPLOAD_FAILED', reason: `WhatsApp refused the attachment upload. ${f.reason}` }) : res;
  }
  const parsed = parseBody(MediaIdSchema, res.body, 'WhatsApp');
  return parsed.ok ? { ok: true, value: parsed.value.id } : parsed;
}

const isOggAudio = (mimeType: string) => ['audio/ogg', 'audio/opus'].includes(mimeType.split(';')[0]!.trim().toLowerCase());

async function mediaContent(call: PlatformCallContext, media: OutboundMedia, caption: string | undefined): Promise<Outcome<Record<string, unknown>>> {
  const kind = KIND[media.type];
  let source: Record<string, string> = { link: media.url };
  if (media.localPath) {
    const uploaded = await uploadMedia(call, { ...media, localPath: media.localPath });
    if (!uploaded.ok) return uploaded;
    source = { id: uploaded.value };
  }
  const object = {
    ...source,
    ...(caption && { caption }),
    ...(kind === 'document' && media.filename && { filename: media.filename }),
    // Ogg/Opus audio goes as a voice message (microphone icon, played status); other audio as a file (FACTS 4.5).
    ...(kind === 'audio' && isOggAudio(media.mimeType) && { voice: true }),
  };
  return { ok: true, value: { type: kind, [kind]: object } };
}

/**
 * A template send (FACTS 4.3). Built from the inputs checked when it was queued; a row queued
 * before inputs existed has only the body's positional variables.
 */
function templateContent(t: OutboundTemplate): Record<string, unknown> {
  const components =
    t.inputs && t.parameters
      ? buildTemplateComponents(t.inputs, t.parameters, t.parameterFormat ?? 'POSITIONAL')
      : (t.variables ?? []).length > 0
        ? [{ type: 'body', parameters: (t.variables ?? []).map((text) => ({ type: 'text', text })) }]
        : [];
  return {
    type: 'template',
    template: {
      name: t.name,
      language: { code: t.language, policy: 'deterministic' },
      ...(components.length > 0 && { components }),
    },
  };
}

/**
 * A template (the only thing allowed outside the 24 h window) is sent as is; text is not added to
 * it. Otherwise text rides as the caption when the media type has one and it fits (1024), else
 * it follows the media as its own message (audio has no caption).
 */
async function send(call: PlatformCallContext, message: OutboundMessage): Promise<SendResult> {
  const { text, media, template } = message;
  if (template) return postMessage(call, message, templateContent(template), true);
  if (message.interactive && text) return postMessage(call, message, interactiveContent(message.interactive, text), true);
  if (!text && !media) throw new Error('WhatsApp send needs text, media or a template');
  if (text && !fitsLimit(whatsappPolicy.textLimit, text)) return tooLong(describeLimit(whatsappPolicy.textLimit), 'WhatsApp');
  const textContent = (t: string) => ({ type: 'text', text: { body: t, preview_url: /https?:\/\//i.test(t) } });
  if (!media) return postMessage(call, message, textContent(text!), true);

  const captioned = text !== undefined && text !== '' && media.type !== 'audio' && fitsLimit(WHATSAPP_CAPTION_LIMIT, text);
  const content = await mediaContent(call, media, captioned ? text : undefined);
  if (!content.ok) return content;
  const parts = [() => postMessage(call, message, content.value, true)];
  if (text && !captioned) parts.push(() => postMessage(call, message, textContent(text), false));
  return sendInParts(parts);
}

/** Blue ticks: marks this and every earlier inbound message read (FACTS 4.3). */
export async function markRead(call: PlatformCallContext, wamid: string): Promise<Done> {
  const res = await graphRequest(call, {
    product: 'whatsapp',
    method: 'POST',
    path: graphPath(call.accountId, 'messages'),
    token: token(call),
    auth: 'bearer',
    json: { messaging_product: 'whatsapp', status: 'read', message_id: wamid },
  });
  if (!res.ok) return res;
  const parsed = parseBody(SuccessSchema, res.body, 'WhatsApp');
  return parsed.ok ? { ok: true } : parsed;
}

/**
 * The typing indicator rides on a read receipt of the customer's latest message: it marks it read
 * too, and disappears when the reply arrives or after 25 s; there is no "typing off" (FACTS 4.3).
 */
export async function showTyping(call: PlatformCallContext, wamid: string): Promise<Done> {
  const res = await graphRequest(call, {
    product: 'whatsapp',
    method: 'POST',
    path: graphPath(call.accountId, 'messages'),
    token: token(call),
    auth: 'bearer',
    json: { messaging_product: 'whatsapp', status: 'read', message_id: wamid, typing_indicator: { type: 'text' } },
  });
  if (!res.ok) return res;
  const parsed = parseBody(SuccessSchema, res.body, 'WhatsApp');
  return parsed.ok ? { ok: true } : parsed;
}

/** A reaction is a message of `type: reaction`; an empty emoji removes the business's reaction (FACTS 4.3). */
const react: NonNullable<ChannelApi['react']> = async (call, t) => {
  const reaction = { type: 'reaction', reaction: { message_id: t.externalId, emoji: t.emoji ?? '' } };
  const sent = await postMessage(call, { recipientId: t.recipientId }, reaction, false);
  return sent.ok ? { ok: true } : sent;
};

/** `GET /{WABA_ID}/message_templates?fields=name,status,language,category,parameter_format,components`, every page (FACTS 4.3). */
export async function listTemplates(call: PlatformCallContext, wabaId: string): Promise<Outcome<TemplateSummary[]>> {
  const templates: TemplateSummary[] = [];
  let after: string | undefined;
  for (let page = 0; page < 50; page++) {
    const res = await graphRequest(call, {
      product: 'whatsapp',
      method: 'GET',
      path: graphPath(wabaId, 'message_templates'),
      token: token(call),
      auth: 'bearer',
      query: { fields: 'name,status,language,category,parameter_format,components', limit: '100', ...(after && { after }) },
    });
    if (!res.ok) return res;
    const parsed = parseBody(TemplatesPageSchema, res.body, 'WhatsApp');
    if (!parsed.ok) return parsed;
    for (const t of parsed.value.data) templates.push(summarizeTemplate(t));
    // Follow the cursor, not `paging.next`: that absolute URL names Meta's host, not the configured one.
    after = parsed.value.paging?.next ? parsed.value.paging.cursors?.after : undefined;
    if (!after) break;
  }
  return { ok: true, value: templates };
}

export const whatsappApi: ChannelApi = {
  platform: 'whatsapp',
  send,
  mediaTypes: ['image', 'video', 'audio', 'file'],
  voiceNotes: 'voice',
  // Marking the latest message read marks every earlier one too (FACTS 4.3).
  markRead: async (call, target) => (target.lastInboundExternalId ? markRead(call, target.lastInboundExternalId) : { ok: true }),
  typing: async (call, target) => (target.lastInboundExternalId ? showTyping(call, target.lastInboundExternalId) : { ok: true }),
  react,
  reactionChoices: REACTION_CHOICES,
  interactive: WHATSAPP_INTERACTIVE,
  templates: {
    async list(call) {
      const wabaId = call.credentials.platform === 'whatsapp' ? call.credentials.wabaId : undefined;
      if (!wabaId) return { ok: true, value: { templates: [], note: 'The WhatsApp Business Account id (wabaId) of this channel is unknown; add it to list templates.' } };
      const listed = await listTemplates(call, wabaId);
      return listed.ok ? { ok: true, value: { templates: listed.value } } : listed;
    },
    source: 'WhatsApp',
    noneApproved: 'This WhatsApp Business Account has no approved template.',
  },
};
