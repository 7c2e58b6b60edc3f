import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';

/**
 * The ingestion baseline: a bare node:http endpoint that reads the body and checks Meta's
 * X-Hub-Signature-256 over its bytes in constant time, then answers like snorq does. It stores
 * nothing; it is the ceiling a webhook receiver on this machine and this client can reach.
 */
const secret = process.env.BARE_SECRET ?? '';
const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const given = Buffer.from(String(req.headers['x-hub-signature-256'] ?? ''));
    const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
    const ok = secret !== '' && given.length === expected.length && timingSafeEqual(given, expected);
    res.writeHead(ok ? 200 : 401, { 'content-type': 'text/plain' });
    res.end(ok ? 'EVENT_RECEIVED' : 'invalid signature');
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.send!({ type: 'ready', url: `http://127.0.0.1:${port}` });
});
process.on('disconnect', () => process.exit(0));
process.on('message', (m: { type?: string }) => m.type === 'stop' && server.close(() => process.exit(0)));
