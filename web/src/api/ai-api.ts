import type { AiSettings } from '../../../src/contract/ai.ts';
import type { ReplySuggestion } from './types.ts';
import { ApiError, request } from './http.ts';

export type { AiSettings };

/** One event of a draft being written (POST /api/v1/conversations/:id/ai/draft, server-sent events). */
export type DraftEvent =
  | { type: 'delta'; text: string }
  | { type: 'done'; text: string; cut: boolean; limit: number }
  | { type: 'fallback'; reason: 'timeout' | 'error' | 'refused' | 'garbage'; suggestions: ReplySuggestion[] };

export function getAiSettings(signal?: AbortSignal): Promise<AiSettings> {
  return request<{ settings: AiSettings }>('/api/v1/ai/settings', { signal }).then((r) => r.settings);
}

export function saveAiSettings(change: { enabled?: boolean; shareMessageText?: boolean }): Promise<AiSettings> {
  return request<{ settings: AiSettings }>('/api/v1/ai/settings', { method: 'PATCH', body: change }).then((r) => r.settings);
}

export function summarise(conversationId: number, language: string, signal?: AbortSignal) {
  return request<{ summary: string; cut: boolean; messages: number }>(`/api/v1/conversations/${conversationId}/ai/summary`, { method: 'POST', body: { language }, signal });
}

export interface TranslateResult {
  language: string | null;
  translations: { messageId: number | null; text: string }[];
  text: string | null;
  cut: boolean;
}

export function translateMessages(conversationId: number, language: string, signal?: AbortSignal) {
  return request<TranslateResult>(`/api/v1/conversations/${conversationId}/ai/translate`, { method: 'POST', body: { what: 'messages', language }, signal });
}

export function translateDraft(conversationId: number, text: string, language: string | null, signal?: AbortSignal) {
  return request<TranslateResult>(`/api/v1/conversations/${conversationId}/ai/translate`, { method: 'POST', body: { what: 'draft', text, ...(language ? { language } : {}) }, signal });
}

/**
 * Ask for a draft and hand each event to `onEvent` as it arrives (the composer shows the draft
 * growing). A refusal before the stream starts (the model off, another organisation's
 * conversation) is an ApiError, as from any request.
 */
export async function streamDraft(conversationId: number, onEvent: (event: DraftEvent) => void, signal?: AbortSignal): Promise<void> {
  let res: Response;
  try {
    res = await fetch(`/api/v1/conversations/${conversationId}/ai/draft`, { method: 'POST', headers: { accept: 'text/event-stream' }, credentials: 'same-origin', signal });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK', 'snorq could not be reached; check your connection');
  }
  if (!res.ok || !res.body) {
    const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null;
    throw new ApiError(res.status, body?.error?.code ?? `HTTP_${res.status}`, body?.error?.message ?? `the server answered ${res.status}`, body?.error?.details);
  }
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const data = /^data: (.*)$/m.exec(buffer.slice(0, end))?.[1];
      buffer = buffer.slice(end + 2);
      if (data) onEvent(JSON.parse(data) as DraftEvent);
    }
  }
}
