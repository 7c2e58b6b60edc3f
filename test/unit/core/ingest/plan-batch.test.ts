import { describe, expect, it } from 'vitest';
import type { MessageEvent, NormalizedEvent } from '../../../../src/channels/types.ts';
import { planBatch, type Step } from '../../../../src/core/ingest/plan-batch.ts';
import { channelKey } from '../../../../src/core/ingest/route-channels.ts';
import type { Channel } from '../../../../src/db/schema.ts';

const channel = (id: number, account: string, organization: number) => ({ id, external_account_id: account, organization_id: organization, platform: 'whatsapp' }) as Channel;
const channels = new Map([channelKey('whatsapp', 'A'), channelKey('whatsapp', 'B')].map((k, i) => [k, channel(i === 0 ? 2 : 1, i === 0 ? 'A' : 'B', 10 + i)]));
const at = new Date(0);
const message = (account: string, id: string, from: string): MessageEvent => ({
  kind: 'message',
  accountId: account,
  externalId: id,
  direction: 'inbound',
  contact: { platformUserId: from },
  contentType: 'text',
  text: id,
});
const status = (account: string, id: string): NormalizedEvent => ({ kind: 'status', accountId: account, externalId: id, status: 'read' });
const shape = (steps: Step[]) => steps.map((s) => (s.kind === 'event' ? `event ${s.webhook}.${s.index}` : `messages ${s.items.map((i) => `${i.webhook}.${i.index}`).join(',')}`));

describe('planBatch', () => {
  it('groups consecutive messages across webhooks, ends a run at any other event, and sorts each run by channel then customer', () => {
    const plan = planBatch(
      [
        { platform: 'whatsapp', receivedAt: at, events: [message('A', 'a1', 'z'), message('B', 'b1', 'y'), message('A', 'a2', 'a'), status('A', 'a0')] },
        { platform: 'whatsapp', receivedAt: at, events: [message('A', 'a3', 'z'), message('A', 'a4', 'z')] },
      ],
      channels,
      { group: true },
    );
    // B is channel 1, A channel 2; customer 'a' before 'z'; one customer's messages keep their order
    expect(shape(plan.steps)).toEqual(['messages 0.1,0.2,0.0', 'event 0.3', 'messages 1.0,1.1']);
    expect([...plan.notes[0]!.organizationIds].sort()).toEqual([10, 11]);
  });

  it('one step per event, in the webhook order, without grouping (the one-by-one path)', () => {
    const plan = planBatch([{ platform: 'whatsapp', receivedAt: at, events: [message('A', 'a1', 'z'), message('B', 'b1', 'y'), status('A', 'a0')] }], channels, { group: false });
    expect(shape(plan.steps)).toEqual(['messages 0.0', 'messages 0.1', 'event 0.2']);
  });

  it('turns unknown items and accounts of no channel into notes, never steps, and keeps the rest', () => {
    const plan = planBatch(
      [{ platform: 'whatsapp', receivedAt: at, events: [{ kind: 'unknown', reason: 'a template update', raw: {} }, message('X', 'x1', 'q'), message('X', 'x2', 'q'), message('A', 'a1', 'q')] }],
      channels,
      { group: true },
    );
    expect(shape(plan.steps)).toEqual(['messages 0.3']);
    expect(plan.notes[0]).toEqual({ unmatched: [{ index: 0, note: 'item 0 not acted on: a template update' }], unrouted: ['X'], organizationIds: new Set([10]) });
  });
});
