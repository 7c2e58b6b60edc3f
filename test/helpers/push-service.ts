import { createECDH, createPublicKey, createDecipheriv, hkdfSync, randomBytes, verify } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

/**
 * A push service that runs in the test, as a browser vendor's would: HTTPS, a VAPID-signed JWT
 * (RFC 8292) checked on every request, and the body decrypted (RFC 8291, aes128gcm of RFC 8188)
 * with the keys of a "browser" subscription the test made with ECDH, as PushManager.subscribe does.
 */

export interface BrowserSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
  /** The browser's private half, to decrypt what arrives. */
  ecdh: ReturnType<typeof createECDH>;
  authSecret: Buffer;
}

export interface ReceivedPush {
  /** The endpoint's path (one per subscription). */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The VAPID JWT's claims, after its signature was verified with the `k=` key. */
  claims: { aud: string; exp: number; sub: string };
  vapidPublicKey: string;
  payload: unknown;
}

export interface PushService {
  url: string;
  /** A TLS agent that trusts this service's self-signed certificate. */
  agent: https.Agent;
  received: ReceivedPush[];
  /** Requests refused (bad JWT, undecryptable body), with the reason. */
  refused: string[];
  /** A subscription as a browser would make it, for an endpoint of this service. */
  subscribe(name: string): BrowserSubscription;
  /** The push service forgets this subscription: further pushes are answered 410 Gone. */
  expire(name: string): void;
  close(): Promise<void>;
}

const b64u = (b: Buffer) => b.toString('base64url');

/** A self-signed certificate for 127.0.0.1 (openssl), valid for the test's run. */
function selfSignedCertificate(): { key: string; cert: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snorq-push-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
        '-days',
        '2',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    return { key: fs.readFileSync(path.join(dir, 'key.pem'), 'utf8'), cert: fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Verify `Authorization: vapid t=<jwt>, k=<key>`: ES256 over the raw P-256 key, claims returned. */
export function verifyVapid(authorization: string | undefined): { claims: ReceivedPush['claims']; publicKey: string } {
  const m = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), k=([\w-]+)$/.exec(authorization ?? '');
  if (!m) throw new Error(`no VAPID authorization: ${authorization}`);
  const [header, body, signature] = m[1]!.split('.') as [string, string, string];
  const raw = Buffer.from(m[2]!, 'base64url');
  if (raw.length !== 65 || raw[0] !== 4) throw new Error('k is not an uncompressed P-256 point');
  const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: b64u(raw.subarray(1, 33)), y: b64u(raw.subarray(33)) }, format: 'jwk' });
  const ok = verify('sha256', Buffer.from(`${header}.${body}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'));
  if (!ok) throw new Error('the VAPID JWT signature does not verify');
  const h = JSON.parse(Buffer.from(header, 'base64url').toString()) as { alg: string; typ: string };
  if (h.alg !== 'ES256') throw new Error(`JWT alg ${h.alg}`);
  return { claims: JSON.parse(Buffer.from(body, 'base64url').toString()) as ReceivedPush['claims'], publicKey: m[2]! };
}

/** RFC 8291 / RFC 8188: the body's header (salt, record size, sender key), then one record. */
export function decryptPush(body: Buffer, sub: Pick<BrowserSubscription, 'ecdh' | 'authSecret'>): Buffer {
  const salt = body.subarray(0, 16);
  const idlen = body[20]!;
  const senderKey = body.subarray(21, 21 + idlen);
  const ciphertext = body.subarray(21 + idlen);
  const uaPublic = sub.ecdh.getPublicKey();
  const shared = sub.ecdh.computeSecret(senderKey);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), uaPublic, senderKey]);
  const ikm = Buffer.from(hkdfSync('sha256', shared, sub.authSecret, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
  // The last record ends with the delimiter 0x02, then zero padding.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error('no last-record delimiter');
  return padded.subarray(0, end);
}

export async function startPushService(): Promise<PushService> {
  const { key, cert } = selfSignedCertificate();
  const subscriptions = new Map<string, BrowserSubscription>();
  const gone = new Set<string>();
  const received: ReceivedPush[] = [];
  const refused: string[] = [];
  const server = https.createServer({ key, cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const name = (req.url ?? '').replace(/^\/push\//, '');
      const sub = subscriptions.get(name);
      if (!sub || gone.has(name)) return res.writeHead(sub ? 410 : 404).end();
      try {
        if (req.headers['content-encoding'] !== 'aes128gcm') throw new Error(`content-encoding ${req.headers['content-encoding']}`);
        const { claims, publicKey } = verifyVapid(req.headers.authorization);
        const payload = JSON.parse(decryptPush(Buffer.concat(chunks), sub).toString('utf8')) as unknown;
        received.push({ path: req.url ?? '', headers: req.headers, claims, vapidPublicKey: publicKey, payload });
        res.writeHead(201).end();
      } catch (err) {
        refused.push(String(err));
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    agent: new https.Agent({ ca: cert }),
    received,
    refused,
    subscribe(name) {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const authSecret = randomBytes(16);
      const sub = { endpoint: `${url}/push/${name}`, keys: { p256dh: b64u(ecdh.getPublicKey()), auth: b64u(authSecret) }, ecdh, authSecret };
      subscriptions.set(name, sub);
      return sub;
    },
    expire: (name) => void gone.add(name),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
