import { describe, expect, it } from 'vitest';
import { checkAttachments, splitReply, type ReplyAttachment } from '../../../../src/core/outbox/attachment-rules.ts';
import { AppError } from '../../../../src/core/errors/app-error.ts';

/** How a reply with attachments becomes the platform's messages, and what is refused before anything is stored. */
const MB = 1_048_576;
const image = (n: number, caption?: string): ReplyAttachment => ({ storageKey: `img${n}`, type: 'image', mimeType: 'image/png', size: 1000, ...(caption && { caption }) });
const pdf: ReplyAttachment = { storageKey: 'doc', type: 'file', mimeType: 'application/pdf', size: 1000, filename: 'invoice.pdf' };
const shape = (parts: ReturnType<typeof splitReply>) => parts.map((p) => [p.media?.storageKey ?? null, p.content ?? null]);

describe('splitReply', () => {
  it('WhatsApp: one message per attachment, the text the first image’s caption, own captions kept', () => {
    expect(shape(splitReply('whatsapp', 'Both sides', [image(1), image(2, 'back'), pdf]))).toEqual([
      ['img1', 'Both sides'],
      ['img2', 'back'],
      ['doc', null],
    ]);
  });

  it('the text follows the attachments when the first has its own caption, is too long for a caption, or its kind takes none', () => {
    expect(shape(splitReply('whatsapp', 'hi', [image(1, 'mine'), image(2)]))).toEqual([
      ['img1', 'mine'],
      ['img2', null],
      [null, 'hi'],
    ]);
    expect(shape(splitReply('whatsapp', 'x'.repeat(1025), [image(1)]))).toEqual([
      ['img1', null],
      [null, 'x'.repeat(1025)],
    ]);
    // Twilio sets no caption on a document: the text is a message of its own, even with one file.
    expect(shape(splitReply('twilio', 'your invoice', [pdf]))).toEqual([
      ['doc', null],
      [null, 'your invoice'],
    ]);
  });

  it('Messenger: no captions; one file and text stay one reply (its adapter sends the text after the file), several files get the text last', () => {
    expect(shape(splitReply('messenger', 'hi', [image(1)]))).toEqual([['img1', 'hi']]);
    expect(shape(splitReply('messenger', 'hi', [image(1), pdf]))).toEqual([
      ['img1', null],
      ['doc', null],
      [null, 'hi'],
    ]);
  });
});

describe('checkAttachments', () => {
  const refusal = (fn: () => void) => {
    try {
      fn();
    } catch (err) {
      return err instanceof AppError ? { code: err.code, message: err.message, details: err.details } : err;
    }
    return null;
  };

  it('names the attachment, the problem and the limit', () => {
    expect(refusal(() => checkAttachments('tiktok', [image(1), pdf]))).toMatchObject({
      code: 'UNPROCESSABLE',
      details: { attachment: { index: 1, problem: 'type', accepted: ['image/jpeg', 'image/png'] } },
    });
    expect(refusal(() => checkAttachments('whatsapp', [{ ...image(1), size: 5 * MB + 1 }]))).toMatchObject({
      message: expect.stringMatching(/WhatsApp takes images of at most 5 MB/),
      details: { attachment: { index: 0, problem: 'size', maxBytes: 5 * MB } },
    });
    // Instagram takes images up to 8 MB, but snorq's own upload cap for images is 5 MB.
    expect(refusal(() => checkAttachments('instagram', [{ ...image(1), size: 6 * MB }]))).toMatchObject({ details: { attachment: { maxBytes: 5 * MB } } });
    expect(
      refusal(() =>
        checkAttachments(
          'whatsapp',
          Array.from({ length: 11 }, (_, i) => image(i)),
        ),
      ),
    ).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(refusal(() => checkAttachments('messenger', [image(1), pdf]))).toBeNull();
  });
});
