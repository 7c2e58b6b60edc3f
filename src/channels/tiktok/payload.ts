import { z } from 'zod';

/**
 * TikTok Business Messaging webhook shapes (FACTS 6.1, known through Chatwoot and other
 * integrations: the vendor portal is not retrievable). Only fields we read are named; unknown
 * ones pass. Optional parts that are merely decorative `.catch(undefined)`, so one odd field
 * never sinks the message it decorates.
 */

/** Epoch numbers may come as JSON numbers or digit strings (Chatwoot calls `to_i` on them). */
const Epoch = z.union([
  z.number().int().nonnegative(),
  z
    .string()
    .regex(/^\d{1,16}$/)
    .transform(Number),
]);

export const EnvelopeSchema = z.looseObject({
  event: z.string().min(1),
  /** The business account's open id (= business_id on REST calls): the routing id (pitfall 6). */
  user_openid: z.string().min(1),
  /** Unix seconds. */
  create_time: Epoch.optional().catch(undefined),
  /** A JSON-encoded string (parse twice, FACTS 6.1); an already-decoded object is tolerated. */
  content: z.union([z.string(), z.record(z.string(), z.unknown())]),
});
export type Envelope = z.infer<typeof EnvelopeSchema>;

const UserSchema = z.looseObject({ id: z.string().min(1), role: z.string().optional() });

export const MessageContentSchema = z.looseObject({
  message_id: z.string().min(1),
  conversation_id: z.string().min(1).optional().catch(undefined),
  /** Milliseconds, unlike the envelope's seconds (pitfall 15). */
  timestamp: Epoch.optional().catch(undefined),
  type: z.string().optional().catch(undefined),
  from: z.string().optional().catch(undefined),
  from_user: UserSchema.optional().catch(undefined),
  to: z.string().optional().catch(undefined),
  to_user: UserSchema.optional().catch(undefined),
  is_follower: z.boolean().optional().catch(undefined),
  unique_identifier: z.string().optional().catch(undefined),
  referenced_message_info: z
    .looseObject({ referenced_message_id: z.string().min(1) })
    .optional()
    .catch(undefined),
  reply_source_payload: z
    .looseObject({ reply_source_unique_id: z.string().min(1) })
    .optional()
    .catch(undefined),
  /** Echoes: where the business sent from (`API`, `APP`, `WEB`; FACTS 6.1 [3p]). */
  message_tag: z.looseObject({ source: z.string() }).optional().catch(undefined),
});
export type MessageContent = z.infer<typeof MessageContentSchema>;

export const TextSchema = z.looseObject({ body: z.string().min(1) });

/** Image per FACTS 6.1 (`media_id`); video/sticker/emoji shapes are undocumented, read the same way. */
export const MediaSchema = z
  .looseObject({ media_id: z.string().min(1).optional(), url: z.string().min(1).optional() })
  .refine((m) => m.media_id !== undefined || m.url !== undefined, 'media without media_id or url');

export const SharePostSchema = z.looseObject({ embed_url: z.string().min(1), video_id: z.string().optional().catch(undefined) });

const CardButtonSchema = z.looseObject({
  /** `text` in webhooks (captured fixtures), `title` in the send request: both are read. */
  text: z.string().optional().catch(undefined),
  title: z.string().optional().catch(undefined),
  id: z
    .union([z.string(), z.number().transform(String)])
    .optional()
    .catch(undefined),
  url: z.string().optional().catch(undefined),
});
const CardButtons = z
  .array(z.unknown())
  .transform((list) =>
    list.flatMap((b) => {
      const parsed = CardButtonSchema.safeParse(b);
      return parsed.success ? [parsed.data] : [];
    }),
  )
  .optional()
  .catch(undefined);

/**
 * A card (template) message. Webhooks nest it as `elements: [{ title, buttons: [{ text, type, id }] }]`
 * (type lowercase, e.g. `qa_button_card`); the send request is flat, `{ type, title, buttons: [{ title, id }] }`,
 * and echoes have been seen in either form. Both are read (FACTS 6.1, 6.3; README "Uncertain shapes").
 */
export const TemplateSchema = z.looseObject({
  type: z.string().optional().catch(undefined),
  title: z.string().optional().catch(undefined),
  buttons: CardButtons,
  elements: z
    .array(z.unknown())
    .transform((list) =>
      list.flatMap((e) => {
        const parsed = z.looseObject({ title: z.string().optional().catch(undefined), buttons: CardButtons }).safeParse(e);
        return parsed.success ? [parsed.data] : [];
      }),
    )
    .optional()
    .catch(undefined),
});

export const ReadContentSchema = z.looseObject({
  conversation_id: z.string().optional().catch(undefined),
  read: z.looseObject({ last_read_timestamp: Epoch }),
  from_user: UserSchema,
});
