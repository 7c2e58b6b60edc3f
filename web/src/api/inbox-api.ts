import type { TeamMember } from './presence-api.ts';
import type { ListFilters } from '../lib/list-filters.ts';
import { request } from './http.ts';
import type { CannedResponse, ConversationDetail, ConversationFields, ConversationStatus, ConversationSummary, Message, Priority, SearchResult, SuggestionsResult, Template, Upload } from './types.ts';
import type { InteractiveContent } from '../../../src/text/interactive-limits.ts';

function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function listConversations(filters: ListFilters, cursor?: string, signal?: AbortSignal) {
  const path = `/api/messages${query({
    limit: 50,
    platform: filters.platform,
    status: filters.status,
    assignee: filters.assignee || filters.assigneeId,
    channelId: filters.channelId,
    createdFrom: filters.createdFrom,
    createdTo: filters.createdTo,
    unread: filters.unread === 'unanswered' ? 'unanswered' : filters.unread ? 'true' : undefined,
    waiting: filters.waiting ? 'true' : undefined,
    label: filters.label,
    sla: filters.sla,
    sort: filters.sort === 'recent' ? undefined : filters.sort,
    cursor,
  })}`;
  return request<{ conversations: ConversationSummary[]; nextCursor: string | null }>(path, { signal });
}

export function getConversation(id: number, signal?: AbortSignal) {
  return request<{ conversation: ConversationDetail }>(`/api/v1/conversations/${id}`, { signal }).then((r) => r.conversation);
}

export function listMessages(conversationId: number, options: { before?: string; limit?: number; signal?: AbortSignal } = {}) {
  const path = `/api/messages${query({ conversationId, limit: options.limit ?? 100, before: options.before })}`;
  return request<{ messages: Message[]; previousCursor: string | null }>(path, { signal: options.signal });
}

export interface ConversationChanges {
  status?: ConversationStatus;
  snoozedUntil?: string | null;
  priority?: Priority;
  assigneeId?: number | null;
  labels?: string[];
}

export function updateConversation(id: number, changes: ConversationChanges) {
  return request<{ conversation: ConversationFields }>(`/api/v1/conversations/${id}`, { method: 'PATCH', body: changes }).then((r) => r.conversation);
}

export function markRead(conversationId: number) {
  return request<{ conversation: ConversationFields }>(`/api/messages/${conversationId}/read`, { method: 'POST' });
}

export interface SendBody {
  conversationId: number;
  content?: string;
  media?: Upload;
  /** Several files, in order, each with its own caption: the server splits the reply as the platform needs. */
  attachments?: (Upload & { caption?: string })[];
  template?: { name: string; language: string; contentSid?: string; variables?: string[]; parameters?: Record<string, string> };
  tag?: 'HUMAN_AGENT';
  replyToMessageId?: number;
  privateNote?: boolean;
  /** Choices the customer taps, sent with `content`. */
  interactive?: InteractiveContent;
}

export function sendMessage(body: SendBody, idempotencyKey: string) {
  return request<{ message: Message }>('/api/messages', { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } }).then((r) => r.message);
}

export function retryMessage(id: number) {
  return request<{ message: Message }>(`/api/v1/messages/${id}/retry`, { method: 'POST' }).then((r) => r.message);
}

export function uploadFile(file: File, as?: 'audio/wav') {
  const form = new FormData();
  form.append('file', file, file.name);
  return request<{ upload: Upload }>(`/api/v1/uploads${as ? `?as=${encodeURIComponent(as)}` : ''}`, { method: 'POST', body: form }).then((r) => r.upload);
}

/** The organisation's agents, with their presence. */
export function listUsers() {
  return request<{ users: TeamMember[] }>('/api/v1/users').then((r) => r.users);
}

export function listCannedResponses() {
  return request<{ cannedResponses: CannedResponse[] }>('/api/v1/canned-responses').then((r) => r.cannedResponses);
}

/** Approved templates; `note` says why there are none when the server knows (e.g. no WABA id). */
export function listTemplates(channelId: number) {
  return request<{ templates: Template[]; note?: string }>(`/api/v1/channels/${channelId}/templates`);
}

/** Replies to pick into the composer: past answers to similar questions and matching canned responses. */
export function listSuggestions(conversationId: number, signal?: AbortSignal) {
  return request<SuggestionsResult>(`/api/v1/conversations/${conversationId}/suggestions`, { signal });
}

export function search(q: string, signal?: AbortSignal) {
  return request<{ results: SearchResult[]; nextCursor: string | null }>(`/api/v1/search${query({ q })}`, { signal });
}

/** React to a customer's message on its platform; the message comes back with the reaction (or the platform's refusal). */
export function reactToMessage(id: number, emoji: string) {
  return request<{ message: Message }>(`/api/v1/messages/${id}/reactions`, { method: 'POST', body: { emoji } }).then((r) => r.message);
}

/** Take the business's reaction back. */
export function removeReaction(id: number) {
  return request<{ message: Message }>(`/api/v1/messages/${id}/reactions`, { method: 'DELETE' }).then((r) => r.message);
}
