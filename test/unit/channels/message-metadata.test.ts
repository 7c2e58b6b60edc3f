import { describe, expect, it } from 'vitest';
import { CHANNELS, type Platform } from '../../../src/channels/registry.ts';
import type { MessageEvent } from '../../../src/channels/types.ts';
import { neutralMessageMetadata, readMessageMetadata } from '../../../src/core/outbox/message-metadata.ts';
import { fixtureBody, loadFixtures } from '../../helpers/fixtures.ts';

/**
 * `messages.metadata` is typed per platform (each definition's `messageMetadata`) on top of core's
 * neutral keys, and parsed where it is read. These tests hold the schemas to what the normalisers
 * really write (every fixture), and show that a value of the wrong shape is refused, not cast.
 */

const neutralKeys = Object.keys(neutralMessageMetadata.shape);

/** What storeMessages keeps of a message event in `metadata` (src/core/ingest/store-messages.ts). */
function storedMetadata(event: MessageEvent): Record<string, unknown> {
  return { ...event.metadata, ...(event.location && { location: event.location }), ...(event.contacts && { contacts: event.contacts }), ...(event.share && { share: event.share }) };
}

/** Every message event of a platform's fixtures, normalised by its definition (a fixture may name its account in `botId`). */
function fixtureMessages(platform: Platform): MessageEvent[] {
  const definition = CHANNELS.find((channel) => channel.id === platform)!;
  // Messenger and Instagram fixtures live in their own folders; the shared Meta normaliser reads both.
  return loadFixtures(platform).flatMap(([, f]) => definition.webhook.normalize(fixtureBody(f), f.contentType, (f as { botId?: string }).botId).filter((e): e is MessageEvent => e.kind === 'message'));
}

describe('per-platform message metadata', () => {
  it('no platform declares a key core owns (it would silently replace core’s schema for that key)', () => {
    for (const channel of CHANNELS)
      expect(
        Object.keys(channel.messageMetadata.shape).filter((key) => neutralKeys.includes(key)),
        channel.id,
      ).toEqual([]);
  });

  for (const channel of CHANNELS) {
    it(`${channel.id}: what its normaliser stores for every fixture parses, and nothing is dropped`, () => {
      const events = fixtureMessages(channel.id);
      expect(events.length).toBeGreaterThan(0);
      const withMetadata = events.filter((event) => Object.keys(storedMetadata(event)).length > 0);
      expect(withMetadata.length, 'some fixture keeps metadata').toBeGreaterThan(0);
      for (const event of withMetadata) {
        const stored = JSON.parse(JSON.stringify(storedMetadata(event))) as Record<string, unknown>;
        const read = readMessageMetadata(channel.id, stored);
        expect(read, `${event.externalId}`).toEqual({ ok: true, metadata: stored });
      }
    });

    it(`${channel.id}: every key of its schema is typed (a value of another type is refused)`, () => {
      for (const key of Object.keys(channel.messageMetadata.shape)) {
        const refused = [12345, 'text', { not: 'this' }, [{ not: 'this' }]].some((bad) => !readMessageMetadata(channel.id, { [key]: bad }).ok);
        expect(refused, key).toBe(true);
      }
    });
  }

  it('refuses a bad stored value with the path and reason, and accepts an empty or missing metadata', () => {
    expect(readMessageMetadata('whatsapp', { template: { name: 5, language: 'en' } })).toEqual({ ok: false, problem: expect.stringMatching(/^template\.name: .*expected string/) });
    expect(readMessageMetadata('messenger', { tag: 'CONFIRMED_EVENT_UPDATE' })).toMatchObject({ ok: false, problem: expect.stringMatching(/^tag: /) });
    expect(readMessageMetadata('tiktok', { conversationId: 42 })).toMatchObject({ ok: false, problem: expect.stringMatching(/^conversationId: .*expected string/) });
    expect(readMessageMetadata('twilio', { forwarded: 'true' })).toMatchObject({ ok: false, problem: expect.stringMatching(/^forwarded: /) });
    expect(readMessageMetadata('whatsapp', { mentions: [1, 'two'] })).toMatchObject({ ok: false, problem: expect.stringMatching(/^mentions\.1: /) });
    expect(readMessageMetadata('instagram', 'not an object')).toMatchObject({ ok: false });
    expect(readMessageMetadata('instagram', {})).toEqual({ ok: true, metadata: {} });
    expect(readMessageMetadata('instagram', null)).toEqual({ ok: true, metadata: {} });
  });

  it('keeps the typed keys and drops keys no schema knows (rows written by earlier versions)', () => {
    const read = readMessageMetadata('twilio', { waId: '4915550001', template: { name: 'welcome', language: 'de' }, retiredKey: { anything: true } });
    expect(read).toEqual({ ok: true, metadata: { waId: '4915550001', template: { name: 'welcome', language: 'de' } } });
  });

  it('reads a platform’s keys only for that platform', () => {
    // TikTok's conversation id is typed for TikTok; on another platform it is an unknown key, dropped.
    expect(readMessageMetadata('tiktok', { conversationId: 'c-1' })).toEqual({ ok: true, metadata: { conversationId: 'c-1' } });
    expect(readMessageMetadata('messenger', { conversationId: 'c-1' })).toEqual({ ok: true, metadata: {} });
  });
});
