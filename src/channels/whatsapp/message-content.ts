import type { ContentType } from '../../db/schema.ts';
import type { LocationRef, MediaRef } from '../types.ts';
import { ButtonSchema, InteractiveSchema, LocationSchema, MediaSchema, OrderItemSchema, OrderSchema, TextSchema, type WaMessage } from './schemas.ts';

/**
 * The content of one WhatsApp message by its `type` (FACTS 4.1 "Other types"). Undefined means
 * snorq cannot read it (`unsupported`, `unknown`, a new type, or a known type whose
 * object is malformed): the caller stores it as `unsupported`, kept raw.
 */
export interface WhatsAppContent {
  contentType: ContentType;
  text?: string;
  media?: MediaRef[];
  location?: LocationRef;
  contacts?: unknown[];
  metadata: Record<string, unknown>;
}

const MEDIA_TYPES = { image: 'image', video: 'video', audio: 'audio', document: 'file', sticker: 'sticker' } as const;

export function whatsappContent(message: WaMessage): WhatsAppContent | undefined {
  const body: unknown = message[message.type];
  if (Object.hasOwn(MEDIA_TYPES, message.type)) {
    return mediaContent(MEDIA_TYPES[message.type as keyof typeof MEDIA_TYPES], body);
  }
  switch (message.type) {
    case 'text': {
      const text = TextSchema.safeParse(body);
      return text.success ? { contentType: 'text', text: text.data.body, metadata: {} } : undefined;
    }
    case 'location': {
      const l = LocationSchema.safeParse(body);
      if (!l.success) return undefined;
      const location: LocationRef = { latitude: l.data.latitude, longitude: l.data.longitude };
      if (l.data.name) location.name = l.data.name;
      if (l.data.address) location.address = l.data.address;
      if (l.data.url) location.url = l.data.url;
      return { contentType: 'location', location, metadata: {} };
    }
    case 'contacts':
      // Contact cards are kept as WhatsApp sent them (contract: MessageEvent.contacts).
      return Array.isArray(body) && body.length > 0 ? { contentType: 'contacts', contacts: body, metadata: {} } : undefined;
    case 'interactive':
      return interactiveContent(body);
    case 'button': {
      // A tap on a template's quick-reply button: the button's text is what the customer "said".
      const b = ButtonSchema.safeParse(body);
      if (!b.success) return undefined;
      const metadata: Record<string, unknown> = { button: true };
      if (b.data.payload) metadata['button_payload'] = b.data.payload;
      return { contentType: 'text', text: b.data.text, metadata };
    }
    case 'order':
      return orderContent(body);
    default:
      return undefined;
  }
}

/**
 * A cart sent from the business's catalogue: its lines in metadata.order, the customer's note as
 * text. Lines are read one by one (an odd one is kept as far as it reads); the total is given only
 * when every line has a quantity and a price in one currency.
 */
function orderContent(body: unknown): WhatsAppContent | undefined {
  const parsed = OrderSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const items = (parsed.data.product_items ?? []).map((raw) => {
    const item = OrderItemSchema.safeParse(raw);
    if (!item.success) return { raw };
    const line: Record<string, unknown> = {};
    if (item.data.product_retailer_id) line['productRetailerId'] = item.data.product_retailer_id;
    if (item.data.quantity != null) line['quantity'] = item.data.quantity;
    if (item.data.item_price != null) line['itemPrice'] = item.data.item_price;
    if (item.data.currency) line['currency'] = item.data.currency;
    return line;
  });
  const order: Record<string, unknown> = { items };
  if (parsed.data.catalog_id) order['catalogId'] = parsed.data.catalog_id;
  const total = orderTotal(items);
  if (total) order['total'] = total;
  const content: WhatsAppContent = { contentType: 'order', metadata: { order } };
  if (parsed.data.text) content.text = parsed.data.text;
  return content;
}

function orderTotal(items: Record<string, unknown>[]): { amount: number; currency: string } | undefined {
  const currencies = new Set(items.map((i) => i['currency']));
  const [currency] = currencies;
  if (items.length === 0 || currencies.size !== 1 || typeof currency !== 'string') return undefined;
  let cents = 0;
  for (const i of items) {
    if (typeof i['quantity'] !== 'number' || typeof i['itemPrice'] !== 'number') return undefined;
    cents += Math.round(i['quantity'] * i['itemPrice'] * 100);
  }
  return { amount: cents / 100, currency };
}

/** Media carry an id for the two-step download, never a URL (FACTS 4.5, pitfall 24). */
function mediaContent(type: MediaRef['type'], body: unknown): WhatsAppContent | undefined {
  const m = MediaSchema.safeParse(body);
  if (!m.success) return undefined;
  const media: MediaRef = { type, platformMediaId: m.data.id };
  if (m.data.mime_type) media.mimeType = m.data.mime_type;
  if (m.data.sha256) media.sha256 = m.data.sha256;
  if (m.data.caption) media.caption = m.data.caption;
  if (m.data.filename) media.filename = m.data.filename;
  const metadata: Record<string, unknown> = {};
  if (m.data.voice === true) metadata['voice'] = true;
  if (m.data.animated === true) metadata['animated'] = true;
  return { contentType: type, media: [media], metadata };
}

/** Replies to buttons, lists and Flows: shown as the text the customer picked, ids in metadata. */
function interactiveContent(body: unknown): WhatsAppContent | undefined {
  const parsed = InteractiveSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const i = parsed.data;
  if (i.type === 'button_reply' && i.button_reply) {
    return { contentType: 'text', text: i.button_reply.title, metadata: { interactive_type: i.type, reply_id: i.button_reply.id } };
  }
  if (i.type === 'list_reply' && i.list_reply) {
    const metadata: Record<string, unknown> = { interactive_type: i.type, reply_id: i.list_reply.id };
    if (i.list_reply.description) metadata['reply_description'] = i.list_reply.description;
    return { contentType: 'text', text: i.list_reply.title, metadata };
  }
  if (i.type === 'nfm_reply' && i.nfm_reply) {
    const text = i.nfm_reply.body ?? i.nfm_reply.name ?? 'Flow response';
    const metadata: Record<string, unknown> = { interactive_type: i.type };
    if (i.nfm_reply.name) metadata['flow_name'] = i.nfm_reply.name;
    if (i.nfm_reply.response_json) metadata['response_json'] = i.nfm_reply.response_json;
    return { contentType: 'text', text, metadata };
  }
  return undefined;
}
