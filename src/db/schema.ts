import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Row types of the tables created in src/db/migrations. Kysely needs them spelled out; the
 * migrations are the truth and these must follow them (the integration tests query every table).
 */

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string | T, string | T>;
type JsonDefault<T> = ColumnType<T, string | T | undefined, string | T>;

export type { Platform } from '../channels/registry.ts';
import type { Platform } from '../channels/registry.ts';
export type UserRole = 'admin' | 'agent';
export type ConnectionState = 'connected' | 'needs_reconnect' | 'disconnected' | 'error';
export type ConversationStatus = 'open' | 'pending' | 'resolved' | 'snoozed';
export type Priority = 'low' | 'normal' | 'high' | 'urgent';
export type Direction = 'inbound' | 'outbound';
export type ContentType = 'text' | 'image' | 'video' | 'audio' | 'file' | 'sticker' | 'location' | 'contacts' | 'share' | 'template' | 'order' | 'system' | 'referral' | 'unsupported';
export type MessageStatus = 'pending' | 'sent' | 'delivered' | 'read' | 'failed';
export type WebhookState = 'received' | 'processed' | 'partial' | 'failed' | 'unrouted';

export interface MediaItem {
  type: 'image' | 'video' | 'audio' | 'file' | 'sticker';
  /** The platform's URL (CDN link, Twilio MediaUrl) when it gave one. */
  url?: string;
  /** WhatsApp media id, TikTok media id. */
  platformMediaId?: string;
  mimeType?: string;
  filename?: string;
  caption?: string;
  size?: number;
  /** Seconds of audio or video, where the platform said it at ingest; else the player reads it. */
  durationSeconds?: number;
  /** Key of the stored copy in snorq's media store (src/core/media). */
  storageKey?: string;
  state?: 'pending' | 'stored' | 'failed';
  error?: string;
}

export interface Reaction {
  /** 'customer' or the id of the user who reacted. */
  by: string;
  emoji: string;
  at: string;
  /** An agent's reaction the platform refused (to add, or to remove: `removing`); absent once it took it. */
  failed?: { reason: string; removing?: boolean };
}

export interface OrganizationsTable {
  id: Generated<number>;
  name: string;
  event_seq: Generated<number>;
  created_at: CreatedAt;
  /** IANA time zone of the business hours (migration 0018). */
  time_zone: ColumnType<string, string | undefined, string>;
  business_hours: JsonDefault<BusinessHoursInterval[]>;
  /** Whole days closed, in the organisation's time zone (migration 0025). */
  holidays: JsonDefault<Holiday[]>;
}

/** A day the organisation is closed, whatever its weekly hours ("2026-12-25"). */
export interface Holiday {
  date: string;
  name: string;
}

/** One opening interval of the week, in the organisation's time zone ("09:00"–"17:30"). */
export interface BusinessHoursInterval {
  day: 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
  start: string;
  end: string;
}

export interface UsersTable {
  id: Generated<number>;
  organization_id: number;
  email: string;
  name: string;
  role: UserRole;
  password_hash: string;
  created_at: CreatedAt;
  disabled_at: Timestamp | null;
  /** BCP 47 tag the user chose (migration 0018); null: the browser's. */
  language: ColumnType<string | null, string | null | undefined, string | null>;
  avatar: ColumnType<Buffer | null, Buffer | null | undefined, Buffer | null>;
  avatar_type: ColumnType<string | null, string | null | undefined, string | null>;
  avatar_updated_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface AuthTokensTable {
  id: Generated<number>;
  user_id: number;
  organization_id: number;
  kind: 'session' | 'api';
  name: string | null;
  token_hash: Buffer;
  created_at: CreatedAt;
  expires_at: Timestamp | null;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
  /** Where the session was opened (the client address and User-Agent), to recognise it in a list. */
  ip: ColumnType<string | null, string | null | undefined, string | null>;
  user_agent: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ChannelsTable {
  id: Generated<number>;
  organization_id: number;
  platform: Platform;
  external_account_id: string;
  display_name: string;
  credentials_enc: Buffer | null;
  connection_state: ColumnType<ConnectionState, ConnectionState | undefined, ConnectionState>;
  token_expires_at: Timestamp | null;
  last_webhook_at: Timestamp | null;
  last_error: string | null;
  last_error_at: Timestamp | null;
  /** The last error's class (PlatformErrorCode) and the platform's own code and words (migration 0038). */
  last_error_code: ColumnType<string | null, string | null | undefined, string | null>;
  last_error_detail: ColumnType<string | null, string | null | undefined, string | null>;
  send_paused_until: Timestamp | null;
  settings: JsonDefault<Record<string, unknown>>;
  source: ColumnType<'env' | 'api' | 'oauth' | 'simulator', 'env' | 'api' | 'oauth' | 'simulator' | undefined, never>;
  /** Is the platform's webhook subscription in place (0005-oauth; null until first checked). */
  subscription_state: ColumnType<SubscriptionState | null, SubscriptionState | null | undefined, SubscriptionState | null>;
  subscription_detail: ColumnType<string | null, string | null | undefined, string | null>;
  subscription_checked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  token_refreshed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** The team its new conversations go to (migration 0027). */
  team_id: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type SubscriptionState = 'subscribed' | 'missing' | 'unknown';

/** Migration 0012: media the postgres and s3 stores share between instances (src/core/media). */
export interface MediaObjectsTable {
  storage_key: string;
  mime_type: string;
  filename: string | null;
  organization_id: number | null;
  size: number | null;
  sha256: string | null;
  created_at: CreatedAt;
  completed_at: Timestamp | null;
}

export interface MediaChunksTable {
  storage_key: string;
  seq: number;
  data: Buffer;
}

export interface OAuthNoncesTable {
  nonce: string;
  used_at: CreatedAt;
  expires_at: Timestamp;
}

export interface OAuthPendingTable {
  id: string;
  organization_id: number;
  auth_token_id: number;
  platform: string;
  payload_enc: Buffer;
  expires_at: Timestamp;
  created_at: CreatedAt;
}

export interface ContactsTable {
  id: Generated<number>;
  organization_id: number;
  display_name: string | null;
  avatar_url: string | null;
  phone: string | null;
  email: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  /** Migration 0019. */
  labels: ColumnType<string[], string[] | undefined, string[]>;
  attributes: JsonDefault<Record<string, string | number>>;
  erased_at: Timestamp | null;
}

export interface ContactAttributeDefinitionsTable {
  id: Generated<number>;
  organization_id: number;
  key: string;
  label: string;
  type: 'text' | 'number' | 'date' | 'list';
  options: ColumnType<string[], string[] | undefined, string[]>;
  created_at: CreatedAt;
}

export interface ContactNotesTable {
  id: Generated<number>;
  organization_id: number;
  contact_id: number;
  author_user_id: number | null;
  body: string;
  created_at: CreatedAt;
}

export interface ContactSuggestionDismissalsTable {
  organization_id: number;
  contact_a: number;
  contact_b: number;
  dismissed_by: number | null;
  created_at: CreatedAt;
}

export interface ContactIdentitiesTable {
  id: Generated<number>;
  organization_id: number;
  contact_id: number;
  channel_id: number;
  platform: Platform;
  platform_user_id: string;
  username: string | null;
  display_name: string | null;
  avatar_url: string | null;
  phone: string | null;
  profile_fetched_at: Timestamp | null;
  avatar_storage_key: string | null;
  avatar_fetched_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ConversationsTable {
  id: Generated<number>;
  organization_id: number;
  channel_id: number;
  contact_identity_id: number;
  contact_id: number;
  status: ColumnType<ConversationStatus, ConversationStatus | undefined, ConversationStatus>;
  snoozed_until: Timestamp | null;
  priority: ColumnType<Priority, Priority | undefined, Priority>;
  assignee_id: number | null;
  labels: ColumnType<string[], string[] | undefined, string[]>;
  unread_count: ColumnType<number, number | undefined, number>;
  last_message_id: number | null;
  last_message_preview: string | null;
  last_message_at: Timestamp | null;
  last_inbound_at: Timestamp | null;
  last_outbound_at: Timestamp | null;
  waiting_since: Timestamp | null;
  /** The latest delivery/read watermark of the customer's platform (migration 0015). */
  delivered_watermark: Timestamp | null;
  read_watermark: Timestamp | null;
  /** When last resolved; kept by a trigger, null unless resolved (migration 0029). */
  resolved_at: ColumnType<Date | null, never, never>;
  /** The team it was routed to as it was created, and its SLA clock (migration 0027, src/core/sla). */
  team_id: ColumnType<number | null, number | null | undefined, number | null>;
  sla_started_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  sla_kind: ColumnType<'first' | 'next' | null, 'first' | 'next' | null | undefined, 'first' | 'next' | null>;
  sla_warn_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  sla_due_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  sla_breached_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** When crossing sla_warn_at was announced (the "at risk" view gains the row live). */
  sla_warned_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface MessagesTable {
  id: Generated<number>;
  organization_id: number;
  conversation_id: number;
  channel_id: number;
  direction: Direction;
  content: string | null;
  content_type: ContentType;
  media: JsonDefault<MediaItem[]>;
  metadata: JsonDefault<Record<string, unknown>>;
  status: MessageStatus;
  /** A failure's class (PlatformErrorCode), a sentence, and the platform's own code and words (migration 0038). */
  error_code: string | null;
  error_reason: string | null;
  error_detail: ColumnType<string | null, string | null | undefined, string | null>;
  external_id: string | null;
  reply_to_external_id: string | null;
  reply_to_message_id: number | null;
  reactions: JsonDefault<Reaction[]>;
  referral: Json<Record<string, unknown>> | null;
  raw: Json<unknown> | null;
  platform_timestamp: Timestamp;
  sender_user_id: number | null;
  is_echo: ColumnType<boolean, boolean | undefined, boolean>;
  is_private_note: ColumnType<boolean, boolean | undefined, boolean>;
  edited_at: Timestamp | null;
  deleted_at: Timestamp | null;
  idempotency_key: string | null;
  send_attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp | null;
  sending_started_at: Timestamp | null;
  /** When the send call the platform accepted began (migration 0015); null for messages snorq did not send. */
  sent_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  search_vector: ColumnType<string, never, never>;
}

export interface WebhookEventsTable {
  id: Generated<number>;
  platform: string;
  received_at: CreatedAt;
  content_type: string | null;
  body: Buffer;
  /** The account the webhook's URL named (migration 0016), for platforms whose bodies do not say. */
  account_hint: ColumnType<string | null, string | null | undefined, string | null>;
  state: ColumnType<WebhookState, WebhookState | undefined, WebhookState>;
  organization_id: number | null;
  error: string | null;
  attempts: ColumnType<number, number | undefined, number>;
  processed_at: Timestamp | null;
}

export interface EventsTable {
  organization_id: number;
  seq: number;
  type: string;
  payload: Json<Record<string, unknown>>;
  created_at: CreatedAt;
}

export interface MessageAliasesTable {
  channel_id: number;
  external_id: string;
  message_id: number;
}

export interface CannedResponsesTable {
  id: Generated<number>;
  organization_id: number;
  shortcut: string;
  content: string;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** An answered customer message and its first answer (migration 0024), what reply suggestions learn from. */
export interface ReplyExamplesTable {
  id: Generated<number>;
  organization_id: number;
  conversation_id: number;
  question_message_id: number;
  answer_message_id: number;
  question: string;
  answer: string;
  answered_at: Timestamp;
}

export interface LabelsTable {
  id: Generated<number>;
  organization_id: number;
  name: string;
  color: ColumnType<string, string | undefined, string>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface EarlyStatusesTable {
  channel_id: number;
  external_id: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  error_code: string | null;
  error_reason: string | null;
  error_detail: ColumnType<string | null, string | null | undefined, string | null>;
  received_at: CreatedAt;
}

export interface AuditLogTable {
  id: Generated<number>;
  organization_id: number | null;
  created_at: CreatedAt;
  action: string;
  actor_user_id: ColumnType<number | null, number | null | undefined, number | null>;
  target_user_id: ColumnType<number | null, number | null | undefined, number | null>;
  ip: ColumnType<string | null, string | null | undefined, string | null>;
  details: JsonDefault<Record<string, unknown>>;
}

export interface SignInFailuresTable {
  email_key: string;
  failures: ColumnType<number, number | undefined, number>;
  first_failed_at: ColumnType<Date, Date | string | undefined, Date | string>;
  locked_until: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** What notifies a user (migration 0020); no row: the defaults of src/core/notifications/notification-preferences.ts. */
export interface NotificationPreferencesTable {
  user_id: number;
  organization_id: number;
  new_conversation: boolean;
  new_message: boolean;
  assigned: boolean;
  mentioned: boolean;
  sla_breach: boolean;
  sound: boolean;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** A device's Web Push subscription, tied to the session that made it (migration 0020). */
export interface PushSubscriptionsTable {
  id: Generated<number>;
  organization_id: number;
  user_id: number;
  token_id: number;
  endpoint: string;
  p256dh: string;
  auth: string;
  user_agent: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
  last_push_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** An event one instance took to notify about (migration 0020). */
export interface NotificationClaimsTable {
  organization_id: number;
  seq: number;
  claimed_at: CreatedAt;
}

/** The VAPID pair generated for an external database (migration 0020). */
export interface PushVapidKeysTable {
  id: number;
  public_key: string;
  private_key_sealed: Buffer;
  created_at: CreatedAt;
}

type NullableDate = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

/** An admin's outgoing webhook (migration 0022, src/core/outgoing-webhooks). */
export interface WebhookSubscriptionsTable {
  id: Generated<number>;
  organization_id: number;
  url: string;
  events: string[];
  description: ColumnType<string | null, string | null | undefined, string | null>;
  secret_sealed: Buffer;
  start_seq: number;
  created_by: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: CreatedAt;
  failing_since: NullableDate;
  disabled_at: NullableDate;
  disabled_reason: ColumnType<string | null, string | null | undefined, string | null>;
}

/** The last event of an organisation's log turned into webhook deliveries (migration 0022). */
export interface WebhookCursorsTable {
  organization_id: number;
  seq: number;
}

export type WebhookDeliveryState = 'pending' | 'delivered' | 'failed';

/** One event for one subscription: the delivery queue and its log (migration 0022). */
export interface WebhookDeliveriesTable {
  id: Generated<number>;
  public_id: Generated<string>;
  organization_id: number;
  subscription_id: number;
  event_type: string;
  seq: number;
  order_key: string;
  conversation_id: ColumnType<number | null, number | null | undefined, number | null>;
  body: string;
  state: ColumnType<WebhookDeliveryState, WebhookDeliveryState | undefined, WebhookDeliveryState>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  give_up_at: Timestamp;
  locked_until: NullableDate;
  last_attempt_at: NullableDate;
  last_status: ColumnType<number | null, number | null | undefined, number | null>;
  last_error: ColumnType<string | null, string | null | undefined, string | null>;
  last_response_ms: ColumnType<number | null, number | null | undefined, number | null>;
  delivered_at: NullableDate;
  created_at: CreatedAt;
}

/** An agent's chosen and announced presence (migration 0021). */
export interface UserPresenceTable {
  user_id: number;
  organization_id: number;
  choice: ColumnType<'auto' | 'away' | 'offline', 'auto' | 'away' | 'offline' | undefined, 'auto' | 'away' | 'offline'>;
  presence: ColumnType<'online' | 'away' | 'offline', 'online' | 'away' | 'offline' | undefined, 'online' | 'away' | 'offline'>;
  changed_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export type TeamStrategy = 'manual' | 'round_robin' | 'least_busy';

/** A team of agents and how it assigns (migration 0027). */
export interface TeamsTable {
  id: Generated<number>;
  organization_id: number;
  name: string;
  strategy: ColumnType<TeamStrategy, TeamStrategy | undefined, TeamStrategy>;
  max_open_per_agent: ColumnType<number | null, number | null | undefined, number | null>;
  reassign_offline: ColumnType<boolean, boolean | undefined, boolean>;
  first_response_minutes: ColumnType<number | null, number | null | undefined, number | null>;
  next_response_minutes: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface TeamMembersTable {
  team_id: number;
  user_id: number;
  organization_id: number;
  last_assigned_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

/** The organisation's response targets per priority (migration 0027). */
export interface SlaPriorityTargetsTable {
  organization_id: number;
  priority: Priority;
  first_response_minutes: ColumnType<number | null, number | null | undefined, number | null>;
  next_response_minutes: ColumnType<number | null, number | null | undefined, number | null>;
}

/** A live socket of an instance (migration 0021, unlogged). */
export interface PresenceConnectionsTable {
  instance_id: string;
  socket_id: string;
  organization_id: number;
  user_id: number;
  active: boolean;
  seen_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface Database {
  organizations: OrganizationsTable;
  users: UsersTable;
  auth_tokens: AuthTokensTable;
  channels: ChannelsTable;
  contacts: ContactsTable;
  contact_identities: ContactIdentitiesTable;
  contact_attribute_definitions: ContactAttributeDefinitionsTable;
  contact_notes: ContactNotesTable;
  contact_suggestion_dismissals: ContactSuggestionDismissalsTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  webhook_events: WebhookEventsTable;
  events: EventsTable;
  message_aliases: MessageAliasesTable;
  canned_responses: CannedResponsesTable;
  reply_examples: ReplyExamplesTable;
  labels: LabelsTable;
  early_statuses: EarlyStatusesTable;
  oauth_nonces: OAuthNoncesTable;
  oauth_pending: OAuthPendingTable;
  audit_log: AuditLogTable;
  sign_in_failures: SignInFailuresTable;
  media_objects: MediaObjectsTable;
  media_chunks: MediaChunksTable;
  notification_preferences: NotificationPreferencesTable;
  push_subscriptions: PushSubscriptionsTable;
  notification_claims: NotificationClaimsTable;
  push_vapid_keys: PushVapidKeysTable;
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_cursors: WebhookCursorsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  user_presence: UserPresenceTable;
  presence_connections: PresenceConnectionsTable;
  automation_settings: AutomationSettingsTable;
  automation_rules: AutomationRulesTable;
  automation_cursors: AutomationCursorsTable;
  automation_own_events: AutomationOwnEventsTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  sla_priority_targets: SlaPriorityTargetsTable;
  organization_ai_settings: OrganizationAiSettingsTable;
}

/** The greeting and away message of an organisation (migration 0028). */
export interface AutomationSettingsTable {
  organization_id: number;
  greeting_enabled: ColumnType<boolean, boolean | undefined, boolean>;
  greeting_text: ColumnType<string, string | undefined, string>;
  greeting_quiet_hours: ColumnType<number, number | undefined, number>;
  away_enabled: ColumnType<boolean, boolean | undefined, boolean>;
  away_text: ColumnType<string, string | undefined, string>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export type AutomationEvent = 'conversation_created' | 'message_received' | 'conversation_updated';

/** A rule (migration 0028); `conditions` and `actions` as src/contract/automation.ts types them. */
export interface AutomationRulesTable {
  id: Generated<number>;
  organization_id: number;
  name: string;
  event: AutomationEvent;
  conditions: JsonDefault<unknown[]>;
  actions: JsonDefault<unknown[]>;
  position: number;
  enabled: ColumnType<boolean, boolean | undefined, boolean>;
  stop_after: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface AutomationCursorsTable {
  organization_id: number;
  seq: number;
}

export interface AutomationOwnEventsTable {
  organization_id: number;
  seq: number;
}

export type User = Selectable<UsersTable>;
export type Channel = Selectable<ChannelsTable>;
export type NewChannel = Insertable<ChannelsTable>;
export type Conversation = Selectable<ConversationsTable>;
export type ConversationUpdate = Updateable<ConversationsTable>;
export type Message = Selectable<MessagesTable>;
export type NewMessage = Insertable<MessagesTable>;
export type ContactIdentity = Selectable<ContactIdentitiesTable>;

/** Whether an organisation uses the language model, and may send it message text (migration 0035). */
export interface OrganizationAiSettingsTable {
  organization_id: number;
  enabled: ColumnType<boolean, boolean | undefined, boolean>;
  share_message_text: ColumnType<boolean, boolean | undefined, boolean>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  updated_by: number | null;
}
