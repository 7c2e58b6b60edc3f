import { PassThrough } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/server/create-logger.ts';

/** A stdout stand-in that keeps what is written, as a terminal or as a pipe. */
function capture(isTTY: boolean) {
  const out = Object.assign(new PassThrough(), { isTTY });
  const chunks: string[] = [];
  out.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  return { out, text: () => chunks.join('') };
}

describe('createLogger', () => {
  it('writes JSON lines when stdout is not a terminal (log collectors), secrets redacted', async () => {
    const { out, text } = capture(false);
    const log = createLogger({ LOG_LEVEL: 'info' }, out);
    log.info({ channel: { accessToken: 'hunter2-secret' }, channelId: 7 }, 'channel connected');
    await new Promise((r) => setImmediate(r));
    const line = JSON.parse(text().trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 30, msg: 'channel connected', channelId: 7 });
    expect(text()).not.toContain('hunter2-secret');
  });

  it('writes readable lines when stdout is a terminal, secrets still redacted', async () => {
    const { out, text } = capture(true);
    const log = createLogger({ LOG_LEVEL: 'info' }, out);
    log.warn({ channel: { accessToken: 'hunter2-secret' }, channelId: 7 }, 'webhook subscription gone');
    await new Promise((r) => setImmediate(r));
    const written = stripVTControlCharacters(text());
    expect(written).toMatch(/WARN.*webhook subscription gone/);
    expect(written).toContain('channelId: 7');
    expect(() => JSON.parse(written)).toThrow();
    expect(written).not.toContain('hunter2-secret');
  });
});
