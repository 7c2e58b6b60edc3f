import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChannelWebhook } from '../../src/channels/channel-definition.ts';
import type { NormalizedEvent } from '../../src/channels/types.ts';

/**
 * A fixture is `src/channels/<platform>/fixtures/<case>.json`:
 *   { "description": "...",
 *     "contentType": "application/json" | "application/x-www-form-urlencoded",
 *     "body": <the payload as the platform documents it: a JSON value, or for forms an object of
 *              string params>,
 *     "expected": [ <NormalizedEvent>, ... ] }
 * JSON bodies are serialised with JSON.stringify; form bodies with URLSearchParams.
 */
export interface Fixture {
  description: string;
  contentType: string;
  body: unknown;
  expected: NormalizedEvent[];
}

export function fixtureBody(f: Fixture): Buffer {
  if (f.contentType.startsWith('application/x-www-form-urlencoded')) {
    return Buffer.from(new URLSearchParams(f.body as Record<string, string>).toString());
  }
  return Buffer.from(typeof f.body === 'string' ? f.body : JSON.stringify(f.body));
}

export function loadFixtures(platformDir: string): [string, Fixture][] {
  const dir = path.resolve('src/channels', platformDir, 'fixtures');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => [f, JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Fixture]);
}

/** One test per fixture: normalize(body) must equal `expected` exactly. */
export function describeFixtures(adapter: Pick<ChannelWebhook, 'normalize'>, platformDir: string): void {
  describe(`${platformDir} fixtures`, () => {
    const fixtures = loadFixtures(platformDir);
    it('has fixtures', () => expect(fixtures.length).toBeGreaterThan(0));
    for (const [file, f] of fixtures) {
      it(`${file}: ${f.description}`, () => {
        expect(adapter.normalize(fixtureBody(f), f.contentType)).toEqual(f.expected);
      });
    }
  });
}
