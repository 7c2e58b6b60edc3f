/**
 * The team's settings the settings pages edit: canned responses, labels, the webhook journal and
 * the organisation. Shapes from the server's contract, imported type-only.
 */
import type { z } from 'zod';
import type { CannedResponse } from '../../../src/contract/canned-responses.ts';
import type { JournalEntry, OneJournalEntry, ReplayAllResult, ReplayResult } from '../../../src/contract/journal.ts';
import type { Label, LabelDeleted, LabelResult } from '../../../src/contract/labels.ts';
import type { BusinessTimeResult, Organization } from '../../../src/contract/organization.ts';
import { request } from './http.ts';

export type { CannedResponse, JournalEntry, Label, Organization };
export type { BusinessHoursInterval, Holiday, Weekday } from '../../../src/contract/organization.ts';
export type JournalEntryDetail = z.infer<typeof OneJournalEntry>['event'];
export type ReplayOutcome = z.infer<typeof ReplayResult>['outcome'];
export type ReplayAllSummary = z.infer<typeof ReplayAllResult>;
export type BusinessTime = z.infer<typeof BusinessTimeResult>;

export function createCannedResponse(body: { shortcut: string; content: string }) {
  return request<{ cannedResponse: CannedResponse }>('/api/v1/canned-responses', { method: 'POST', body }).then((r) => r.cannedResponse);
}

export function changeCannedResponse(id: number, body: { shortcut?: string; content?: string }) {
  return request<{ cannedResponse: CannedResponse }>(`/api/v1/canned-responses/${id}`, { method: 'PATCH', body }).then((r) => r.cannedResponse);
}

export function deleteCannedResponse(id: number) {
  return request<{ ok: true }>(`/api/v1/canned-responses/${id}`, { method: 'DELETE' });
}

export function listLabels(signal?: AbortSignal) {
  return request<{ labels: Label[] }>('/api/v1/labels', { signal }).then((r) => r.labels);
}

export function createLabel(body: { name: string; color: string }) {
  return request<{ label: Label }>('/api/v1/labels', { method: 'POST', body }).then((r) => r.label);
}

export function changeLabel(id: number, body: { name?: string; color?: string }) {
  return request<z.infer<typeof LabelResult>>(`/api/v1/labels/${id}`, { method: 'PATCH', body });
}

export function deleteLabel(id: number) {
  return request<z.infer<typeof LabelDeleted>>(`/api/v1/labels/${id}`, { method: 'DELETE' });
}

export interface JournalFilter {
  /** Comma-separated states, as the API takes them. */
  states: string;
  platform: string | null;
}

export function listJournal(filter: JournalFilter, signal?: AbortSignal) {
  const q = new URLSearchParams({ state: filter.states, limit: '200' });
  if (filter.platform) q.set('platform', filter.platform);
  return request<{ events: JournalEntry[] }>(`/api/v1/webhook-events?${q}`, { signal }).then((r) => r.events);
}

export function getJournalEntry(id: number, signal?: AbortSignal) {
  return request<z.infer<typeof OneJournalEntry>>(`/api/v1/webhook-events/${id}`, { signal }).then((r) => r.event);
}

export function replayJournalEntry(id: number) {
  return request<z.infer<typeof ReplayResult>>(`/api/v1/webhook-events/${id}/replay`, { method: 'POST' });
}

export function replayAllJournal() {
  return request<ReplayAllSummary>('/api/v1/webhook-events/replay', { method: 'POST', body: {} });
}

export function getOrganization(signal?: AbortSignal) {
  return request<{ organization: Organization }>('/api/v1/organization', { signal }).then((r) => r.organization);
}

export function changeOrganization(body: Partial<Omit<Organization, 'id'>>) {
  return request<{ organization: Organization }>('/api/v1/organization', { method: 'PATCH', body }).then((r) => r.organization);
}

export function getBusinessTime(signal?: AbortSignal) {
  return request<BusinessTime>('/api/v1/organization/business-hours/open', { signal });
}
