import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../src/channels/registry.ts';
import { PlatformsResponseSchema } from '../../src/contract/platforms.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('GET /api/v1/platforms', () => {
  it('lists every platform in registry order with its badge, capabilities, text limit and reply window', async () => {
    const org = await t.newOrganization();
    const res = await t.app.inject({ url: '/api/v1/platforms', headers: { authorization: `Bearer ${org.token}` } });
    expect(res.statusCode).toBe(200);
    const { platforms } = PlatformsResponseSchema.parse(res.json());
    expect(platforms.map((p) => p.id)).toEqual(CHANNELS.map((c) => c.id));
    for (const channel of CHANNELS) {
      const served = platforms.find((p) => p.id === channel.id)!;
      expect(served.ui).toEqual(channel.ui);
      expect(served.textLimit).toEqual(channel.policy.textLimit);
      expect(served.replyWindow).toBe(channel.policy.replyWindow?.description ?? null);
    }
    const byId = Object.fromEntries(platforms.map((p) => [p.id, p]));
    expect(byId['whatsapp']).toMatchObject({ textLimit: { max: 4096, unit: 'characters' }, capabilities: { templates: true, humanAgentTag: false, historyImport: false } });
    expect(byId['twilio']?.capabilities).toMatchObject({ templates: true, historyImport: true });
    expect(byId['messenger']?.capabilities).toMatchObject({ templates: false, humanAgentTag: true, messagesPerWindow: null });
    expect(byId['instagram']?.textLimit).toEqual({ max: 1000, unit: 'bytes' });
    expect(byId['tiktok']?.capabilities).toMatchObject({ templates: false, humanAgentTag: false, messagesPerWindow: 10, readReceipts: false, mediaTypes: ['image'] });
    expect(byId['whatsapp']?.capabilities).toMatchObject({ readReceipts: true, typing: true, sendReactions: true, mediaTypes: ['image', 'video', 'audio', 'file'] });
    expect(byId['instagram']?.capabilities).toMatchObject({ typing: true, sendReactions: true, reactionChoices: ['\u2764\ufe0f'] });
    expect(byId['twilio']?.capabilities).toMatchObject({ readReceipts: false, sendReactions: false, reactionChoices: [] });
    expect(byId['tiktok']?.capabilities).toMatchObject({ typing: false, sendReactions: false, reactionChoices: [] });
    expect(byId['tiktok']?.replyWindow).toMatch(/48 hours/);
    // How each is connected, read off its connect section: OAuth or snorq's form, and the fields typed in by hand.
    for (const channel of CHANNELS) {
      const connect = byId[channel.id]!.connect;
      expect(connect.oauth).toBe(channel.connect.oauth !== undefined);
      expect(connect.form).toBe(channel.connect.form !== undefined);
      expect(connect.credentials === null).toBe(!channel.connect.verify || !channel.connect.credentialsForm);
      expect(connect.formFields?.map((f) => f.name) ?? null).toEqual(channel.connect.form && !channel.connect.verify ? channel.connect.form.fields.map((f) => f.name) : null);
    }
    expect(byId['twilio']?.connect).toMatchObject({ oauth: false, form: true, credentials: { account: { label: 'WhatsApp sender number' } } });
    expect(byId['twilio']?.connect.credentials?.fields.map((f) => f.name)).toEqual(['accountSid', 'authToken']);
    expect(byId['instagram']?.connect.credentials?.fields.find((f) => f.name === 'loginType')?.choices).toEqual(['instagram', 'facebook']);
  });

  it('says whether customers’ reactions and edits arrive, as each definition’s webhook section declares', async () => {
    const org = await t.newOrganization();
    const { platforms } = PlatformsResponseSchema.parse((await t.app.inject({ url: '/api/v1/platforms', headers: { authorization: `Bearer ${org.token}` } })).json());
    const byId = Object.fromEntries(platforms.map((p) => [p.id, p]));
    for (const channel of CHANNELS) {
      expect(byId[channel.id]?.capabilities).toMatchObject({ inboundReactions: channel.webhook.receives.reactions, edits: channel.webhook.receives.edits });
    }
    expect(byId['whatsapp']?.capabilities).toMatchObject({ inboundReactions: true, edits: true });
    expect(byId['tiktok']?.capabilities).toMatchObject({ inboundReactions: false, edits: false });
  });

  it('is for signed-in users only, and described in the OpenAPI document', async () => {
    expect((await t.app.inject({ url: '/api/v1/platforms' })).statusCode).toBe(401);
    const doc = (await t.app.inject({ url: '/api/v1/openapi.json' })).json();
    expect(doc.paths['/api/v1/platforms/'] ?? doc.paths['/api/v1/platforms']).toBeDefined();
  });
});
