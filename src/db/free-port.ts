import fs from 'node:fs';
import net from 'node:net';

/**
 * A loopback port for a server that must be told its port before it listens: the embedded
 * PostgreSQL (`-p`), and in the tests a snorq that must know its own URL (PUBLIC_URL) or a
 * simulator its webhook address; none can simply listen on port 0.
 *
 * Chosen below the kernel's ephemeral range: a port from that range (what `listen(0)` hands out)
 * is free only until the server takes it, and meanwhile any outgoing connection on the machine —
 * Chromium's, PostgreSQL clients', the other worker's — may be given it as its local port; a
 * clean-clone run failed so (EADDRINUSE on a sandboxed snorq's port). Below the range only a
 * program that names the port can take it; the port is checked free by listening on it. That still
 * leaves a moment in which such a program may take it, so a caller that can retry does
 * (embedded-postgres.ts).
 */
export async function freePort(): Promise<number> {
  const low = 10_000;
  const high = Math.max(low + 1_000, ephemeralRangeStart()) - 1;
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low + 1));
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port found between ${low} and ${high}`);
}

/** Where Linux's range for ports handed out by listen(0) and outgoing connections starts (its default elsewhere). */
function ephemeralRangeStart(): number {
  try {
    const from = Number(fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    if (Number.isInteger(from)) return from;
  } catch {
    // no /proc: Linux's default
  }
  return 32_768;
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
