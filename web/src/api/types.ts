/**
 * The JSON shapes the inbox reads, as the server sends them (src/core/conversations/dto.ts and
 * the routes). Hand-written on purpose: the web app is built apart from the server, and these
 * are the contract the server's integration tests hold it to. Dates are ISO strings.
 */
export const PLATFORMS = ['messenger', 'instagram', 'whatsapp', 'twilio', 'tiktok'] as const;
export type Platform = (typeof PLATFORMS)[number];

export type ConversationStatus = 'open' | 'pending' | 'resolved' | 'snoozed';
export type Priority = 'low' | 'normal' | 'high' | 'urgent';
export type MessageStatus = 'pending' | 'sent' | 'delivered' | 'read' | 'failed';
export type SendOption = 'text' | 'media' | 'human_agent_tag' | 'template';
export type ConnectionState = 'connected' | 'needs_reconnect' | 'disconnected' | 'error';

export interface User {
  id: number;
  email: string;
  name: string;
  role: string;
}

export interface ReplyWindow {
  open: boolean;
  closesAt: string | null;
  allowed: SendOption[];
  humanAgentUntil?: string | null;
  remainingMessages?: number;
  reason?: string;
}

export interface ContactSummary {
  id: number;
  name: string | null;
  avatarUrl: string | null;
  username: string | null;
  phone: string | null;
  platformUserId: string;
}

export interface ConversationSummary {
  id: number;
  platform: Platform;
  channel: { id: number; name: string; platform: Platform; connectionState: ConnectionState };
  contact: ContactSummary;
  preview: string | null;
  lastMessageAt: string | null;
  unreadCount: number;
  status: ConversationStatus;
  snoozedUntil: string | null;
  priority: Priority;
  labels: string[];
  assignee: { id: number; name: string | null } | null;
  waitingSince: string | null;
  replyWindow: ReplyWindow;
}

export interface Identity {
  id: number;
  platform: Platform;
  platformUserId: string;
  username: string | null;
  displayName: string | null;
  avatarUrl: string | null;
  phone: string | null;
  channelName: string;
  channelId: number;
}

export interface ConversationDetail extends ConversationSummary {
  identities: Identity[];
}

/** The conversation's own fields, as PATCH answers and the live events carry them. */
export interface ConversationFields {
  id: number;
  channelId: number;
  contactId: number;
  status: ConversationStatus;
  snoozedUntil: string | null;
  priority: Priority;
  assigneeId: number | null;
  labels: string[];
  unreadCount: number;
  preview: string | null;
  lastMessageAt: string | null;
  lastInboundAt: string | null;
  waitingSince: string | null;
}

export type ContentType =
  | 'text'
  | 'image'
  | 'video'
  | 'audio'
  | 'file'
  | 'sticker'
  | 'location'
  | 'contacts'
  | 'share'
  | 'template'
  | 'order'
  | 'system'
  | 'referral'
  | 'unsupported';

export interface MediaItem {
  index: number;
  type: 'image' | 'video' | 'audio' | 'file' | 'sticker';
  mimeType: string | null;
  filename: string | null;
  caption: string | null;
  size: number | null;
  state: 'pending' | 'stored' | 'failed';
  error: string | null;
  url: string | null;
}

export interface Reaction {
  by: string;
  emoji: string;
  at: string;
}

export interface Location {
  latitude: number;
  longitude: number;
  name?: string;
  address?: string;
  url?: string;
}

export interface OrderLine {
  productRetailerId?: string;
  quantity?: number;
  itemPrice?: number;
  currency?: string;
}

export interface OrderSummary {
  catalogId?: string;
  items: OrderLine[];
  total?: { amount: number; currency: string };
}

export interface ButtonCard {
  title?: string;
  text?: string;
  buttons: { title: string; payload?: string; url?: string }[];
}

export interface Message {
  id: number;
  conversationId: number;
  direction: 'inbound' | 'outbound';
  content: string | null;
  contentType: ContentType;
  media: MediaItem[];
  location: Location | null;
  share: Record<string, unknown> | null;
  contacts: unknown[] | null;
  template: { name: string; language: string; variables?: string[] } | null;
  /** WhatsApp catalogue order, as the platform listed it (fields may be missing). */
  order?: OrderSummary | null;
  /** A card with buttons (TikTok card, Messenger template). */
  card?: ButtonCard | null;
  /** A `system` notice's facts (number change). */
  system?: { type?: string; previousId?: string; newId?: string } | null;
  status: MessageStatus;
  errorCode: string | null;
  errorReason: string | null;
  externalId: string | null;
  replyToMessageId: number | null;
  /** The platform's id of the quoted message, when snorq does not hold it. */
  replyToExternalId?: string | null;
  reactions: Reaction[];
  referral: Record<string, unknown> | null;
  timestamp: string;
  senderUserId: number | null;
  isEcho: boolean;
  isPrivateNote: boolean;
  editedAt: string | null;
  deletedAt: string | null;
  preview: string | null;
}

export interface Upload {
  storageKey: string;
  type: 'image' | 'video' | 'audio' | 'file';
  mimeType: string;
  size: number;
  filename?: string;
}

/** One value a template send needs (the server's `TemplateInput`); `key` names it in `parameters`. */
export interface TemplateInput {
  key: string;
  component: 'header' | 'body' | 'button';
  kind: 'text' | 'image' | 'video' | 'document' | 'filename' | 'latitude' | 'longitude' | 'location_name' | 'location_address' | 'url_suffix' | 'payload' | 'coupon_code';
  name?: string;
  index?: number;
  required: boolean;
  label: string;
  example?: string;
  maxLength: number;
}

export interface Template {
  name: string;
  language: string;
  category?: string;
  status?: string;
  parameterFormat?: 'POSITIONAL' | 'NAMED';
  header?: { format: 'TEXT' | 'IMAGE' | 'VIDEO' | 'DOCUMENT' | 'LOCATION'; text?: string };
  bodyText?: string;
  footerText?: string;
  buttons?: { type: string; text: string; url?: string }[];
  inputs?: TemplateInput[];
  variableCount?: number;
  /** Twilio: the Content SID a send names. */
  contentSid?: string;
  /** Why snorq cannot send it yet. */
  unsupported?: string;
}

export interface CannedResponse {
  id: number | string;
  shortcut: string;
  content: string;
}

export interface SearchResult {
  type: 'message' | 'conversation';
  conversationId: number;
  messageId?: number;
  snippet: string;
  highlights?: [number, number][];
  contact?: { id?: number; name?: string | null } | null;
  platform: Platform;
  timestamp: string | null;
}

export interface ChannelHealth {
  status: 'ok' | 'warning' | 'error';
  warnings: string[];
}

export interface Channel {
  id: number;
  platform: Platform;
  name: string;
  externalAccountId: string;
  connectionState: ConnectionState;
  source?: string;
  tokenExpiresAt: string | null;
  lastWebhookAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  health?: ChannelHealth;
}

export interface Metrics {
  volumeByDay: { day: string; platform: Platform; inbound: number; outbound: number }[];
  responseTimes: {
    medianSeconds: number | null;
    p90Seconds: number | null;
    byPlatform: { platform: Platform; medianSeconds: number | null; p90Seconds: number | null }[];
  };
  waiting: { count: number; oldestSince: string | null; byPlatform: { platform: Platform; count: number }[] };
  unanswered: number;
  openConversations: number;
}

export interface SyncChannelResult {
  channelId: number;
  name: string;
  platform: Platform;
  fetched: number;
  added: number;
  failed: number;
  error?: string;
  note?: string;
}
