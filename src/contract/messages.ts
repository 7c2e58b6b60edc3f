import { z } from 'zod';
import { ThreadTextSchema } from './thread-texts.ts';
import { isOneEmoji } from '../text/one-emoji.ts';
import { Id, Timestamp } from './common.ts';
import { ConversationFieldsSchema } from './conversations.ts';
import { InteractiveContentSchema } from './interactive.ts';
import { schemaText } from './server-texts.ts';

export const ContentTypeSchema = z.enum(['text', 'image', 'video', 'audio', 'file', 'sticker', 'location', 'contacts', 'share', 'template', 'order', 'system', 'referral', 'unsupported']);
export type ContentType = z.infer<typeof ContentTypeSchema>;
export const MessageStatusSchema = z.enum(['pending', 'sent', 'delivered', 'read', 'failed']);
export type MessageStatus = z.infer<typeof MessageStatusSchema>;

/** An attachment of a message; `url` serves snorq's stored copy to signed-in users. */
export const MediaItemSchema = z.object({
  index: z.number(),
  type: z.enum(['image', 'video', 'audio', 'file', 'sticker']),
  mimeType: z.string().nullable(),
  filename: z.string().nullable(),
  caption: z.string().nullable(),
  size: z.number().nullable(),
  /** Seconds of audio or video where the platform said it; the web player reads the rest from the file's metadata. */
  durationSeconds: z.number().nullable().optional(),
  state: z.enum(['pending', 'stored', 'failed']),
  error: z.string().nullable(),
  url: z.string().nullable(),
});
export type MediaItem = z.infer<typeof MediaItemSchema>;

/**
 * `by` is 'customer' or the id of the user who reacted (the business has one reaction per message
 * on every platform). `failed`: the platform refused an agent's reaction, or its removal
 * (`removing`), with the reason the agent reads.
 */
export const ReactionSchema = z.object({
  by: z.string(),
  emoji: z.string(),
  at: z.string(),
  failed: z.object({ reason: z.string(), removing: z.boolean().optional() }).optional(),
});
export type Reaction = z.infer<typeof ReactionSchema>;

export const LocationSchema = z.object({
  latitude: z.number(),
  longitude: z.number(),
  name: z.string().optional(),
  address: z.string().optional(),
  url: z.string().optional(),
});
export type Location = z.infer<typeof LocationSchema>;

/** A catalogue order, as the platform listed it (any field may be missing). */
export const OrderSchema = z.object({
  catalogId: z.string().optional(),
  items: z.array(z.object({ productRetailerId: z.string().optional(), quantity: z.number().optional(), itemPrice: z.number().optional(), currency: z.string().optional() })),
  total: z.object({ amount: z.number(), currency: z.string() }).optional(),
});
export type OrderSummary = z.infer<typeof OrderSchema>;

/** A card with buttons (a TikTok card, a Messenger template). */
export const CardSchema = z.object({
  title: z.string().optional(),
  text: z.string().optional(),
  buttons: z.array(z.object({ title: z.string(), payload: z.string().optional(), url: z.string().optional() })),
});
export type ButtonCard = z.infer<typeof CardSchema>;

/** A `system` notice's facts (a number change). */
export const SystemNoticeSchema = z.object({ type: z.string().optional(), previousId: z.string().optional(), newId: z.string().optional() });
export type SystemNotice = z.infer<typeof SystemNoticeSchema>;

/** The template a reply was sent with. */
export const SentTemplateSchema = z.looseObject({ name: z.string(), language: z.string(), variables: z.array(z.string()).optional() });

/** The agent who wrote a reply or note. */
export const MessageAuthorSchema = z.object({ id: z.number(), name: z.string(), avatarUrl: z.string().nullable() });
export type MessageAuthor = z.infer<typeof MessageAuthorSchema>;

/** What sent an automatic message: a feature of snorq (`feature`) and, when it has rules, which one. */
/** Where a forwarded message came from ("forwarded from WhatsApp, Ana"), kept on the new message. */
export const ForwardedFromSchema = z.object({ platform: z.string(), contact: z.string(), messageId: z.number().int() });
export type ForwardedFrom = z.infer<typeof ForwardedFromSchema>;

export const MessageAutomationSchema = z.object({ feature: z.string().min(1).max(100), rule: z.string().max(200).optional() });
export type MessageAutomation = z.infer<typeof MessageAutomationSchema>;

/** A message as the thread shows it, and as the live events carry it. */
export const MessageSchema = z.object({
  id: z.number(),
  conversationId: z.number(),
  channelId: z.number(),
  direction: z.enum(['inbound', 'outbound']),
  content: z.string().nullable(),
  contentType: ContentTypeSchema,
  media: z.array(MediaItemSchema),
  location: LocationSchema.nullable(),
  /** Story replies and mentions, shared posts, links: `{ type, url, … }` as the platform sent them. */
  share: z.record(z.string(), z.unknown()).nullable(),
  /** Shared contact cards, as the platform sent them. */
  contacts: z.array(z.unknown()).nullable(),
  template: SentTemplateSchema.nullable(),
  order: OrderSchema.nullable(),
  card: CardSchema.nullable(),
  system: SystemNoticeSchema.nullable(),
  status: MessageStatusSchema,
  errorCode: z.string().nullable().describe('a failure’s class (TOKEN_EXPIRED, WINDOW_CLOSED, …: src/channels/types.ts PLATFORM_ERROR_CODES), the web app’s text `platformError.<code>`'),
  errorReason: z.string().nullable().describe('the failure in an English sentence'),
  errorDetail: z.string().nullable().describe('the platform’s own code and words ("131047: Re-engagement message"), as evidence; null when it gave none'),
  externalId: z.string().nullable(),
  replyToMessageId: z.number().nullable(),
  /** The platform's id of the quoted message, when snorq does not hold it. */
  replyToExternalId: z.string().nullable(),
  reactions: z.array(ReactionSchema),
  /** Ad / click-to-message referral data, as the platform sent it. */
  referral: z.record(z.string(), z.unknown()).nullable(),
  timestamp: Timestamp,
  senderUserId: z.number().nullable(),
  isEcho: z.boolean(),
  isPrivateNote: z.boolean(),
  editedAt: Timestamp.nullable(),
  deletedAt: Timestamp.nullable(),
  preview: z.string().nullable(),
  /** A private note's mentioned agents (`@name`), as the server recognised them. */
  mentions: z.array(z.number()).optional(),
  /** Who wrote an agent's reply or note (`senderUserId`'s name and picture), given by the thread and live events; absent where only the id is known. */
  author: MessageAuthorSchema.nullable().optional(),
  /** A message snorq sent by itself: the feature (and its rule, if any) that sent it. */
  automation: MessageAutomationSchema.optional(),
  /** A line snorq wrote in the thread (who assigned it, what automation did): `content` as a code, for the reader's language. */
  contentText: ThreadTextSchema.optional(),
  /** A message an agent forwarded from another conversation: its platform and customer there. */
  forwardedFrom: ForwardedFromSchema.optional(),
  /** The choices an agent's reply offered the customer (the customer's tap comes back as their own message). */
  interactive: InteractiveContentSchema.optional(),
});
export type Message = z.infer<typeof MessageSchema>;

/** A thread page, oldest first; `previousCursor` (as `before`) fetches the older messages. */
export const MessagePageSchema = z.object({ messages: z.array(MessageSchema), previousCursor: z.string().nullable() });
export type MessagePage = z.infer<typeof MessagePageSchema>;

/** An uploaded file named in a reply (POST /api/v1/uploads answers with it). */
export const AttachmentRef = z.object({
  storageKey: z.string().min(1).max(200),
  type: z.enum(['image', 'video', 'audio', 'file']),
  mimeType: z.string().min(1).max(200),
  filename: z.string().max(255).optional(),
  size: z.number().int().nonnegative().optional(),
});
export type AttachmentRef = z.infer<typeof AttachmentRef>;

/** One of several attachments of a reply, with the text that goes with it (a caption where the platform takes one, else a message right after it). */
export const ReplyAttachmentRef = AttachmentRef.extend({
  caption: z.string().max(4096).optional().describe('text that goes with this attachment: its caption where the platform takes one, else a message right after it'),
});

export const SendMessageBody = z.object({
  conversationId: Id,
  content: z.string().max(10_000).optional(),
  /** The original guide's field; 'note' makes a private note. Media/template types follow the payload. */
  messageType: z.enum(['text', 'image', 'video', 'audio', 'file', 'template', 'note']).optional(),
  /** Accepted for compatibility with the original guide; the conversation decides both. */
  platform: z.string().optional(),
  channelId: z.number().int().optional(),
  media: AttachmentRef.optional(),
  /**
   * Several attachments (instead of `media`), in order. The reply becomes the messages the
   * platform needs, each with its own status, sent in order: one attachment per message; the
   * reply's `content` is the first attachment's caption where the platform takes captions on its
   * kind (`capabilities.attachments.caption`), else a message after the attachments.
   * Each is checked against the platform's types and sizes (`GET /api/v1/platforms`
   * `capabilities.attachments`) before anything is stored: 422 UNPROCESSABLE with
   * `details.attachment` = { index, problem: 'type' | 'size', mimeType, filename, maxBytes | accepted }.
   * On a platform that caps messages per window (TikTok), a reply that would need more than are
   * left is 422 with `details.messages` = { remaining, needed }.
   */
  attachments: z
    .array(ReplyAttachmentRef)
    .min(1)
    .max(10)
    .optional()
    .describe(
      'Several uploads instead of `media`, in order, each with an optional caption. The reply becomes one message per attachment, each with its own status, sent in order (the response lists them in `messages`); `content` is the first attachment’s caption where the platform takes captions on its kind (GET /api/v1/platforms `capabilities.attachments.caption`), else a message after the attachments. Each is checked against the platform’s types and sizes before anything is stored: 422 UNPROCESSABLE with `details.attachment` {index, problem: type|size, mimeType, filename, maxBytes|accepted}.',
    ),
  template: z
    .object({
      name: z.string().min(1).max(512),
      language: z.string().min(2).max(15),
      variables: z.array(z.string().max(1024)).max(20).optional(),
      /** Values by the input keys `GET /api/v1/channels/:id/templates` lists (`body.1`, `header.link`, `button.0` …). */
      parameters: z
        .record(z.string().min(1).max(100), z.string().max(2000))
        .refine((p) => Object.keys(p).length <= 100, schemaText('schema.templateParameters', { count: 100 }))
        .optional(),
      contentSid: z.string().max(64).optional(),
    })
    .optional(),
  tag: z.literal('HUMAN_AGENT').optional(),
  replyToMessageId: z.number().int().positive().optional(),
  privateNote: z.boolean().optional(),
  /** Choices the customer taps, sent with `content` (checked against the platform's limits: 422 naming the field). */
  interactive: InteractiveContentSchema.optional(),
});
export type SendMessageBody = z.input<typeof SendMessageBody>;

export const SendHeaders = z.object({ 'idempotency-key': z.string().min(1).max(200).optional() }).loose();

/** A reply (or a retried one) as stored. */
export const OneMessage = z.object({ message: MessageSchema });
/** A reply as stored: its first message, and every message it became (several for several attachments), in order. */
export const SentReply = OneMessage.extend({
  messages: z.array(MessageSchema).describe('every message the reply became, in the order they are sent (one per attachment, and the text where it is a message of its own)'),
});

export const MarkReadParams = z.object({ conversationId: Id });
export const MarkReadResult = z.object({ conversation: ConversationFieldsSchema, markedRead: z.number() });
export type MarkReadResult = z.infer<typeof MarkReadResult>;
export type OrderLine = OrderSummary['items'][number];

/** An agent's reaction to a customer's message: one emoji (the web app offers the platform's `reactionChoices`). */
export const ReactBody = z.object({ emoji: z.string().refine(isOneEmoji, schemaText('schema.oneEmoji')) });

/** Forward one message (`POST /api/v1/messages/:id/forward`) to a conversation, on any platform. */
export const ForwardBody = z.object({ conversationId: Id });
/** Forward a selection, in thread order, to one conversation: checked as a whole before anything is queued. */
export const ForwardManyBody = z.object({ conversationId: Id, messageIds: z.array(Id).min(1).max(20) });
export const ForwardedMessages = z.object({ messages: z.array(MessageSchema) });
