import type { ContactFilters } from '../api/contacts-api.ts';
import type { ListFilters } from '../lib/list-filters.ts';

/**
 * Every key of the server state the app caches (TanStack Query). One place, so the live
 * updates (live/live-cache.ts) and the pages name the same entries.
 */
export const queryKeys = {
  /** Every conversation list, whatever its filters (for updates that touch them all). */
  lists: () => ['conversations'] as const,
  list: (filters: ListFilters) => ['conversations', filters] as const,
  /** Every conversation detail, and every thread. */
  conversations: () => ['conversation'] as const,
  threads: () => ['thread'] as const,
  /** One conversation's detail (GET /api/v1/conversations/:id). */
  conversation: (id: number) => ['conversation', id] as const,
  /** One conversation's messages, newest page first and older pages merged in. */
  thread: (id: number) => ['thread', id] as const,
  users: () => ['users'] as const,
  /** Settings → Users: every user, disabled ones too, with their activity (admins). */
  managedUsers: () => ['users', 'managed'] as const,
  /** One user's sessions (admins), and the signed-in user's own. */
  userSessions: (userId: number) => ['sessions', userId] as const,
  mySessions: () => ['sessions', 'mine'] as const,
  apiTokens: () => ['api-tokens'] as const,
  canned: () => ['canned-responses'] as const,
  templates: (channelId: number) => ['templates', channelId] as const,
  channels: () => ['channels'] as const,
  platforms: () => ['platforms'] as const,
  metrics: (range: string) => ['metrics', range] as const,
  search: (q: string) => ['search', q] as const,
  /** The forward dialog's conversations to pick from: the latest ones, or those a search found (with their reply windows). */
  forwardTargets: (q: string) => ['forward-targets', q] as const,
  /** Every contacts list (a prefix), and one list by its filters. */
  contactLists: () => ['contacts'] as const,
  contacts: (filters: ContactFilters) => ['contacts', filters] as const,
  contactSuggestions: () => ['contact-suggestions'] as const,
  contactAttributes: () => ['contact-attributes'] as const,
  /** One contact's detail, timeline and notes (all under ['contact', id]). */
  contact: (id: number) => ['contact', id] as const,
  contactTimeline: (id: number) => ['contact', id, 'timeline'] as const,
  contactNotes: (id: number) => ['contact', id, 'notes'] as const,
  /** Reply suggestions of a conversation, as of its latest message (its time in the key). */
  suggestions: (conversationId: number, lastMessageAt: string | null) => ['suggestions', conversationId, lastMessageAt] as const,
  /** The signed-in user's own profile (GET /api/v1/me). */
  profile: () => ['me', 'profile'] as const,
  /** The organisation's labels with their counts (GET /api/v1/labels). */
  labels: () => ['labels'] as const,
  /** The webhook journal, per filter; one entry with its body under ['journal-entry', id]. */
  journal: (states: string, platform: string | null) => ['journal', states, platform] as const,
  journalEntry: (id: number) => ['journal-entry', id] as const,
  organization: () => ['organization'] as const,
  businessTime: () => ['organization', 'business-time'] as const,
  /** Outgoing webhooks; each subscription's delivery log (and its latest delivery) under ['webhook-deliveries', id]. */
  webhookSubscriptions: () => ['webhook-subscriptions'] as const,
  webhookDeliveries: (id: number) => ['webhook-deliveries', id, 'log'] as const,
  webhookLastDelivery: (id: number) => ['webhook-deliveries', id, 'last'] as const,
};
