import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eventually, startSandboxedSnorq, type SandboxedSnorq } from '../../helpers/sandboxed-snorq.ts';

/**
 * The greeting as a customer sees it: a whole snorq (its automation worker woken by the event
 * stream, its outbox) beside the platform simulator, which echoes the business's sends back.
 */
let s: SandboxedSnorq;
beforeAll(async () => {
  s = await startSandboxedSnorq({ autoReceipts: false, echoes: true });
});
afterAll(async () => s?.close());

const byExternalId = (id: string) => s.snorq.ctx.db.selectFrom('messages').selectAll().where('external_id', '=', id).executeTakeFirst();
const automaticIn = (conversationId: number) =>
  s.snorq.ctx.db
    .selectFrom('messages')
    .select(['content', 'status', 'is_echo'])
    .where('conversation_id', '=', conversationId)
    .where(sql<boolean>`metadata ? 'automation'`)
    .execute();

it('greets a new customer on their platform, and never answers the business’s own echo', async () => {
  const settings = await s.api('/api/v1/automation/settings', { method: 'PATCH', json: { greeting: { enabled: true, text: 'Hi {{contact.first_name}}, thanks for writing!' } } });
  expect(settings.status).toBe(200);
  const accountId = s.account('messenger').accountId;

  // A conversation the business opened from the platform's own app: an echo, not a customer.
  const echoCustomer = { id: `echo-${Date.now()}`, name: 'Echo Only' };
  const echo = await s.simulator.customers.send('messenger', { accountId, customer: echoCustomer, kind: 'echo', text: 'we wrote first from the app' });
  const echoConversation = (await eventually(() => byExternalId(echo.externalId!))).conversation_id;

  const customer = { id: `greet-${Date.now()}`, name: 'Kim Lee' };
  const first = await s.simulator.customers.send('messenger', { accountId, customer, text: 'hello?' });
  const conversationId = (await eventually(() => byExternalId(first.externalId!))).conversation_id;
  await s.simulator.recorded.waitForWebhook({ platform: 'messenger', match: (w) => w.body.includes('Hi Kim, thanks for writing!') });
  const sent = await eventually(async () => {
    const rows = await automaticIn(conversationId);
    return rows.length === 1 && rows[0]!.status === 'sent' ? rows : undefined;
  }, 'the greeting to be sent');
  expect(sent).toEqual([{ content: 'Hi Kim, thanks for writing!', status: 'sent', is_echo: false }]);
  // Events are handled in order: the greeting above means the echo before it was handled, answered by nothing.
  expect(await automaticIn(echoConversation)).toEqual([]);
});
