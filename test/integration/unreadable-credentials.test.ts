import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startSandboxedSnorq, type SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';

let s: SandboxedSnorq;
beforeAll(async () => {
  s = await startSandboxedSnorq();
});
afterAll(async () => s?.close());

async function conversationOf(platform: 'messenger' | 'whatsapp', customerId: string): Promise<number> {
  const sent = await s.simulator.customers.send(platform, { accountId: s.account(platform).accountId, customer: { id: customerId, name: 'Customer' }, text: 'hello', timestamp: Date.now() });
  expect(sent.status).toBe(200);
  return eventually(async () => (await s.snorq.ctx.db.selectFrom('messages').select('conversation_id').where('external_id', '=', sent.externalId!).executeTakeFirst())?.conversation_id);
}

async function replyStatus(conversationId: number) {
  const res = await s.api('/api/messages', { json: { conversationId, content: 'an answer' } });
  expect(res.status).toBeLessThan(300);
  const id = ((await res.json()) as { message: { id: number } }).message.id;
  return eventually(async () => {
    const row = await s.snorq.ctx.db.selectFrom('messages').select(['status', 'error_code', 'error_reason']).where('id', '=', id).executeTakeFirstOrThrow();
    return row.status === 'pending' ? undefined : row;
  });
}

describe('a channel whose stored credentials do not parse', () => {
  it('fails its own replies with a reason naming the problem; the outbox goes on sending for the other channels', async () => {
    const messengerConversation = await conversationOf('messenger', `cust${Date.now()}`);
    const whatsappConversation = await conversationOf('whatsapp', '491700009999');
    // What an older snorq, or a hand edit, might have left: the token under another name.
    await s.snorq.ctx.db
      .updateTable('channels')
      .set({ credentials_enc: s.snorq.ctx.secretBox.sealJson({ platform: 'messenger', token: 'EAApage0123456789' }) })
      .where('platform', '=', 'messenger')
      .execute();

    const failed = await replyStatus(messengerConversation);
    expect(failed.status).toBe('failed');
    expect(failed.error_code).toBe('TOKEN_EXPIRED');
    expect(failed.error_reason).toMatch(/stored messenger credentials .*cannot be read .*pageAccessToken.*reconnect/);
    expect(failed.error_reason).not.toContain('EAApage0123456789');

    expect((await replyStatus(whatsappConversation)).status).toMatch(/sent|delivered|read/);
  });
});
