/**
 * The JSON shapes the inbox reads: the server's API contract (src/contract), imported type-only
 * (nothing of it reaches the bundle). A change of a schema there is a type error here.
 */
export type { Platform } from '../../../src/contract/common.ts';
export type { SessionUser as User } from '../../../src/contract/auth.ts';
export type { ButtonCard, ContentType, Location, MediaItem, Message, MessageStatus, OrderLine, OrderSummary, Reaction } from '../../../src/contract/messages.ts';
export type { ConversationDetail, ConversationFields, ConversationSort, ConversationStatus, ConversationSummary, Priority, ReplyWindow, SendOption } from '../../../src/contract/conversations.ts';
export type { ContactSummary, Identity } from '../../../src/contract/contacts.ts';
export type { Channel, ChannelHealth, ConnectionState } from '../../../src/contract/channels.ts';
export type { Template, TemplateInput } from '../../../src/contract/templates.ts';
export type { CannedResponse } from '../../../src/contract/canned-responses.ts';
export type { SearchResult } from '../../../src/contract/search.ts';
export type { ReplySuggestion, SuggestionsResult } from '../../../src/contract/suggestions.ts';
export type { Metrics } from '../../../src/contract/metrics.ts';
export type { Upload } from '../../../src/contract/media.ts';
export type { ChannelSyncReport as SyncChannelResult } from '../../../src/contract/sync.ts';
export type { AttributeDefinition, ContactDetail, ContactNote, ContactRow, Suggestion, TimelinePage } from '../../../src/contract/contact-records.ts';
