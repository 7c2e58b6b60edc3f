import { z } from 'zod';
import type { LocationRef, MediaRef, MessageEvent } from '../types.ts';
import { customerContact } from './status-callback.ts';
import type { TwilioMetadata } from './metadata.ts';

/**
 * "A message comes in" parameters (FACTS 5.1). Only the keys read here are named; everything
 * else passes through (Twilio adds parameters without notice).
 */
export const InboundSchema = z.looseObject({
  MessageSid: z.string().min(1),
  AccountSid: z.string().min(1),
  From: z.string().min(1),
  /** The business's `whatsapp:+E164` sender: with AccountSid, the routing id (pitfall 6). */
  To: z.string().min(1),
  Body: z.string().optional(),
  ProfileName: z.string().optional(),
  WaId: z.string().optional(),
  MessageType: z.string().optional(),
  NumMedia: z.string().optional(),
  Latitude: z.string().optional(),
  Longitude: z.string().optional(),
  Address: z.string().optional(),
  Label: z.string().optional(),
  ButtonText: z.string().optional(),
  ButtonPayload: z.string().optional(),
  ListId: z.string().optional(),
  ListTitle: z.string().optional(),
  OriginalRepliedMessageSid: z.string().optional(),
  MessagingServiceSid: z.string().optional(),
  Forwarded: z.string().optional(),
  FrequentlyForwarded: z.string().optional(),
});
export type InboundParams = z.infer<typeof InboundSchema>;

/** MessageType values we know how to read; anything else is kept as `unsupported` (pitfall 10). */
const KNOWN_TYPES = new Set(['text', 'image', 'audio', 'video', 'document', 'location', 'button', 'interactive', 'sticker']);

export function normalizeInbound(params: InboundParams, all: Record<string, string>): MessageEvent {
  const body = nonEmpty(params.Body);
  const event: MessageEvent = {
    kind: 'message',
    accountId: `${params.AccountSid}:${params.To}`,
    externalId: params.MessageSid,
    direction: 'inbound',
    contact: customerContact(params.From, nonEmpty(params.ProfileName)),
    // Twilio inbound carries no timestamp (FACTS pitfall 15): ingestion uses the receipt time.
    contentType: 'unsupported',
  };
  const metadata = inboundMetadata(params);
  const type = params.MessageType;
  const location = readLocation(params);
  const media = readMedia(all, type === 'sticker');

  if (type !== undefined && !KNOWN_TYPES.has(type)) {
    // Reactions and other types Twilio cannot render arrive with an unrecognised MessageType (FACTS 5.1).
    event.raw = all;
    if (media.length > 0) event.media = media;
  } else if (location) {
    event.contentType = 'location';
    event.location = location;
  } else if (media.length > 0) {
    event.contentType = type === 'sticker' ? 'sticker' : (media[0]?.type ?? 'file');
    event.media = media;
  } else if (params.ButtonText || params.ButtonPayload) {
    // A template quick-reply tap: the button's label is what the customer "said".
    event.contentType = 'text';
    event.text = nonEmpty(params.ButtonText) ?? body ?? params.ButtonPayload;
  } else if (type === 'interactive' && (params.ListId || params.ListTitle)) {
    event.contentType = 'text';
    event.text = body ?? nonEmpty(params.ListTitle) ?? params.ListId;
  } else if (body && (type === undefined || type === 'text')) {
    event.contentType = 'text';
  } else {
    // A known type without its content (an image without MediaUrl0, an empty text): keep it verbatim.
    event.raw = all;
  }
  if (body && event.text === undefined) event.text = body;
  const replyTo = nonEmpty(params.OriginalRepliedMessageSid);
  if (replyTo) event.replyToExternalId = replyTo;
  const referral = readReferral(all);
  if (referral) event.referral = referral;
  if (Object.keys(metadata).length > 0) event.metadata = metadata;
  return event;
}

function inboundMetadata(params: InboundParams): TwilioMetadata {
  const metadata: TwilioMetadata = {};
  if (params.WaId) metadata.waId = params.WaId;
  if (params.MessagingServiceSid) metadata.messagingServiceSid = params.MessagingServiceSid;
  if (params.ButtonText) metadata.buttonText = params.ButtonText;
  if (params.ButtonPayload) metadata.buttonPayload = params.ButtonPayload;
  if (params.ListId) metadata.listId = params.ListId;
  if (params.ListTitle) metadata.listTitle = params.ListTitle;
  if (params.Forwarded === 'true') metadata.forwarded = true;
  if (params.FrequentlyForwarded === 'true') metadata.frequentlyForwarded = true;
  return metadata;
}

/** MediaUrl{N}/MediaContentType{N} for N < NumMedia; the URL needs Basic auth to fetch (FACTS 5.7). */
function readMedia(all: Record<string, string>, sticker: boolean): MediaRef[] {
  const count = Number.parseInt(all.NumMedia ?? '0', 10);
  const media: MediaRef[] = [];
  // WhatsApp sends one media per message; the cap only guards against a hostile NumMedia.
  for (let i = 0; i < Math.min(Number.isFinite(count) ? count : 0, 10); i++) {
    const url = nonEmpty(all[`MediaUrl${i}`]);
    if (!url) continue;
    const mimeType = nonEmpty(all[`MediaContentType${i}`]);
    const item: MediaRef = { type: sticker ? 'sticker' : mediaType(mimeType), url };
    if (mimeType) item.mimeType = mimeType;
    media.push(item);
  }
  return media;
}

function mediaType(mimeType: string | undefined): MediaRef['type'] {
  if (mimeType?.startsWith('image/')) return 'image';
  if (mimeType?.startsWith('video/')) return 'video';
  if (mimeType?.startsWith('audio/')) return 'audio';
  return 'file';
}

function readLocation(params: InboundParams): LocationRef | undefined {
  if (!nonEmpty(params.Latitude?.trim()) || !nonEmpty(params.Longitude?.trim())) return undefined;
  const latitude = Number(params.Latitude);
  const longitude = Number(params.Longitude);
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return undefined;
  const location: LocationRef = { latitude, longitude };
  const name = nonEmpty(params.Label);
  const address = nonEmpty(params.Address);
  if (name) location.name = name;
  if (address) location.address = address;
  return location;
}

/**
 * Click-to-WhatsApp fields, kept under Twilio's own names (FACTS 5.1). Every inbound message
 * carries `ReferralNumMedia=0`, so only a message with some other Referral* value has a referral.
 */
function readReferral(all: Record<string, string>): Record<string, unknown> | undefined {
  const entries = Object.entries(all).filter(([key, value]) => key.startsWith('Referral') && value !== '');
  if (!entries.some(([key]) => key !== 'ReferralNumMedia')) return undefined;
  return Object.fromEntries(entries);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
