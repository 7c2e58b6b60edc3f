import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimPlatform } from '../../src/simulator/index.ts';
import { eventually, startSandboxedSnorq, type SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';

let s: SandboxedSnorq;
beforeAll(async () => {
  s = await startSandboxedSnorq({ autoReceipts: true });
});
afterAll(async () => s?.close());

type Msg = { id: number; status: string; externalId: string | null; errorCode: string | null; errorReason: string | null; content: string | null };
let customerSeq = 0;
const bodyOf = (c: { body?: unknown }) => JSON.stringify(c.body ?? null);

/** A customer writes on `platform`; returns snorq's conversation id for them. */
async function customerWrites(platform: SimPlatform, text: string, hoursAgo = 0): Promise<number> {
  customerSeq++;
  const id =
    platform === 'whatsapp' ? `49170000${String(customerSeq).padStart(4, '0')}` : platform === 'twilio' ? `+1415555${String(customerSeq).padStart(4, '0')}` : `cust${customerSeq}00${Date.now()}`;
  const sent = await s.simulator.customers.send(platform, {
    accountId: s.account(platform).accountId,
    customer: { id, name: `Customer ${customerSeq}` },
    text,
    timestamp: Date.now() - hoursAgo * 3_600_000,
  });
  expect(sent.status).toBe(200);
  return eventually(async () => {
    const row = await s.snorq.ctx.db.selectFrom('messages').select('conversation_id').where('external_id', '=', sent.externalId!).executeTakeFirst();
    return row?.conversation_id;
  });
}

async function reply(conversationId: number, body: Record<string, unknown>, key?: string) {
  return s.api('/api/messages', { json: { conversationId, ...body }, headers: key ? { 'idempotency-key': key } : {} });
}
async function message(id: number): Promise<Msg> {
  const row = await s.snorq.ctx.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return { id: row.id, status: row.status, externalId: row.external_id, errorCode: row.error_code, errorReason: row.error_reason, content: row.content };
}

describe('replies reach the customer on their platform', () => {
  for (const platform of ['messenger', 'instagram', 'whatsapp', 'twilio', 'tiktok'] as const) {
    it(`${platform}: pending at once, then sent with the platform's id, then delivered/read from receipts`, async () => {
      const conversationId = await customerWrites(platform, `hello from ${platform}`);
      const res = await reply(conversationId, { content: `Hi! (${platform})` });
      expect(res.status).toBe(201);
      const { message: queued } = (await res.json()) as { message: Msg };
      expect(queued.status).toBe('pending');
      const sent = await eventually(async () => {
        const m = await message(queued.id);
        return m.externalId ? m : undefined;
      });
      const call = s.simulator.recorded.list({ platform }).filter((c) => c.method === 'POST' && /message/i.test(c.path) && bodyOf(c).includes(`Hi! (${platform})`));
      expect(call).toHaveLength(1);
      expect(sent.errorCode).toBeNull();
      // the simulator sends receipts: the status ends at read (Messenger/TikTok by watermark)
      await eventually(async () => ((await message(queued.id)).status === 'read' ? true : undefined));
    });
  }

  it('marking a thread read tells the customer: WhatsApp read status, Messenger mark_seen', async () => {
    for (const platform of ['whatsapp', 'messenger'] as const) {
      const conversationId = await customerWrites(platform, 'did you see this?');
      const since = s.simulator.recorded.list().length;
      expect((await s.api(`/api/messages/${conversationId}/read`, { method: 'POST' })).status).toBe(200);
      const call = await eventually(async () =>
        s.simulator.recorded
          .list({ platform })
          .slice(0)
          .find((c) => c.seq > since && /"(status|sender_action)"/.test(bodyOf(c))),
      );
      expect(bodyOf(call)).toMatch(platform === 'whatsapp' ? /"status":"read"/ : /"sender_action":"mark_seen"/);
    }
  });

  it('sends once for a repeated Idempotency-Key, answering the same message', async () => {
    const conversationId = await customerWrites('whatsapp', 'idempotent please');
    const first = await reply(conversationId, { content: 'exactly once' }, 'key-123');
    const second = await reply(conversationId, { content: 'exactly once' }, 'key-123');
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    const a = ((await first.json()) as { message: Msg }).message;
    const b = ((await second.json()) as { message: Msg }).message;
    expect(b.id).toBe(a.id);
    await eventually(async () => (await message(a.id)).externalId);
    await s.snorq.ctx.outbox!.drain();
    expect(s.simulator.recorded.list({ platform: 'whatsapp' }).filter((c) => bodyOf(c).includes('exactly once'))).toHaveLength(1);
  });
});

describe('reply windows, before Send', () => {
  it('WhatsApp after 24 h: free text is 422 WINDOW_CLOSED with the options left; a template goes out', async () => {
    const conversationId = await customerWrites('whatsapp', 'old question', 30);
    const closed = await reply(conversationId, { content: 'too late?' });
    expect(closed.status).toBe(422);
    const err = ((await closed.json()) as { error: { code: string; message: string; details: { window: { allowed: string[] } } } }).error;
    expect(err.code).toBe('WINDOW_CLOSED');
    expect(err.details.window.allowed).toEqual(['template']);
    const conv = (await (await s.api(`/api/v1/conversations/${conversationId}`)).json()) as { conversation: { channel: { id: number } } };
    const { templates } = (await (await s.api(`/api/v1/channels/${conv.conversation.channel.id}/templates`)).json()) as { templates: { name: string; language: string; variableCount: number }[] };
    expect(templates.length).toBeGreaterThan(0);
    const t = templates.find((x) => x.variableCount === 0) ?? templates[0]!;
    const res = await reply(conversationId, { template: { name: t.name, language: t.language, variables: Array.from({ length: t.variableCount }, (_, i) => `v${i}`) } });
    expect(res.status).toBe(201);
    const id = ((await res.json()) as { message: Msg }).message.id;
    const sent = await eventually(async () => ((await message(id)).externalId ? message(id) : undefined));
    expect(sent.status).not.toBe('failed');
    const call = s.simulator.recorded.last({ platform: 'whatsapp' })!;
    expect((call.body as { type: string; template: { name: string } }).template.name).toBe(t.name);
  });

  it('Messenger after 24 h: free text is refused, HUMAN_AGENT goes out as MESSAGE_TAG', async () => {
    const conversationId = await customerWrites('messenger', 'are you there?', 30);
    expect((await reply(conversationId, { content: 'sorry for the wait' })).status).toBe(422);
    const res = await reply(conversationId, { content: 'sorry for the wait', tag: 'HUMAN_AGENT' });
    expect(res.status).toBe(201);
    const id = ((await res.json()) as { message: Msg }).message.id;
    await eventually(async () => (await message(id)).externalId);
    const call = s.simulator.recorded.list({ platform: 'messenger' }).find((c) => bodyOf(c).includes('sorry for the wait'))!;
    expect(call.body).toMatchObject({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
  });
});

describe('TikTok’s cap', () => {
  it('allows 10 business messages per customer message, then answers 422 until the customer writes again', async () => {
    const conversationId = await customerWrites('tiktok', 'tell me everything');
    for (let i = 0; i < 10; i++) expect((await reply(conversationId, { content: `part ${i}` })).status).toBe(201);
    const capped = await reply(conversationId, { content: 'one too many' });
    expect(capped.status).toBe(422);
    const { conversation } = (await (await s.api(`/api/v1/conversations/${conversationId}`)).json()) as { conversation: { replyWindow: { open: boolean; remainingMessages: number } } };
    expect(conversation.replyWindow).toMatchObject({ open: false, remainingMessages: 0 });
  });
});

describe('media out', () => {
  it('uploads an image and sends it: by signed URL on Messenger, through the media API on WhatsApp', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
    for (const platform of ['messenger', 'whatsapp'] as const) {
      const conversationId = await customerWrites(platform, 'send me a picture');
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'dot.png');
      const up = await s.api('/api/v1/uploads', { method: 'POST', body: form });
      expect(up.status).toBe(201);
      const { upload } = (await up.json()) as { upload: Record<string, unknown> };
      const res = await reply(conversationId, { media: upload });
      expect(res.status).toBe(201);
      const id = ((await res.json()) as { message: Msg }).message.id;
      const m = await eventually(async () => ((await message(id)).status !== 'pending' ? message(id) : undefined));
      expect(m.errorReason).toBeNull();
    }
    const graph = s.simulator.recorded.list({ platform: 'messenger' }).find((c) => bodyOf(c).includes('"attachment"'))!;
    expect(JSON.stringify(graph.body)).toMatch(/\/media\/[0-9a-f]{32}/);
    expect(s.simulator.recorded.list({ platform: 'whatsapp' }).some((c) => c.path.endsWith('/media') && c.method === 'POST')).toBe(true);
  });
});

describe('platform errors', () => {
  it('a platform refusal leaves the reply failed with a reason the agent can read, and Retry sends it', async () => {
    const conversationId = await customerWrites('tiktok', 'hello');
    s.simulator.faults.set({ platform: 'tiktok', kind: 'token_expired', times: 1 });
    const res = await reply(conversationId, { content: 'will this work?' });
    const id = ((await res.json()) as { message: Msg }).message.id;
    const failed = await eventually(async () => ((await message(id)).status === 'failed' ? message(id) : undefined));
    expect(failed.errorCode).toBe('TOKEN_EXPIRED');
    expect(failed.errorReason).toMatch(/\w+/);
    const channel = await s.snorq.ctx.db.selectFrom('channels').select(['id', 'connection_state']).where('platform', '=', 'tiktok').executeTakeFirstOrThrow();
    expect(channel.connection_state).toBe('needs_reconnect');
    // the admin reconnects (here: by hand), then Retry
    await s.snorq.ctx.db.updateTable('channels').set({ connection_state: 'connected' }).where('id', '=', channel.id).execute();
    expect((await s.api(`/api/v1/messages/${id}/retry`, { method: 'POST' })).status).toBe(200);
    await eventually(async () => ((await message(id)).status !== 'pending' && (await message(id)).status !== 'failed' ? true : undefined));
  });
});

describe('the inbox list', () => {
  it('filters by platform (the original guide’s spelling too) and pages with the cursor', async () => {
    const all = (await (await s.api('/api/messages?limit=200')).json()) as { conversations: { id: number; platform: string }[] };
    expect(new Set(all.conversations.map((c) => c.platform)).size).toBe(5);
    for (const [param, platform] of [
      ['tiktok', 'tiktok'],
      ['Facebook', 'messenger'],
      ['WhatsApp', 'whatsapp'],
    ] as const) {
      const only = (await (await s.api(`/api/messages?platform=${param}`)).json()) as { conversations: { platform: string }[] };
      expect(only.conversations.length).toBeGreaterThan(0);
      expect(only.conversations.every((c) => c.platform === platform)).toBe(true);
    }
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page = (await (await s.api(`/api/messages?limit=3${cursor ? `&cursor=${cursor}` : ''}`)).json()) as { conversations: { id: number }[]; nextCursor: string | null };
      seen.push(...page.conversations.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.conversations.map((c) => c.id));
  });
});
