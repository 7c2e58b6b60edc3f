import { io as connect, type Socket } from 'socket.io-client';

export interface NewMessageEvent {
  seq: number;
  message: { externalId: string | null };
}

/**
 * `count` agents connected to snorq over Socket.IO (WebSocket transport, token auth), each
 * reporting the `new:message` events it receives. Connected `batch` at a time, each waiting for
 * its `hello` (authenticated, in its organisation's room).
 */
export async function connectAgents(url: string, token: string, count: number, onMessage: (agent: number, e: NewMessageEvent) => void, batch = 50): Promise<{ sockets: Socket[]; close(): void }> {
  const sockets: Socket[] = [];
  const one = (agent: number) =>
    new Promise<Socket>((resolve, reject) => {
      const socket = connect(url, { path: '/socket.io', auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
      socket.on('new:message', (e: NewMessageEvent) => onMessage(agent, e));
      socket.once('hello', () => resolve(socket));
      socket.once('connect_error', reject);
      sockets.push(socket);
    });
  for (let i = 0; i < count; i += batch) {
    await Promise.all(Array.from({ length: Math.min(batch, count - i) }, (_, j) => one(i + j)));
  }
  return { sockets, close: () => sockets.forEach((s) => s.close()) };
}
