import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimPlatform } from '../../src/simulator/index.ts';
import { SANDBOX_PLATFORMS } from '../../src/sandbox/sandbox-accounts.ts';
import { eventually, startSandboxedSnorq, type SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';

/**
 * One reply, one message: an image with a caption goes out as two platform messages where the
 * platform takes text and attachment apart (Messenger, Instagram, TikTok), and the platform echoes
 * each part back. Both echoes are matched to the reply, whichever arrives first (the simulator
 * sends them before or after the API answer, as the platforms do), and the thread shows it once.
 */
let s: SandboxedSnorq;
beforeAll(async () => {
  s = await startSandboxedSnorq({ autoReceipts: false, echoes: true });
});
afterAll(async () => s?.close());

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
let seq = 0;
/** Where an attachment and its text are two platform messages, each echoed (WhatsApp and Twilio take a caption, and echo nothing). */
const SENT_IN_PARTS_AND_ECHOED = new Set<SimPlatform>(['messenger', 'instagram', 'tiktok']);

async function customerWrites(platform: SimPlatform): Promise<number> {
  seq++;
  const id = platform === 'whatsapp' ? `4917100000${String(seq).padStart(2, '0')}` : platform === 'twilio' ? `+14155550${String(seq).padStart(3, '0')}` : `multipart-${platform}-${seq}`;
  const sent = await s.simulator.customers.send(platform, { accountId: s.account(platform).accountId, customer: { id, name: `Part ${seq}` }, text: 'can I see it?' });
  expect(sent.status).toBe(200);
  return eventually(async () => (await s.snorq.ctx.db.selectFrom('messages').select('conversation_id').where('external_id', '=', sent.externalId!).executeTakeFirst())?.conversation_id);
}

describe('a reply sent in parts is one message in the thread', () => {
  for (const platform of SANDBOX_PLATFORMS) {
    it(`${platform}: an image with a caption, and the echoes of its parts`, async () => {
      const conversationId = await customerWrites(platform);
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(PNG)], { type: 'image/png' }), 'dot.png');
      const { upload } = (await (await s.api('/api/v1/uploads', { method: 'POST', body: form })).json()) as { upload: Record<string, unknown> };
      const res = await s.api('/api/messages', { json: { conversationId, content: `the caption (${platform})`, media: upload } });
      expect(res.status).toBe(201);
      const id = ((await res.json()) as { message: { id: number } }).message.id;
      const sent = await eventually(async () => {
        const m = await s.snorq.ctx.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        return m.status === 'pending' ? undefined : m;
      });
      expect(sent.error_reason).toBeNull();
      const aliases = await s.snorq.ctx.db.selectFrom('message_aliases').select('external_id').where('message_id', '=', id).execute();
      const partIds = [sent.external_id!, ...aliases.map((a) => a.external_id)];
      if (SENT_IN_PARTS_AND_ECHOED.has(platform)) {
        expect(partIds).toHaveLength(2);
        // Each part's echo has been delivered and answered by snorq, so it is stored or matched by now.
        for (const partId of partIds) await s.simulator.recorded.waitForWebhook({ platform, match: (w) => w.body.includes(partId) });
      }
      const outbound = await s.snorq.ctx.db.selectFrom('messages').select(['id', 'is_echo']).where('conversation_id', '=', conversationId).where('direction', '=', 'outbound').execute();
      expect(outbound).toEqual([{ id, is_echo: false }]);
    });
  }
});
