import { request } from './http.ts';
import type { Channel, Metrics, Platform, SyncChannelResult } from './types.ts';

/** The dashboard's figures; `query` names the range (`days=30` or `from=…&to=…`). */
export function getMetrics(query: string, signal?: AbortSignal) {
  return request<Metrics>(`/api/v1/metrics?${query}`, { signal });
}

export function syncMessages() {
  return request<{ channels: SyncChannelResult[] }>('/api/messages/sync', { method: 'POST' });
}

export function listChannels(signal?: AbortSignal) {
  return request<{ channels: Channel[] }>('/api/v1/channels', { signal }).then((r) => r.channels);
}

export interface NewChannel {
  platform: Platform;
  externalAccountId: string;
  displayName: string;
  credentials: Record<string, string>;
}

export function createChannel(body: NewChannel) {
  return request<{ channel?: Channel }>('/api/v1/channels', { method: 'POST', body });
}

/** A platform whose own form proves what is typed (a bot token): the form's values, no account id. */
export function connectByForm(platform: Platform, credentials: Record<string, string>) {
  return request<{ channel?: Channel }>('/api/v1/channels', { method: 'POST', body: { platform, credentials } });
}

export function deleteChannel(id: number) {
  return request<unknown>(`/api/v1/channels/${id}`, { method: 'DELETE' });
}

/** The team a channel's new conversations go to (null: none); another organisation's team is refused on `teamId`. */
export function setChannelTeam(id: number, teamId: number | null) {
  return request<{ channel: { id: number; teamId: number | null } }>(`/api/v1/channels/${id}`, { method: 'PATCH', body: { teamId } }).then((r) => r.channel);
}
