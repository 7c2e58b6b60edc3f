import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimPlatform } from '../../src/simulator/index.ts';
import { channelOf } from '../../src/channels/registry.ts';
import { eventually, startSandboxedSnorq, type SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';

/**
 * Limits agree end to end: what `POST /api/messages` accepts, the platform (the simulator, as
 * strict as the real one) accepts too; one unit more is a 422 MESSAGE_TOO_LONG naming the limit,
 * and nothing is stored.
 */
let s: SandboxedSnorq;
beforeAll(async () => {
  s = await startSandboxedSnorq({ autoReceipts: false });
});
afterAll(async () => s?.close());

let seq = 0;
async function conversationOn(platform: SimPlatform): Promise<number> {
  seq++;
  const id = platform === 'whatsapp' ? `4917333${String(seq).padStart(5, '0')}` : platform === 'twilio' ? `+1415666${String(seq).padStart(4, '0')}` : `lim${seq}x${Date.now()}`;
  const sent = await s.simulator.customers.send(platform, { accountId: s.account(platform).accountId, customer: { id, name: `Limits ${seq}` }, text: 'how long may a reply be?' });
  expect(sent.status).toBe(200);
  const row = await s.snorq.ctx.db.selectFrom('messages').select('conversation_id').where('external_id', '=', sent.externalId!).executeTakeFirstOrThrow();
  return row.conversation_id;
}
const reply = (conversationId: number, content: string) => s.api('/api/messages', { json: { conversationId, content } });
const count = async (conversationId: number) => (await s.snorq.ctx.db.selectFrom('messages').select('id').where('conversation_id', '=', conversationId).execute()).length;

/** Exactly at the limit, in characters that count differently per unit (emoji: 1 char, 2 UTF-16 units, 4 bytes). */
const AT_LIMIT = { messenger: '😀'.repeat(2000), instagram: '😀'.repeat(250), whatsapp: '😀'.repeat(4096), twilio: '😀'.repeat(800), tiktok: '😀'.repeat(3000) };
const OVER = { messenger: '😀'.repeat(2001), instagram: `${'😀'.repeat(249)}ééa`, whatsapp: `${'😀'.repeat(4096)}!`, twilio: `${'😀'.repeat(800)}!`, tiktok: `${'😀'.repeat(3000)}!` };

describe('text limits, from the API to the platform', () => {
  for (const platform of ['messenger', 'instagram', 'whatsapp', 'twilio', 'tiktok'] as const) {
    it(`${platform}: the limit is accepted and sent; one more is 422 MESSAGE_TOO_LONG with the limit, nothing stored`, async () => {
      const conversationId = await conversationOn(platform);
      const ok = await reply(conversationId, AT_LIMIT[platform]);
      expect(ok.status).toBe(201);
      const { message } = (await ok.json()) as { message: { id: number } };
      const sent = await eventually(async () => {
        const row = await s.snorq.ctx.db.selectFrom('messages').select(['status', 'external_id', 'error_code', 'error_reason']).where('id', '=', message.id).executeTakeFirstOrThrow();
        return row.status !== 'pending' ? row : undefined;
      });
      expect(sent).toMatchObject({ status: 'sent', error_code: null });
      expect(sent.external_id).toEqual(expect.any(String));

      const before = await count(conversationId);
      const refused = await reply(conversationId, OVER[platform]);
      expect(refused.status).toBe(422);
      const { error } = (await refused.json()) as { error: { code: string; message: string; details: { limit: number; unit: string; length: number } } };
      expect(error.code).toBe('MESSAGE_TOO_LONG');
      expect(error.details).toMatchObject({ limit: channelOf(platform).policy.textLimit.max, unit: channelOf(platform).policy.textLimit.unit, length: channelOf(platform).policy.textLimit.max + 1 });
      expect(error.message).toContain(String(channelOf(platform).policy.textLimit.max));
      expect(await count(conversationId)).toBe(before);
    });
  }

  it('a reply whose 139th UTF-16 unit is the first half of an emoji is stored, with a preview cut between characters', async () => {
    const conversationId = await conversationOn('whatsapp');
    const content = `${'a'.repeat(138)}😀${'b'.repeat(20)}`;
    const res = await reply(conversationId, content);
    expect(res.status).toBe(201);
    const { message } = (await res.json()) as { message: { id: number; content: string } };
    expect(message.content).toBe(content);
    const conv = await s.snorq.ctx.db.selectFrom('conversations').select('last_message_preview').where('id', '=', conversationId).executeTakeFirstOrThrow();
    expect(conv.last_message_preview).toBe(`${'a'.repeat(138)}…`);
    const listed = (await (await s.api('/api/v1/conversations')).json()) as { conversations: { id: number; preview: string }[] };
    expect(listed.conversations.find((c) => c.id === conversationId)?.preview).toBe(`${'a'.repeat(138)}…`);
  });
});
