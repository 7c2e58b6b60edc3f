import { io as connectSocket, type ManagerOptions, type Socket as ClientSocket, type SocketOptions } from 'socket.io-client';
import type { ClientToServerEvents, LiveEventMessage, LiveEventType, ServerToClientEvents } from '../../../src/contract/realtime.ts';

/**
 * The server's live events (src/contract/realtime.ts, emitted by src/server/realtime/socket-server.ts),
 * each with the organisation's seq. Their payloads are the contract's, imported type-only.
 */
export type ServerEvent = { [K in LiveEventType]: { type: K } & Delivered<K> }[LiveEventType];

/** A `new:message` is handed on with its conversation only (toServerEvent): a private note's carries none. */
type Delivered<K extends LiveEventType> = K extends 'new:message' ? LiveEventMessage<K> & { conversation: NonNullable<LiveEventMessage<K>['conversation']> } : LiveEventMessage<K>;

/** Every live event's name (a name the contract lacks, or one it has and this list does not, is a type error). */
const EVENT_NAMES: Record<LiveEventType, true> = {
  'new:message': true,
  'message:sent': true,
  'message:status': true,
  'message:updated': true,
  'message:deleted': true,
  'conversation:updated': true,
  'presence:updated': true,
  mention: true,
  'contact:updated': true,
};
export const SERVER_EVENT_TYPES = Object.keys(EVENT_NAMES) as LiveEventType[];

/** The Socket.IO client typed by the contract: `socket.on` gets the events' payloads, `emit` checks requests. */
export type Socket = ClientSocket<ServerToClientEvents, ClientToServerEvents>;
export function io(options: Partial<ManagerOptions & SocketOptions>): Socket {
  return connectSocket(options);
}

/**
 * What subscribers receive: the server's events, once each and in order, plus `resync` when
 * what they hold can no longer be trusted (the server said `sync:required`, its counter went
 * back, or this is the first connection and the page loaded before it). A subscriber that
 * refetches returns the promise, so the indicator says "behind" until it settles.
 */
export type LiveEvent = ServerEvent | { type: 'resync'; reason: string };

export type LiveHandler = (event: LiveEvent) => void | Promise<unknown>;

/** The payload as sent, checked just enough to route it: a seq and the ids the handlers read. */
export function toServerEvent(type: LiveEventType, payload: unknown): ServerEvent | null {
  if (!payload || typeof payload !== 'object') return null;
  const p = payload as Record<string, unknown>;
  if (typeof p['seq'] !== 'number') return null;
  const hasMessage = typeof (p['message'] as { id?: unknown } | undefined)?.id === 'number';
  const hasConversation = typeof (p['conversation'] as { id?: unknown } | undefined)?.id === 'number';
  switch (type) {
    case 'new:message':
      return hasMessage && hasConversation ? ({ ...p, type } as ServerEvent) : null;
    case 'message:updated':
      return hasMessage ? ({ ...p, type } as ServerEvent) : null;
    case 'conversation:updated':
      return hasConversation ? ({ ...p, type } as ServerEvent) : null;
    case 'message:sent':
    case 'message:status':
    case 'message:deleted':
    case 'mention':
      return typeof p['messageId'] === 'number' ? ({ ...p, type } as ServerEvent) : null;
    case 'presence:updated':
      return typeof p['userId'] === 'number' ? ({ ...p, type } as ServerEvent) : null;
    case 'contact:updated':
      return typeof p['contactId'] === 'number' ? ({ ...p, type } as ServerEvent) : null;
  }
}
