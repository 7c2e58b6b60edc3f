import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../src/core/accounts/users.ts';
import { provisionChannels } from '../../../src/core/channel-accounts/provision-env-channels.ts';
import type { RunningSnorq } from '../../../src/start-snorq.ts';
import { startPushService, type PushService } from '../../helpers/push-service.ts';
import { metaSignature, whatsappText } from '../../helpers/signing.ts';
import { createTestDatabase } from '../../helpers/test-database.ts';
import { eventually } from '../../helpers/eventually.ts';
import { startTestSnorq } from '../../helpers/test-snorq.ts';

/**
 * Web Push costs the ingest path nothing while nobody can receive it: events that may notify are
 * claimed (a committed insert per customer message) only in an organisation where some device is
 * subscribed. The deliveries themselves are push-delivery.test.ts's.
 */

const SECRET = 'claims-secret';
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let push: PushService;
let snorq: RunningSnorq;
let org: number;

async function customerWrites(id: string): Promise<void> {
  const body = JSON.stringify(whatsappText({ phoneNumberId: 'PN-claims', from: '4916000000021', name: 'Customer 21', id, text: 'hello', timestamp: Date.now() }));
  const res = await fetch(`${snorq.url}/api/v1/webhooks/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(SECRET, body) }, body });
  expect(res.status).toBe(200);
  // the notifier has dealt with every event committed so far
  const { event_seq: seq } = await db.db.selectFrom('organizations').select('event_seq').where('id', '=', org).executeTakeFirstOrThrow();
  await eventually(() => snorq.notifier.handledUpTo(org) >= seq, 'the notifier to deal with the events');
}

const claims = async () => (await db.db.selectFrom('notification_claims').select('seq').where('organization_id', '=', org).execute()).length;

beforeAll(async () => {
  db = await createTestDatabase();
  push = await startPushService();
  snorq = await startTestSnorq(db.url, { WHATSAPP_APP_SECRET: SECRET, PUSH_SERVICE_HOSTS: '127.0.0.1', VAPID_SUBJECT: 'mailto:ops@snorq.test' }, { pushAgent: push.agent });
  org = (await db.db.insertInto('organizations').values({ name: 'claims' }).returning('id').executeTakeFirstOrThrow()).id;
  await provisionChannels(
    snorq.ctx.db,
    snorq.ctx.secretBox,
    org,
    [{ platform: 'whatsapp', externalAccountId: 'PN-claims', displayName: 'claims', credentials: { platform: 'whatsapp', accessToken: 'tok' } }],
    'env',
  );
  await createUser(db.db, { organizationId: org, email: 'ana@claims.test', name: 'Ana', role: 'agent', password: 'claims password 123' });
});
afterAll(async () => {
  await snorq?.stop();
  await push?.close();
  await db?.drop();
});

describe('push claims on the ingest path', () => {
  it('claims nothing while nobody is subscribed, and claims each customer message once a device is', async () => {
    await customerWrites('wamid.c1');
    expect(await claims()).toBe(0);

    const login = await fetch(`${snorq.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ana@claims.test', password: 'claims password 123' }),
    });
    const { token } = (await login.json()) as { token: string };
    const sub = push.subscribe('ana');
    const res = await fetch(`${snorq.url}/api/v1/push-subscriptions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ endpoint: sub.endpoint, expirationTime: null, keys: sub.keys }),
    });
    expect(res.status).toBe(201);
    await customerWrites('wamid.c2');
    expect(await claims()).toBe(1);
  });
});
