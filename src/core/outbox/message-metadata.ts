import { z } from 'zod';
import { OutboundTemplateSchema } from '../../channels/message-metadata.ts';
import { CHANNELS, type Platform } from '../../channels/registry.ts';
import { InteractiveContentSchema } from '../../contract/interactive.ts';
import { CardSchema, ForwardedFromSchema, LocationSchema, MessageAutomationSchema, OrderSchema, SystemNoticeSchema } from '../../contract/messages.ts';

/**
 * The platform-neutral keys of `messages.metadata`, the ones core writes and reads whatever the
 * platform: a reply's template and tag and an automatic reply's origin (queue-reply.ts), a note's
 * mentions, a message's earlier texts (ingest's edits), and the shapes the API serves
 * (location, contacts, share, order, card, system notice; src/contract/messages.ts). Every key is
 * optional. A platform's own keys come from its definition's `messageMetadata`
 * (src/channels/message-metadata.ts); `readMessageMetadata` parses a row with both.
 */
export const neutralMessageMetadata = z.object({
  template: OutboundTemplateSchema.optional(),
  tag: z.literal('HUMAN_AGENT').optional(),
  automation: MessageAutomationSchema.optional(),
  forwardedFrom: ForwardedFromSchema.optional(),
  interactive: InteractiveContentSchema.optional(),
  mentions: z.array(z.number().int().positive()).optional(),
  /** One of the messages a reply with several attachments became (queue-reply.ts): its place, and the first message's id. */
  replyPart: z.object({ index: z.number().int().nonnegative(), count: z.number().int().positive(), firstId: z.number().int().positive().optional() }).optional(),
  edits: z.array(z.object({ previous: z.string().nullable(), at: z.string(), caption: z.literal(true).optional() })).optional(),
  location: LocationSchema.optional(),
  contacts: z.array(z.unknown()).optional(),
  share: z.record(z.string(), z.unknown()).optional(),
  // A line the platform listed oddly is kept as sent (`{ raw }`) beside the lines the API serves.
  order: OrderSchema.extend({ items: z.array(OrderSchema.shape.items.element.loose()) }).optional(),
  card: CardSchema.optional(),
  system: SystemNoticeSchema.optional(),
});

/** What core reads of a message's metadata: the neutral keys typed, the platform's keys parsed by its schema but opaque here. */
export type MessageMetadata = z.infer<typeof neutralMessageMetadata> & Record<string, unknown>;

export type MetadataRead = { ok: true; metadata: MessageMetadata } | { ok: false; problem: string };

const schemas = new Map<Platform, z.ZodType>(CHANNELS.map((channel) => [channel.id, neutralMessageMetadata.extend(channel.messageMetadata.shape)]));

/**
 * A stored message's metadata parsed with its platform's schema: typed, or the reason it does not
 * match ("template.name: Invalid input: expected string, received number"). Unknown keys are
 * dropped from the value (rows keep keys of earlier versions), so what is read is what is typed.
 * The caller logs the problem and falls back to something safe (never sends on a guess).
 */
export function readMessageMetadata(platform: Platform, value: unknown): MetadataRead {
  const schema = schemas.get(platform);
  if (!schema) return { ok: false, problem: `no metadata schema for platform ${platform}` };
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return { ok: true, metadata: parsed.data as MessageMetadata };
  return { ok: false, problem: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'metadata'}: ${issue.message}`).join('; ') };
}
