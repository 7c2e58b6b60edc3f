import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimPlatform } from '../../src/simulator/index.ts';
import { eventually, startSandboxedSnorq, type SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';

/**
 * Interactive replies over real HTTP: an agent's choices reach each platform in its exact wire
 * shape (the simulator records the call), are kept on the message the thread shows, a reply over
 * the platform's limits is refused with 422 naming the field and the limit before anything is
 * called, and the customer's tap comes back as their message, linked to the reply where the
 * platform says which message it answers.
 */

let s: SandboxedSnorq;
beforeAll(async () => {
  s = await startSandboxedSnorq({ autoReceipts: false });
}, 60_000);
afterAll(async () => s?.close());

type Msg = { id: number; status: string; content: string | null; externalId: string | null; errorReason: string | null; interactive?: unknown; replyToMessageId: number | null };
let seq = 0;

async function customerWrites(platform: SimPlatform) {
  seq++;
  const customerId = platform === 'whatsapp' ? `4917500${String(seq).padStart(5, '0')}` : platform === 'twilio' ? `+1415777${String(seq).padStart(4, '0')}` : `ia${seq}x${Date.now()}`;
  const sent = await s.simulator.customers.send(platform, { accountId: s.account(platform).accountId, customer: { id: customerId, name: `Ina ${seq}` }, text: 'which colours?' });
  expect(sent.status).toBe(200);
  const row = await eventually(async () => s.snorq.ctx.db.selectFrom('messages').selectAll().where('external_id', '=', sent.externalId!).executeTakeFirst());
  return { conversationId: row.conversation_id, customerId };
}

const reply = (conversationId: number, content: string, interactive: unknown) => s.api('/api/messages', { json: { conversationId, content, interactive } });
const since = () => (s.simulator.recorded.last()?.seq ?? 0) + 1;
const postsSince = (platform: SimPlatform, from: number) => s.simulator.recorded.list({ platform, method: 'POST' }).filter((c) => c.seq >= from);
const colours = { kind: 'buttons', choices: ['Blue', 'Red', 'Green'].map((title) => ({ id: `COLOR_${title.toUpperCase()}`, title })) };

async function sentMessage(id: number) {
  return eventually(async () => {
    const row = await s.snorq.ctx.db.selectFrom('messages').select(['status', 'external_id', 'error_reason']).where('id', '=', id).executeTakeFirstOrThrow();
    return row.status !== 'pending' ? { status: row.status, externalId: row.external_id, errorReason: row.error_reason } : undefined;
  });
}

async function sendAndWait(platform: SimPlatform, content: string, interactive: unknown) {
  const c = await customerWrites(platform);
  const from = since();
  const res = await reply(c.conversationId, content, interactive);
  expect(res.status).toBe(201);
  const { message } = (await res.json()) as { message: Msg };
  expect(message.interactive).toEqual(interactive);
  const sent = await sentMessage(message.id);
  expect(sent.status, String(sent.errorReason)).toBe('sent');
  return { ...c, message, externalId: sent.externalId!, calls: postsSince(platform, from) };
}

describe('interactive replies reach the platform', () => {
  it('whatsapp: three reply buttons as type interactive/button, exactly', async () => {
    const { customerId, calls } = await sendAndWait('whatsapp', 'Which colour?', colours);
    expect(calls.map((c) => c.body)).toEqual([
      {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: customerId,
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: 'Which colour?' },
          action: {
            buttons: [
              { type: 'reply', reply: { id: 'COLOR_BLUE', title: 'Blue' } },
              { type: 'reply', reply: { id: 'COLOR_RED', title: 'Red' } },
              { type: 'reply', reply: { id: 'COLOR_GREEN', title: 'Green' } },
            ],
          },
        },
      },
    ]);
  });

  it('whatsapp: a list with sections, and the customer’s pick comes back as their message, answering the list', async () => {
    const list = {
      kind: 'list',
      button: 'Sizes',
      sections: [
        { title: 'Small', rows: [{ id: 'S', title: 'S', description: 'Chest 86–91 cm' }] },
        { title: 'Large', rows: [{ id: 'L', title: 'L' }] },
      ],
    };
    const { customerId, calls, message, externalId, conversationId } = await sendAndWait('whatsapp', 'Pick a size', list);
    expect(calls[0]?.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: customerId,
      type: 'interactive',
      interactive: {
        type: 'list',
        body: { text: 'Pick a size' },
        action: {
          button: 'Sizes',
          sections: [
            { title: 'Small', rows: [{ id: 'S', title: 'S', description: 'Chest 86–91 cm' }] },
            { title: 'Large', rows: [{ id: 'L', title: 'L' }] },
          ],
        },
      },
    });
    const tap = await s.simulator.customers.send('whatsapp', { accountId: s.account('whatsapp').accountId, customer: { id: customerId }, kind: 'interactive', replyTo: externalId, payload: 'S' });
    const answer = await eventually(async () => s.snorq.ctx.db.selectFrom('messages').selectAll().where('external_id', '=', tap.externalId!).executeTakeFirst());
    expect(answer).toMatchObject({ conversation_id: conversationId, direction: 'inbound', content: 'S', reply_to_message_id: message.id });
    expect(answer.metadata).toMatchObject({ interactive_type: 'list_reply', reply_id: 'S' });
  });

  it('whatsapp: a button tap comes back as the customer’s message with the button’s id, answering the reply', async () => {
    const { customerId, message, externalId } = await sendAndWait('whatsapp', 'Which colour?', colours);
    const tap = await s.simulator.customers.send('whatsapp', {
      accountId: s.account('whatsapp').accountId,
      customer: { id: customerId },
      kind: 'interactive',
      replyTo: externalId,
      payload: 'COLOR_RED',
    });
    const answer = await eventually(async () => s.snorq.ctx.db.selectFrom('messages').selectAll().where('external_id', '=', tap.externalId!).executeTakeFirst());
    expect(answer).toMatchObject({ content: 'Red', reply_to_message_id: message.id });
    expect(answer.metadata).toMatchObject({ interactive_type: 'button_reply', reply_id: 'COLOR_RED' });
  });

  it('messenger: quick_replies of content_type text on the text message; the tap comes back with its payload', async () => {
    const { customerId, calls } = await sendAndWait('messenger', 'Which colour?', colours);
    expect(calls.map((c) => c.body)).toEqual([
      {
        recipient: { id: customerId },
        messaging_type: 'RESPONSE',
        message: {
          text: 'Which colour?',
          quick_replies: [
            { content_type: 'text', title: 'Blue', payload: 'COLOR_BLUE' },
            { content_type: 'text', title: 'Red', payload: 'COLOR_RED' },
            { content_type: 'text', title: 'Green', payload: 'COLOR_GREEN' },
          ],
        },
      },
    ]);
    const tap = await s.simulator.customers.send('messenger', { accountId: s.account('messenger').accountId, customer: { id: customerId }, text: 'Green', payload: 'COLOR_GREEN' });
    const answer = await eventually(async () => s.snorq.ctx.db.selectFrom('messages').selectAll().where('external_id', '=', tap.externalId!).executeTakeFirst());
    expect(answer).toMatchObject({ content: 'Green', direction: 'inbound' });
    expect(answer.metadata).toMatchObject({ quick_reply_payload: 'COLOR_GREEN' });
  });

  it('instagram: the same quick replies shape', async () => {
    const { customerId, calls } = await sendAndWait('instagram', 'Which colour?', colours);
    expect(calls[0]?.body).toEqual({
      recipient: { id: customerId },
      messaging_type: 'RESPONSE',
      message: { text: 'Which colour?', quick_replies: colours.choices.map((c) => ({ content_type: 'text', title: c.title, payload: c.id })) },
    });
  });

  it('twilio: a twilio/quick-reply content is created for the reply, then sent by its ContentSid without Body; the tap comes back', async () => {
    const { customerId, calls, message, externalId } = await sendAndWait('twilio', 'Which colour?', colours);
    expect(calls.map((c) => c.path.replace(/^\/twilio/, ''))).toEqual(['/v1/Content', expect.stringMatching(/\/Messages\.json$/)]);
    expect(calls[0]!.body).toEqual({
      friendly_name: expect.stringMatching(/^snorq_reply_/),
      language: 'en',
      types: { 'twilio/quick-reply': { body: 'Which colour?', actions: colours.choices.map((c) => ({ title: c.title, id: c.id })) } },
    });
    const contentSid = (calls[0]!.response as { sid: string }).sid;
    expect(calls[1]!.body).toEqual({ To: `whatsapp:${customerId}`, From: expect.stringMatching(/^whatsapp:/), ContentSid: contentSid, StatusCallback: expect.any(String) });
    expect(s.simulator.message(externalId)?.text).toBe('Which colour?');
    const tap = await s.simulator.customers.send('twilio', {
      accountId: s.account('twilio').accountId,
      customer: { id: customerId },
      kind: 'button',
      text: 'Green',
      payload: 'COLOR_GREEN',
      replyTo: externalId,
    });
    const answer = await eventually(async () => s.snorq.ctx.db.selectFrom('messages').selectAll().where('external_id', '=', tap.externalId!).executeTakeFirst());
    expect(answer).toMatchObject({ content: 'Green', reply_to_message_id: message.id });
  });

  it('twilio: a list goes as twilio/list-picker with each row’s description', async () => {
    const list = {
      kind: 'list',
      button: 'Sizes',
      sections: [
        {
          rows: [
            { id: 'S', title: 'Small', description: 'Chest 86–91 cm' },
            { id: 'M', title: 'Medium', description: 'Chest 96–101 cm' },
          ],
        },
      ],
    };
    const { calls } = await sendAndWait('twilio', 'Pick a size', list);
    expect(calls[0]!.body).toMatchObject({
      types: {
        'twilio/list-picker': {
          body: 'Pick a size',
          button: 'Sizes',
          items: [
            { item: 'Small', id: 'S', description: 'Chest 86–91 cm' },
            { item: 'Medium', id: 'M', description: 'Chest 96–101 cm' },
          ],
        },
      },
    });
  });

  it('the thread shows the choices on the agent’s message', async () => {
    const { conversationId, message } = await sendAndWait('whatsapp', 'Which colour?', colours);
    const page = (await (await s.api(`/api/messages?conversationId=${conversationId}`)).json()) as { messages: Msg[] };
    expect(page.messages.find((m) => m.id === message.id)?.interactive).toEqual(colours);
  });
});

describe('interactive replies refused before anything is sent', () => {
  const refused = async (platform: SimPlatform, content: string, interactive: unknown) => {
    const c = await customerWrites(platform);
    const from = since();
    const res = await reply(c.conversationId, content, interactive);
    const body = (await res.json()) as { error: { code: string; message: string; details: { interactive: unknown[] } } };
    const queued = await s.snorq.ctx.db.selectFrom('messages').select('id').where('conversation_id', '=', c.conversationId).where('direction', '=', 'outbound').execute();
    expect(queued).toEqual([]);
    expect(postsSince(platform, from)).toEqual([]);
    return { status: res.status, error: body.error };
  };
  const choices = (n: number, title = (i: number) => `Choice ${i}`) => ({ kind: 'buttons', choices: Array.from({ length: n }, (_, i) => ({ id: `C${i}`, title: title(i) })) });

  it('whatsapp: a fourth button is 422 naming the count and the limit', async () => {
    const { status, error } = await refused('whatsapp', 'Which?', choices(4));
    expect(status).toBe(422);
    expect(error).toMatchObject({ code: 'UNPROCESSABLE', details: { platform: 'whatsapp', interactive: [{ path: 'choices', rule: 'count', limit: 3, actual: 4 }] } });
  });

  it('whatsapp: a 21-character title, a 1025-character body, duplicate titles — every problem named', async () => {
    const { status, error } = await refused(
      'whatsapp',
      'x'.repeat(1025),
      choices(2, (i) => (i === 0 ? 'y'.repeat(21) : 'y'.repeat(21))),
    );
    expect(status).toBe(422);
    expect(error.details.interactive).toEqual([
      { path: 'content', rule: 'length', limit: 1024, actual: 1025 },
      { path: 'choices.0.title', rule: 'length', limit: 20, actual: 21 },
      { path: 'choices.1.title', rule: 'length', limit: 20, actual: 21 },
      { path: 'choices.1.title', rule: 'duplicate' },
    ]);
  });

  it('messenger: 14 quick replies are refused (13 is the limit); a list is not offered there', async () => {
    expect((await refused('messenger', 'Which?', choices(14))).error.details.interactive).toEqual([{ path: 'choices', rule: 'count', limit: 13, actual: 14 }]);
    const list = await refused('messenger', 'Which?', { kind: 'list', button: 'Open', sections: [{ rows: [{ id: 'a', title: 'A' }] }] });
    expect(list.error.details.interactive).toEqual([{ path: 'kind', rule: 'kind' }]);
  });

  it('twilio: a list row without a description is refused (the list-picker requires one); a fourth button too', async () => {
    const list = await refused('twilio', 'Pick', { kind: 'list', button: 'Sizes', sections: [{ rows: [{ id: 'S', title: 'Small' }] }] });
    expect(list.error.details.interactive).toEqual([{ path: 'sections.0.rows.0.description', rule: 'empty' }]);
    expect((await refused('twilio', 'Pick', choices(4))).error.details.interactive).toEqual([{ path: 'choices', rule: 'count', limit: 3, actual: 4 }]);
  });

  it('a note cannot carry choices, nor can a reply without text', async () => {
    const c = await customerWrites('whatsapp');
    const note = await s.api('/api/messages', { json: { conversationId: c.conversationId, content: 'x', privateNote: true, interactive: colours } });
    expect(note.status).toBe(400);
    const empty = await refused('whatsapp', '', colours);
    expect(empty.status).toBe(400);
  });
});
