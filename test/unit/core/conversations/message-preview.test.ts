import { describe, expect, it } from 'vitest';
import { messagePreview, PREVIEW_LABELS } from '../../../../src/core/conversations/message-preview.ts';

describe('message previews', () => {
  it('word a message without text in plain words, with no emoji that shows as a box where no emoji font is installed', () => {
    expect(messagePreview({ content: null, content_type: 'image', deleted_at: null })).toBe('Photo');
    for (const label of Object.values(PREVIEW_LABELS)) expect(label).not.toMatch(/\p{Extended_Pictographic}/u);
  });

  it('keep a customer’s own emoji in the text they wrote', () => {
    expect(messagePreview({ content: 'thanks 🙏', content_type: 'text', deleted_at: null })).toBe('thanks 🙏');
  });
});
