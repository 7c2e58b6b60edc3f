import { request } from './http.ts';
import type { AttributeDefinition, ContactDetail, ContactNote, ContactRow, Suggestion, TimelinePage } from './types.ts';

/** What the contacts list is narrowed by (each one a query parameter of GET /api/v1/contacts). */
export interface ContactFilters {
  q: string;
  label: string;
  platform: string;
}

/** The contacts resource (/api/v1/contacts): search, one contact, its timeline, linking, notes, erasure. */
export function listContacts(params: Partial<ContactFilters> & { cursor?: number }, signal?: AbortSignal) {
  const q = new URLSearchParams({ limit: '50' });
  if (params.q) q.set('q', params.q);
  if (params.label) q.set('label', params.label);
  if (params.platform) q.set('platform', params.platform);
  if (params.cursor) q.set('cursor', String(params.cursor));
  return request<{ contacts: ContactRow[]; nextCursor: number | null }>(`/api/v1/contacts/?${q}`, { signal });
}

export function getContact(id: number, signal?: AbortSignal) {
  return request<{ contact: ContactDetail }>(`/api/v1/contacts/${id}`, { signal }).then((r) => r.contact);
}

export function contactTimeline(id: number, cursor: string | undefined, signal?: AbortSignal) {
  return request<TimelinePage>(`/api/v1/contacts/${id}/timeline?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { signal });
}

export function linkIdentity(contactId: number, identityId: number) {
  return request<{ contact: ContactDetail }>(`/api/v1/contacts/${contactId}/identities`, { method: 'POST', body: { identityId } }).then((r) => r.contact);
}

export function unlinkIdentity(contactId: number, identityId: number) {
  return request<{ contact: ContactDetail }>(`/api/v1/contacts/${contactId}/identities/${identityId}`, { method: 'DELETE' }).then((r) => r.contact);
}

/** `otherId` is merged into `contactId` (which stays). */
export function mergeContact(contactId: number, otherId: number) {
  return request<{ contact: ContactDetail }>(`/api/v1/contacts/${contactId}/merge`, { method: 'POST', body: { contactId: otherId } }).then((r) => r.contact);
}

export function listSuggestions(signal?: AbortSignal) {
  return request<{ suggestions: Suggestion[] }>('/api/v1/contacts/suggestions', { signal }).then((r) => r.suggestions);
}

/** Accepting merges the second contact into the first; answers the one left. */
export function acceptSuggestion(contactIds: [number, number]) {
  return request<{ contact: ContactDetail }>('/api/v1/contacts/suggestions/accept', { method: 'POST', body: { contactIds } }).then((r) => r.contact);
}

export function dismissSuggestion(contactIds: [number, number]) {
  return request<{ ok: true }>('/api/v1/contacts/suggestions/dismiss', { method: 'POST', body: { contactIds } });
}

export function listNotes(contactId: number, signal?: AbortSignal) {
  return request<{ notes: ContactNote[] }>(`/api/v1/contacts/${contactId}/notes`, { signal }).then((r) => r.notes);
}

export function addNote(contactId: number, body: string) {
  return request<{ note: ContactNote }>(`/api/v1/contacts/${contactId}/notes`, { method: 'POST', body: { body } }).then((r) => r.note);
}

export function listAttributeDefinitions(signal?: AbortSignal) {
  return request<{ attributes: AttributeDefinition[] }>('/api/v1/contact-attributes', { signal }).then((r) => r.attributes);
}

/** Values by key (null removes one); the server checks each against its type and answers the contact's attributes. */
export function setAttributes(contactId: number, values: Record<string, string | number | null>) {
  return request<{ attributes: Record<string, string | number> }>(`/api/v1/contacts/${contactId}/attributes`, { method: 'PUT', body: values }).then((r) => r.attributes);
}

/** Where the browser downloads everything kept about the contact (the server names the file). */
export const contactExportUrl = (contactId: number) => `/api/v1/contacts/${contactId}/export`;

export interface Erased {
  messages: number;
  identities: number;
  conversations: number;
  files: number;
}

export function eraseContact(contactId: number, confirm: string) {
  return request<{ erased: Erased }>(`/api/v1/contacts/${contactId}/erase`, { method: 'POST', body: { confirm } }).then((r) => r.erased);
}
