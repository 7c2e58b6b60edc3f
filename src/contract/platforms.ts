import { z } from 'zod';
import { PLATFORMS } from '../channels/registry.ts';
import { ConnectTextSchema } from './server-texts.ts';
import { InteractiveLimitsSchema } from './interactive.ts';

/**
 * `GET /api/v1/platforms`: every platform snorq speaks, in registry order, with what the web app
 * needs to show and offer it (badge, capabilities, text limit, reply window). The web app
 * imports these types only (`import type`), never the schemas' runtime.
 */

const Paint = { fill: z.string().optional(), stroke: z.string().optional(), strokeWidth: z.number().optional() };

/** One shape of a badge's glyph in a 24×24 box (src/channels/channel-definition.ts `IconShape`). */
export const IconShapeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('path'), d: z.string(), transform: z.string().optional(), ...Paint }),
  z.object({ kind: z.literal('circle'), cx: z.number(), cy: z.number(), r: z.number(), ...Paint }),
  z.object({ kind: z.literal('rect'), x: z.number(), y: z.number(), width: z.number(), height: z.number(), rx: z.number().optional(), ...Paint }),
]);

export const PlatformUiSchema = z.object({
  name: z.string(),
  shortName: z.string(),
  colour: z.string(),
  icon: z.object({ disc: z.union([z.string(), z.object({ gradient: z.array(z.string()) })]), shapes: z.array(IconShapeSchema) }),
});

export const TextLimitSchema = z.object({
  max: z.number().int().positive(),
  /** characters: code points (an emoji is 1); utf16: UTF-16 units (an emoji is 2); bytes: UTF-8 (an emoji is 4). */
  unit: z.enum(['characters', 'utf16', 'bytes']),
});

const MediaKind = z.enum(['image', 'video', 'audio', 'file']);

/**
 * What a reply may carry as attachments on a platform, as snorq delivers them: per kind the
 * types it takes (with their file extensions) and the largest file; which kinds take a caption
 * and how long; attachments per platform message (a reply with more becomes several messages,
 * split by the server) and per reply. The composer refuses a file by these before uploading it;
 * `POST /api/messages` refuses the same with 422 (`details.attachment`).
 */
export const AttachmentLimitsSchema = z.object({
  kinds: z.array(z.object({ kind: MediaKind, maxBytes: z.number().int().positive(), types: z.array(z.object({ mimeType: z.string(), extensions: z.array(z.string()) })) })),
  caption: z.object({ limit: TextLimitSchema, kinds: z.array(MediaKind) }).nullable(),
  perMessage: z.number().int().positive(),
  perReply: z.number().int().positive(),
});
export type AttachmentLimits = z.infer<typeof AttachmentLimitsSchema>;

/** What the UI may offer on a platform, derived from its channel definition. */
export const PlatformCapabilitiesSchema = z.object({
  /** Outside the free window, a reply may be an approved template (the template picker). */
  templates: z.boolean(),
  /** Outside the free window, a human agent may reply with the HUMAN_AGENT tag. */
  humanAgentTag: z.boolean(),
  /** The customer has at most this many business messages per window; null: no cap. */
  messagesPerWindow: z.number().int().nullable(),
  /** A conversation's history can be imported when the channel is connected or re-synced. */
  historyImport: z.boolean(),
  /** The customer is shown their messages as read when an agent opens the thread. */
  readReceipts: z.boolean(),
  /** A typing indicator can be shown to the customer. */
  typing: z.boolean(),
  /** An agent can react to a message. */
  sendReactions: z.boolean(),
  /** The reactions offered to agents on this platform (empty without `sendReactions`). */
  reactionChoices: z.array(z.string()),
  /** The attachment types a reply may carry. */
  mediaTypes: z.array(MediaKind),
  /** The attachments' types, sizes and captions (see AttachmentLimitsSchema). */
  attachments: AttachmentLimitsSchema.describe(
    'what a reply may carry: per kind the types (MIME type and extensions) and the largest file, which kinds take a caption and how long, attachments per platform message and per reply; POST /api/messages refuses anything else with 422 details.attachment',
  ),
  /**
   * A voice note recorded in the composer goes as the platform's voice message (`voice`) or as
   * audio (`audio`); or it cannot go: the platform takes no audio from snorq (`noAudio`), or no
   * Ogg/Opus audio (`format`).
   */
  voiceNotes: z.enum(['voice', 'audio', 'noAudio', 'format']).describe('what a voice note recorded in the composer (stored as Ogg/Opus) becomes: voice, audio, or not offered (noAudio, format)'),
  /** The type a recorded voice note is uploaded as for this platform: Ogg/Opus, or WAV where the platform takes no Ogg (the composer uploads with `?as=audio/wav`). */
  voiceNoteType: z.enum(['audio/ogg', 'audio/wav']),
  /** Customers' reactions to messages arrive (and are shown on the message). */
  inboundReactions: z.boolean(),
  /** Customers' edits of their messages arrive (the message shows its new text). */
  edits: z.boolean(),
  /** Choices the customer taps (quick replies, reply buttons, a list) and their limits; null: not offered on this platform. */
  interactive: InteractiveLimitsSchema.nullable(),
});

/** One field an admin types in to connect an account. */
export const ConnectFieldSchema = z.object({
  name: z.string(),
  label: z.string(),
  hint: z.string().optional(),
  labelText: ConnectTextSchema.optional(),
  hintText: ConnectTextSchema.optional(),
  secret: z.boolean().optional(),
  optional: z.boolean().optional(),
  /** The values allowed (the first is the default). */
  choices: z.array(z.string()).optional(),
});

/** How an account of the platform is connected from Settings → Channels. */
export const PlatformConnectSchema = z.object({
  /** `/api/v1/platforms/connect/<id>` starts the platform's consent page (OAuth)… */
  oauth: z.boolean(),
  /** …or shows snorq's form of fields to type in (a bot token, an Account SID). */
  form: z.boolean(),
  /** The fields `POST /api/v1/channels` takes for it ("Add by credentials"); null: not offered. */
  credentials: z
    .object({
      account: z.object({ label: z.string(), hint: z.string().optional(), labelText: ConnectTextSchema.optional(), hintText: ConnectTextSchema.optional() }),
      fields: z.array(ConnectFieldSchema),
    })
    .nullable(),
  /** The fields of a form that proves itself (a bot token): `POST /api/v1/channels` takes them as `credentials`, with no account id; null: not offered. */
  formFields: z.array(ConnectFieldSchema).nullable(),
});

export const PlatformSchema = z.object({
  id: z.enum(PLATFORMS),
  ui: PlatformUiSchema,
  capabilities: PlatformCapabilitiesSchema,
  /** One text message at most, counted as the platform counts (src/text/text-limits.ts counts it). */
  textLimit: TextLimitSchema,
  /** The platform's reply window in a plain sentence; null when it has none. */
  replyWindow: z.string().nullable(),
  connect: PlatformConnectSchema,
});

export const PlatformsResponseSchema = z.object({ platforms: z.array(PlatformSchema) });

export type PlatformCapabilities = z.infer<typeof PlatformCapabilitiesSchema>;
export type PlatformConnect = z.infer<typeof PlatformConnectSchema>;
export type PlatformInfo = z.infer<typeof PlatformSchema>;
export type PlatformsResponse = z.infer<typeof PlatformsResponseSchema>;
