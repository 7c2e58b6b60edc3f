import { describe, expect, it } from 'vitest';
import { attachmentLimits } from '../../src/core/outbox/attachment-rules.ts';
import { acceptList, checkFile, formatBytes, mimeTypeOf, replyAttachments, takesCaption, trayBlocksSend, type TrayItem } from '../../web/src/lib/attachment-tray.ts';

/** The composer's tray decisions, against the limits the server serves for each platform (GET /api/v1/platforms). */
const MB = 1_048_576;
const whatsapp = attachmentLimits('whatsapp');
const messenger = attachmentLimits('messenger');
const tiktok = attachmentLimits('tiktok');

describe('checkFile: refused before any upload', () => {
  it('takes a JPEG within WhatsApp’s 5 MB, refuses a bigger one with the limit', () => {
    expect(checkFile(whatsapp, { name: 'a.jpg', type: 'image/jpeg', size: 4 * MB }, 0)).toEqual({ ok: true, kind: 'image', mimeType: 'image/jpeg', maxBytes: 5 * MB });
    expect(checkFile(whatsapp, { name: 'a.jpg', type: 'image/jpeg', size: 5 * MB + 1 }, 0)).toEqual({ ok: false, problem: 'size', kind: 'image', mimeType: 'image/jpeg', maxBytes: 5 * MB });
  });

  it('refuses a type the platform does not take, naming what it takes', () => {
    const gif = checkFile(whatsapp, { name: 'a.gif', type: 'image/gif', size: 10 }, 0);
    expect(gif).toMatchObject({ ok: false, problem: 'type', mimeType: 'image/gif' });
    expect(gif.ok === false && gif.problem === 'type' && gif.accepted).toContain('application/pdf');
    // Messenger takes any image type snorq uploads; TikTok only JPEG and PNG, up to 3 MB.
    expect(checkFile(messenger, { name: 'a.gif', type: 'image/gif', size: 10 }, 0).ok).toBe(true);
    expect(checkFile(tiktok, { name: 'doc.pdf', type: 'application/pdf', size: 10 }, 0)).toMatchObject({ ok: false, problem: 'type', accepted: ['image/jpeg', 'image/png'] });
    expect(checkFile(tiktok, { name: 'a.png', type: 'image/png', size: 3 * MB + 1 }, 0)).toMatchObject({ ok: false, problem: 'size', maxBytes: 3 * MB });
    expect(checkFile(whatsapp, { name: 'setup.exe', type: 'application/x-msdownload', size: 10 }, 0)).toMatchObject({ ok: false, problem: 'type' });
  });

  it('reads the type from the extension when the browser gives none, and folds aliases', () => {
    expect(mimeTypeOf(whatsapp, { name: 'Report.PDF', type: '' })).toBe('application/pdf');
    expect(mimeTypeOf(whatsapp, { name: 'voice.m4a', type: 'audio/x-m4a' })).toBe('audio/mp4');
    expect(mimeTypeOf(whatsapp, { name: 'x.bin', type: 'application/octet-stream' })).toBe('application/octet-stream');
  });

  it('refuses the eleventh file of a reply', () => {
    expect(checkFile(whatsapp, { name: 'a.png', type: 'image/png', size: 10 }, 9).ok).toBe(true);
    expect(checkFile(whatsapp, { name: 'a.png', type: 'image/png', size: 10 }, 10)).toEqual({ ok: false, problem: 'count', max: 10 });
  });
});

const ready = (id: number, type: 'image' | 'file', caption = ''): TrayItem => ({
  id,
  name: `f${id}`,
  size: 10,
  mimeType: type === 'image' ? 'image/png' : 'application/pdf',
  caption,
  status: 'ready',
  kind: type,
  upload: { storageKey: `k${id}`, type, mimeType: type === 'image' ? 'image/png' : 'application/pdf', size: 10 },
});

describe('the reply’s attachments', () => {
  it('in the tray’s order, captions only where the platform takes them', () => {
    const items = [ready(1, 'image', ' front '), ready(2, 'file', 'invoice')];
    expect(replyAttachments(items, whatsapp)).toEqual([
      { storageKey: 'k1', type: 'image', mimeType: 'image/png', size: 10, caption: 'front' },
      { storageKey: 'k2', type: 'file', mimeType: 'application/pdf', size: 10, caption: 'invoice' },
    ]);
    expect(replyAttachments(items, messenger).map((a) => 'caption' in a)).toEqual([false, false]);
    expect(takesCaption(whatsapp, 'audio')).toBe(false);
  });

  it('Send waits while a file uploads, and until a refused or failed one is removed', () => {
    expect(trayBlocksSend([ready(1, 'image')])).toBe(false);
    expect(trayBlocksSend([ready(1, 'image'), { id: 2, name: 'b', size: 1, mimeType: 'image/png', caption: '', status: 'uploading', kind: 'image' }])).toBe(true);
    expect(trayBlocksSend([{ id: 3, name: 'c', size: 1, mimeType: 'image/gif', caption: '', status: 'refused', verdict: { ok: false, problem: 'count', max: 10 } }])).toBe(true);
    expect(replyAttachments([{ id: 2, name: 'b', size: 1, mimeType: 'image/png', caption: 'x', status: 'error', kind: 'image', error: 'no' }], whatsapp)).toEqual([]);
  });

  it('the picker offers the platform’s types; sizes read as people read them', () => {
    expect(acceptList(tiktok)).toBe('image/jpeg,.jpg,.jpeg,image/png,.png');
    const n = (v: number, o?: Intl.NumberFormatOptions) => new Intl.NumberFormat('de', o).format(v);
    expect(formatBytes(5 * MB, n)).toBe('5 MB');
    expect(formatBytes(6.25 * MB, n)).toBe('6,3 MB');
    expect(formatBytes(2048, n)).toBe('2 KB');
  });
});
