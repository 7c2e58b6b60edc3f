import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimPlatform } from '../../src/simulator/index.ts';
import { eventually, startSandboxedSnorq, type SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';

/**
 * Templates end to end against the simulator (which checks components as Meta does and
 * ContentVariables as Twilio does): the list says what each template needs, a send missing or
 * adding a parameter is a 422 naming it with nothing sent, a complete one reaches the platform as
 * its components, and the thread shows the text the customer received.
 */

let s: SandboxedSnorq;
beforeAll(async () => {
  s = await startSandboxedSnorq({ autoReceipts: true });
});
afterAll(async () => s?.close());

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- payload inspection
interface Input {
  key: string;
  kind: string;
  required: boolean;
  example?: string;
}
interface Template {
  name: string;
  language: string;
  contentSid?: string;
  parameterFormat: string;
  inputs: Input[];
  bodyText: string;
}

let seq = 0;
async function customerWrites(platform: SimPlatform, hoursAgo: number): Promise<{ conversationId: number; channelId: number }> {
  seq++;
  const id = platform === 'whatsapp' ? `49171000${String(seq).padStart(4, '0')}` : `+1415666${String(seq).padStart(4, '0')}`;
  const sent = await s.simulator.customers.send(platform, { accountId: s.account(platform).accountId, customer: { id, name: `T${seq}` }, text: 'hi', timestamp: Date.now() - hoursAgo * 3_600_000 });
  return eventually(async () => {
    const row = await s.snorq.ctx.db.selectFrom('messages').select(['conversation_id', 'channel_id']).where('external_id', '=', sent.externalId!).executeTakeFirst();
    return row && { conversationId: row.conversation_id, channelId: row.channel_id };
  });
}
const templatesOf = async (channelId: number) => ((await (await s.api(`/api/v1/channels/${channelId}/templates`)).json()) as { templates: Template[] }).templates;
const reply = (conversationId: number, template: Record<string, unknown>) => s.api('/api/messages', { json: { conversationId, template } });
const messageCount = async (conversationId: number) =>
  Number(
    (
      await s.snorq.ctx.db
        .selectFrom('messages')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('conversation_id', '=', conversationId)
        .executeTakeFirstOrThrow()
    ).n,
  );
const sentRow = (id: number) =>
  eventually(async () => {
    const row = await s.snorq.ctx.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return row.external_id || row.status === 'failed' ? row : undefined;
  });

describe('WhatsApp Cloud templates', () => {
  it('lists each template with the inputs it needs: header media, positional and named variables, buttons', async () => {
    const { channelId } = await customerWrites('whatsapp', 30);
    const templates = await templatesOf(channelId);
    const order = templates.find((t) => t.name === 'order_update' && t.language === 'en_US')!;
    expect(order.inputs.map((i) => [i.key, i.kind, i.required])).toEqual([
      ['header.link', 'image', true],
      ['body.1', 'text', true],
      ['body.2', 'text', true],
      ['button.0', 'url_suffix', true],
      ['button.1', 'payload', false],
    ]);
    const reminder = templates.find((t) => t.name === 'appointment_reminder')!;
    expect(reminder.parameterFormat).toBe('NAMED');
    expect(reminder.inputs.map((i) => i.key)).toEqual(['header.clinic', 'body.first_name', 'body.time', 'button.0']);
    expect(templates.find((t) => t.name === 'store_pickup')!.inputs.map((i) => i.key)).toEqual(['header.latitude', 'header.longitude', 'header.name', 'header.address', 'body.1']);
    expect(templates.find((t) => t.name === 'summer_promo')!.inputs.map((i) => [i.key, i.kind])).toEqual([
      ['header.link', 'video'],
      ['body.1', 'text'],
      ['body.2', 'text'],
      ['button.0', 'coupon_code'],
      ['button.1', 'url_suffix'],
    ]);
  });

  it('refuses a send with missing or extra parameters with a 422 naming them; nothing is stored or sent', async () => {
    const { conversationId } = await customerWrites('whatsapp', 30);
    const before = await messageCount(conversationId);
    const since = s.simulator.recorded.list().length;
    const res = await reply(conversationId, { name: 'order_update', language: 'en_US', parameters: { 'body.1': 'Ana', 'body.9': 'x' } });
    expect(res.status).toBe(422);
    const { error } = (await res.json()) as { error: { code: string; message: string; details: Json } };
    expect(error.details).toMatchObject({ code: 'TEMPLATE_PARAMETERS', missing: ['header.link', 'body.2', 'button.0'], extra: ['body.9'] });
    expect(error.message).toContain('missing header.link, body.2, button.0');
    // the older form: body variables only — the header image and the button are still missing
    const legacy = await reply(conversationId, { name: 'order_update', language: 'en_US', variables: ['Ana', '#1042'] });
    expect(legacy.status).toBe(422);
    expect(((await legacy.json()) as { error: { details: Json } }).error.details.missing).toEqual(['header.link', 'button.0']);
    const unknown = await reply(conversationId, { name: 'no_such_template', language: 'en_US' });
    expect(unknown.status).toBe(422);
    expect(((await unknown.json()) as { error: { details: Json } }).error.details.code).toBe('TEMPLATE_NOT_FOUND');
    expect(await messageCount(conversationId)).toBe(before);
    expect(s.simulator.recorded.list({ platform: 'whatsapp' }).filter((c) => c.seq > since && (c.body as Json)?.type === 'template')).toEqual([]);
  });

  it('sends header image, body, URL suffix and quick-reply payload as Meta’s components; the thread shows what the customer read', async () => {
    const { conversationId } = await customerWrites('whatsapp', 30);
    const parameters = { 'header.link': 'https://cdn.example.com/order.jpg', 'body.1': 'Ana', 'body.2': '#1042', 'button.0': '1042', 'button.1': 'TALK_TO_AGENT' };
    const res = await reply(conversationId, { name: 'order_update', language: 'en_US', parameters });
    expect(res.status).toBe(201);
    const { message } = (await res.json()) as { message: { id: number; content: string; contentType: string } };
    expect(message.contentType).toBe('template');
    expect(message.content).toBe('Hi Ana, your order #1042 has shipped and is on its way.\n\nReply STOP to opt out');
    const row = await sentRow(message.id);
    expect(row.status).not.toBe('failed');
    const call = s.simulator.recorded.list({ platform: 'whatsapp' }).find((c) => (c.response as Json)?.messages?.[0]?.id === row.external_id)!;
    expect((call.body as Json).template).toEqual({
      name: 'order_update',
      language: { code: 'en_US', policy: 'deterministic' },
      components: [
        { type: 'header', parameters: [{ type: 'image', image: { link: 'https://cdn.example.com/order.jpg' } }] },
        {
          type: 'body',
          parameters: [
            { type: 'text', text: 'Ana' },
            { type: 'text', text: '#1042' },
          ],
        },
        { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: '1042' }] },
        { type: 'button', sub_type: 'quick_reply', index: '1', parameters: [{ type: 'payload', payload: 'TALK_TO_AGENT' }] },
      ],
    });
    // what snorq shows is what the platform holds as received
    expect(s.simulator.message(row.external_id!)?.text).toBe(message.content);
    const thread = (await (await s.api(`/api/messages?conversationId=${conversationId}`)).json()) as { messages: { id: number; content: string }[] };
    expect(thread.messages.find((m) => m.id === message.id)?.content).toBe(message.content);
  });

  it('sends a NAMED template (header and body by parameter_name), a location header and a copy-code button', async () => {
    const { conversationId } = await customerWrites('whatsapp', 30);
    const cases = [
      {
        name: 'appointment_reminder',
        parameters: { 'header.clinic': 'Centro Dental', 'body.first_name': 'Ana', 'body.time': '10:30' },
        text: 'Your visit to Centro Dental\n\nHi Ana, this is a reminder of your appointment at 10:30.\n\nReply to reschedule',
      },
      {
        name: 'store_pickup',
        parameters: { 'header.latitude': '-23.5505', 'header.longitude': '-46.6333', 'header.name': 'Loja Centro', 'body.1': '#77' },
        text: 'Your order #77 is ready for pickup at this store.',
      },
      {
        name: 'summer_promo',
        parameters: { 'header.link': 'https://cdn.example.com/p.mp4', 'body.1': 'Ana', 'body.2': '20%', 'button.0': 'SUMMER20', 'button.1': 'summer' },
        text: 'Ana, take 20% off everything this week.',
      },
    ];
    for (const c of cases) {
      const res = await reply(conversationId, { name: c.name, language: 'en_US', parameters: c.parameters });
      expect(res.status).toBe(201);
      const { message } = (await res.json()) as { message: { id: number; content: string } };
      expect(message.content).toBe(c.text);
      const row = await sentRow(message.id);
      expect([row.status, row.error_reason]).not.toContain('failed');
      expect(s.simulator.message(row.external_id!)?.text).toBe(c.text);
    }
    const named = s.simulator.recorded.list({ platform: 'whatsapp' }).find((c) => (c.body as Json)?.template?.name === 'appointment_reminder')!;
    expect((named.body as Json).template.components).toEqual([
      { type: 'header', parameters: [{ type: 'text', parameter_name: 'clinic', text: 'Centro Dental' }] },
      {
        type: 'body',
        parameters: [
          { type: 'text', parameter_name: 'first_name', text: 'Ana' },
          { type: 'text', parameter_name: 'time', text: '10:30' },
        ],
      },
    ]);
  });
});

describe('Twilio Content templates', () => {
  it('lists the approved Content templates with their variables, and sends ContentSid + ContentVariables by name', async () => {
    const { conversationId, channelId } = await customerWrites('twilio', 30);
    const templates = await templatesOf(channelId);
    expect(templates.map((t) => t.name)).not.toContain('draft_offer');
    const order = templates.find((t) => t.name === 'order_update')!;
    expect(order).toMatchObject({ contentSid: 'HXb5b62575e6e4ff6129ad7c8efe1f983e', bodyText: 'Hi {{1}}, your order {{2}} has shipped and is on its way.' });
    expect(order.inputs.map((i) => [i.key, i.required, i.example])).toEqual([
      ['body.1', true, 'Ana'],
      ['body.2', true, '#1042'],
    ]);

    // Twilio would send the sample "#1042" for a variable left out: snorq refuses instead
    const since = s.simulator.recorded.list().length;
    const missing = await reply(conversationId, { name: order.name, language: order.language, contentSid: order.contentSid, parameters: { 'body.1': 'Bruno' } });
    expect(missing.status).toBe(422);
    expect(((await missing.json()) as { error: { details: Json } }).error.details).toMatchObject({ missing: ['body.2'], extra: [] });
    expect(s.simulator.recorded.list({ platform: 'twilio' }).filter((c) => c.seq > since && c.method === 'POST')).toEqual([]);

    const named = templates.find((t) => t.name === 'appointment_named')!;
    const res = await reply(conversationId, { name: named.name, language: named.language, contentSid: named.contentSid, parameters: { 'body.first_name': 'Bruno', 'body.time': '9:00' } });
    expect(res.status).toBe(201);
    const { message } = (await res.json()) as { message: { id: number; content: string } };
    expect(message.content).toBe('Hi Bruno, see you at 9:00.');
    const row = await sentRow(message.id);
    expect(row.status).not.toBe('failed');
    const call = s.simulator.recorded.list({ platform: 'twilio' }).find((c) => (c.body as Json)?.ContentSid === named.contentSid)!;
    expect(JSON.parse((call.body as Json).ContentVariables as string)).toEqual({ first_name: 'Bruno', time: '9:00' });
    expect((call.body as Json).Body).toBeUndefined();
    expect(s.simulator.message(row.external_id!)?.text).toBe(message.content);
  });
});
