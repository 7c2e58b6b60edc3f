/**
 * Whether an error means PostgreSQL cannot be reached right now (stopped, restarting, the network
 * cut) rather than that a query was wrong: the first is worth a 503 and a retry, the second is a
 * bug. node-postgres reports the first as socket errors, SQLSTATE class 08 (connection exception)
 * and 57P01–57P03 (shutting down, crashed, starting up), or a few fixed messages of its own.
 */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const POOL_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable/;

export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || code.startsWith('08') || /^57P0[1-3]$/.test(code))) return true;
  return POOL_MESSAGES.test(err.message);
}
