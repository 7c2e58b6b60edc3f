import { request } from './http.ts';
import type { ContactDetail, ContactNote, ContactRow, Suggestion, TimelinePage } from './types.ts';

/** The contacts resource (/api/v1/contacts): search, one contact, its timeline, linking, notes, erasure. */
export function listContacts(params: { q?: string; cursor?: number }, signal?: AbortSignal) {
  const q = new URLSearchParams({ limit: '50' });
  if (params.q) q.set('q', params.q);
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

export function listSuggestions(signal?: AbortSignal) {
  return request<{ suggestions: Suggestion[] }>('/api/v1/contacts/suggestions', { signal }).then((r) => r.suggestions);
}

export function listNotes(contactId: number, signal?: AbortSignal) {
  return request<{ notes: ContactNote[] }>(`/api/v1/contacts/${contactId}/notes`, { signal }).then((r) => r.notes);
}

export function addNote(contactId: number, body: string) {
  return request<{ note: ContactNote }>(`/api/v1/contacts/${contactId}/notes`, { method: 'POST', body: { body } }).then((r) => r.note);
}

export function eraseContact(contactId: number, confirm: string) {
  return request<{ erased: { messages: number } }>(`/api/v1/contacts/${contactId}/erase`, { method: 'POST', body: { confirm } });
}
