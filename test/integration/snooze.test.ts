import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationSummary } from '../../src/contract/conversations.ts';
import { wakeSnoozedConversations } from '../../src/core/conversations/update-conversation.ts';
import { eventually, startSandboxedSnorq, type SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';

/**
 * Snooze (issue "The inbox an agent would choose", item 5): to a chosen time, or until the
 * customer writes again — their next message, arriving through the platform's webhook, reopens
 * the thread; the wake job leaves such a snooze alone. A time in the past is refused.
 */
let s: SandboxedSnorq;

beforeAll(async () => {
  s = await startSandboxedSnorq();
});
afterAll(async () => {
  await s?.close();
});

async function customerWrites(phone: string, text: string): Promise<number> {
  const sent = await s.simulator.customers.send('whatsapp', { accountId: s.account('whatsapp').accountId, customer: { id: phone, name: `Snoozer ${phone}` }, text });
  expect(sent.status, sent.body).toBe(200);
  const row = await eventually(() => s.snorq.ctx.db.selectFrom('messages').select('conversation_id').where('external_id', '=', sent.externalId!).executeTakeFirst());
  return row.conversation_id;
}

const patch = (id: number, json: Record<string, unknown>) => s.api(`/api/v1/conversations/${id}`, { method: 'PATCH', json });
const row = async (id: number): Promise<ConversationSummary> => ((await (await s.api(`/api/v1/conversations/${id}`)).json()) as { conversation: ConversationSummary }).conversation;

describe('snooze', () => {
  it('until the customer replies: stays snoozed through the wake job, reopens on their next message', async () => {
    const id = await customerWrites('491710000301', 'I will send the photo later');
    const res = await patch(id, { status: 'snoozed', snoozedUntil: null });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(((await res.json()) as { conversation: { status: string; snoozedUntil: string | null } }).conversation).toMatchObject({ status: 'snoozed', snoozedUntil: null });

    // No time to come: the periodic wake, even far in the future, does not reopen it.
    await wakeSnoozedConversations(s.snorq.ctx.db, new Date(Date.now() + 365 * 86_400_000));
    expect((await row(id)).status).toBe('snoozed');
    // Out of the open conversations (the inbox's default view), in the snoozed ones.
    const view = async (q: string) => ((await (await s.api(`/api/v1/conversations?${q}`)).json()) as { conversations: { id: number }[] }).conversations.map((c) => c.id);
    expect(await view('status=open&limit=200')).not.toContain(id);
    expect(await view('status=snoozed&limit=200')).toContain(id);

    await customerWrites('491710000301', 'here is the photo');
    const woken = await row(id);
    expect(woken).toMatchObject({ status: 'open', snoozedUntil: null });
    expect(woken.waitingSince).not.toBeNull();
  });

  it('to a chosen time: kept until then, woken by the job after it; the customer writing first also reopens it', async () => {
    const id = await customerWrites('491710000302', 'call me back Monday');
    const until = new Date(Date.now() + 3 * 86_400_000);
    until.setMilliseconds(0);
    expect((await patch(id, { status: 'snoozed', snoozedUntil: until.toISOString() })).status).toBe(200);
    expect(await row(id)).toMatchObject({ status: 'snoozed', snoozedUntil: until.toISOString() });
    await wakeSnoozedConversations(s.snorq.ctx.db, new Date(until.getTime() - 1000));
    expect((await row(id)).status).toBe('snoozed');
    await wakeSnoozedConversations(s.snorq.ctx.db, until);
    expect(await row(id)).toMatchObject({ status: 'open', snoozedUntil: null });

    expect((await patch(id, { status: 'snoozed', snoozedUntil: until.toISOString() })).status).toBe(200);
    await customerWrites('491710000302', 'actually, today is fine');
    expect(await row(id)).toMatchObject({ status: 'open', snoozedUntil: null });
  });

  it('refuses a snooze without a time or with a time gone, saying why', async () => {
    const id = await customerWrites('491710000303', 'hello');
    const missing = await patch(id, { status: 'snoozed' });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('until the customer writes again');
    const past = await patch(id, { status: 'snoozed', snoozedUntil: new Date(Date.now() - 3600_000).toISOString() });
    expect(past.status).toBe(400);
    expect(await past.text()).toContain('in the past');
    expect((await row(id)).status).toBe('open');
  });
});
