import { z } from 'zod';
import { Id, PlatformSchema, Timestamp } from './common.ts';
import { IdentitySchema } from './contacts.ts';
import { MessageSchema } from './messages.ts';
import { schemaText } from './server-texts.ts';

/**
 * The contacts resource (/api/v1/contacts): one customer across platforms (linking, merging,
 * suggestions, one timeline) and what the team keeps about them (attributes, notes, export,
 * erasure). Apart from contacts.ts, which conversations.ts imports, so that importing messages
 * here makes no cycle.
 */

export const AttributeTypeSchema = z.enum(['text', 'number', 'date', 'list']);
export type AttributeType = z.infer<typeof AttributeTypeSchema>;

/** A custom attribute the organisation keeps on its contacts. */
export const AttributeDefinitionSchema = z.object({
  id: z.number(),
  key: z.string(),
  label: z.string(),
  type: AttributeTypeSchema,
  /** The values a `list` attribute may take (empty for the other types). */
  options: z.array(z.string()),
});
export type AttributeDefinition = z.infer<typeof AttributeDefinitionSchema>;

export const NewAttributeDefinition = z
  .object({
    key: z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9_]{0,39}$/, schemaText('schema.attributeKey')),
    label: z.string().trim().min(1).max(80),
    type: AttributeTypeSchema,
    options: z.array(z.string().trim().min(1).max(80)).max(50).optional(),
  })
  .strict();

/** Attribute values by key; null removes one. Each value is checked against its definition's type. */
export const AttributeValues = z.record(z.string().max(40), z.union([z.string().max(1000), z.number(), z.null()]));

export const ContactNoteSchema = z.object({
  id: z.number(),
  body: z.string(),
  author: z.object({ id: z.number(), name: z.string() }).nullable(),
  createdAt: Timestamp,
});
export type ContactNote = z.infer<typeof ContactNoteSchema>;
export const NewContactNote = z.object({ body: z.string().trim().min(1).max(5000) }).strict();

/** A row of the contacts list. */
export const ContactRowSchema = z.object({
  id: z.number(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  avatarUrl: z.string().nullable(),
  labels: z.array(z.string()),
  usernames: z.array(z.string()),
  platforms: z.array(PlatformSchema),
  lastMessageAt: Timestamp.nullable(),
});
export type ContactRow = z.infer<typeof ContactRowSchema>;

export const ContactListQuery = z.object({
  /** Any part of a name, username, phone number, e-mail or platform id. */
  q: z.string().trim().max(200).optional(),
  label: z.string().trim().max(50).optional(),
  platform: PlatformSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The `nextCursor` of the previous page. */
  cursor: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 53)
    .optional(),
});
export const ContactPageSchema = z.object({ contacts: z.array(ContactRowSchema), nextCursor: z.number().nullable() });

/** One of the contact's conversations (one per identity that wrote or was written to). */
export const ContactConversationSchema = z.object({
  id: z.number(),
  identityId: z.number(),
  platform: PlatformSchema,
  channelName: z.string(),
  status: z.string(),
  lastMessageAt: Timestamp.nullable(),
});

export const ContactDetailSchema = z.object({
  id: z.number(),
  /** What the UI calls them (their name, else an identity's name, username or phone); erasing asks for it. */
  name: z.string(),
  displayName: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  avatarUrl: z.string().nullable(),
  labels: z.array(z.string()),
  attributes: z.record(z.string(), z.union([z.string(), z.number()])),
  identities: z.array(IdentitySchema),
  conversations: z.array(ContactConversationSchema),
  createdAt: Timestamp,
});
export type ContactDetail = z.infer<typeof ContactDetailSchema>;
export const OneContact = z.object({ contact: ContactDetailSchema });

export const ContactChange = z
  .object({
    displayName: z.string().trim().min(1).max(200).nullable().optional(),
    email: z.email().max(254).nullable().optional(),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9 ()./-]{4,30}$/, schemaText('schema.phone'))
      .nullable()
      .optional(),
    labels: z.array(z.string().trim().min(1).max(50)).max(20).optional(),
  })
  .strict();

export const LinkIdentity = z
  .object({
    identityId: z
      .number()
      .int()
      .positive()
      .max(2 ** 53),
  })
  .strict();
export const ContactIdentityParams = z.object({ id: Id, identityId: Id });
export const ContactNoteParams = z.object({ id: Id, noteId: Id });
export const MergeContact = z
  .object({
    contactId: z
      .number()
      .int()
      .positive()
      .max(2 ** 53),
  })
  .strict();

/** Two contacts that may be one person, and why snorq thinks so. */
export const SuggestionSchema = z.object({
  contacts: z.tuple([ContactRowSchema, ContactRowSchema]),
  reasons: z.array(z.enum(['phone', 'email', 'name'])),
  /** How similar the names are (0–1, pg_trgm), when they are compared. */
  nameSimilarity: z.number().nullable(),
});
export type Suggestion = z.infer<typeof SuggestionSchema>;
export const SuggestionListSchema = z.object({ suggestions: z.array(SuggestionSchema) });
export const SuggestionPair = z
  .object({
    contactIds: z.tuple([
      z
        .number()
        .int()
        .positive()
        .max(2 ** 53),
      z
        .number()
        .int()
        .positive()
        .max(2 ** 53),
    ]),
  })
  .strict()
  .refine((p) => p.contactIds[0] !== p.contactIds[1], schemaText('schema.twoContacts'));

/** One message of the contact's timeline: the message, and the conversation and platform it is in. */
export const TimelineItemSchema = z.object({
  message: MessageSchema,
  platform: PlatformSchema,
  channelName: z.string(),
});
export const TimelineQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The `nextCursor` of the previous page (older messages). */
  cursor: z.string().max(100).optional(),
});
export const TimelinePageSchema = z.object({ items: z.array(TimelineItemSchema), nextCursor: z.string().nullable() });
export type TimelinePage = z.infer<typeof TimelinePageSchema>;

export const EraseContact = z.object({ confirm: z.string().max(300) }).strict();
export const ErasedSchema = z.object({ erased: z.object({ messages: z.number(), identities: z.number(), conversations: z.number(), files: z.number() }) });

/** Everything snorq holds about one contact (a privacy request's answer). */
export const ContactExportSchema = z.object({
  exportedAt: Timestamp,
  contact: ContactDetailSchema.omit({ identities: true, conversations: true }),
  identities: z.array(IdentitySchema),
  conversations: z.array(ContactConversationSchema.extend({ labels: z.array(z.string()), createdAt: Timestamp })),
  messages: z.array(MessageSchema),
  notes: z.array(ContactNoteSchema),
});
