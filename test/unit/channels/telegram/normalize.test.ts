import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeTelegramBody, normalizeUpdate } from '../../../../src/channels/telegram/normalize-update.ts';
import { MalformedWebhookError, type NormalizedEvent } from '../../../../src/channels/types.ts';

/** Telegram fixtures carry the bot they were delivered for (`botId`): updates never name it. */
interface TelegramFixture {
  description: string;
  source: string;
  botId: string;
  contentType: string;
  body: unknown;
  expected: NormalizedEvent[];
}

const dir = path.resolve('src/channels/telegram/fixtures');
const fixtures = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => [f, JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as TelegramFixture] as const);

describe('telegram fixtures', () => {
  it('has fixtures, each naming its source', () => {
    expect(fixtures.length).toBeGreaterThan(20);
    for (const [, f] of fixtures) expect(f.source.length).toBeGreaterThan(5);
  });
  for (const [file, f] of fixtures) {
    it(`${file}: ${f.description}`, () => {
      expect(normalizeTelegramBody(Buffer.from(JSON.stringify(f.body)), f.contentType, f.botId)).toEqual(f.expected);
    });
  }
});

describe('telegram normalise: bad input', () => {
  const body = (text: string) => Buffer.from(text, 'utf8');

  it('refuses a body that is not JSON, or not an object, as malformed (400)', () => {
    expect(() => normalizeTelegramBody(body('{"update_id":'), 'application/json', '1')).toThrow(MalformedWebhookError);
    expect(() => normalizeTelegramBody(body('[1,2]'), 'application/json', '1')).toThrow(MalformedWebhookError);
    expect(() => normalizeTelegramBody(body('null'), 'application/json', '1')).toThrow(MalformedWebhookError);
    expect(() => normalizeTelegramBody(body('update_id=1'), 'application/x-www-form-urlencoded', '1')).toThrow(MalformedWebhookError);
  });

  it('never throws for any JSON object, whatever its fields hold', () => {
    const odd: unknown[] = [
      { update_id: 1, message: null },
      { update_id: 1, message: { message_id: 1, date: 1, chat: { id: 1, type: 'private' }, photo: 'not an array' } },
      { update_id: 1, message: { message_id: 1, date: 1, chat: { id: 1, type: 'private' }, photo: [{ file_id: '' }] } },
      { update_id: 1, message: { message_id: 1, date: 1, chat: { id: 1, type: 'private' }, location: { latitude: 'north' } } },
      { update_id: 1, message: { message_id: 1, date: 1, chat: { id: 1, type: 'private' }, from: 'nobody', reply_to_message: 5 } },
      { update_id: 1, edited_message: { message_id: 1, date: 1, chat: { id: 1, type: 'private' }, text: 5 } },
      { update_id: 'one' },
    ];
    for (const value of odd) {
      const events = normalizeTelegramBody(Buffer.from(JSON.stringify(value)), 'application/json', '42');
      expect(events).toHaveLength(1);
      expect(['message', 'unknown']).toContain(events[0]?.kind);
    }
  });

  it('keeps an unreadable photo as unsupported with the message as received', () => {
    const message = { message_id: 3, date: 1_700_000_000, chat: { id: 9, type: 'private' }, photo: [{ file_id: '' }] };
    const event = normalizeUpdate({ update_id: 1, message }, '42');
    expect(event).toMatchObject({ kind: 'message', contentType: 'unsupported', externalId: '9:3', raw: message });
  });

  it('names the customer by the chat when the message has no sender', () => {
    const message = { message_id: 3, date: 1_700_000_000, chat: { id: 9, type: 'private', first_name: 'Ana' }, text: 'hi' };
    expect(normalizeUpdate({ update_id: 1, message }, '42')).toMatchObject({ contact: { platformUserId: '9', displayName: 'Ana' } });
  });

  it('reads a video sticker as WEBM and a static one as WEBP', () => {
    const at = (sticker: object) => normalizeUpdate({ update_id: 1, message: { message_id: 1, date: 1, chat: { id: 9, type: 'private' }, sticker } }, '42');
    expect(at({ file_id: 'a', is_video: true, is_animated: false })).toMatchObject({ media: [{ mimeType: 'video/webm' }] });
    expect(at({ file_id: 'b', is_video: false, is_animated: false })).toMatchObject({ media: [{ mimeType: 'image/webp' }] });
  });
});
