import { describe, expect, it } from 'vitest';
import { pickerPage } from '../../../src/server/routes/oauth-pages.ts';

describe('the picker of accounts', () => {
  it('renders what the platform’s connect flow kept: its heading, each candidate’s name and hint, escaped, never its detail', () => {
    const html = pickerPage('p'.repeat(43), {
      platform: 'example',
      what: 'Example <inboxes>',
      candidates: [
        { id: 'a1', name: 'Shop & Co', hint: 'through <b>HQ</b>', detail: { token: 'secret-token-1' } },
        { id: 'a"2', name: 'Second', detail: { token: 'secret-token-2' } },
      ],
    });
    expect(html).toContain('Choose the Example &lt;inboxes&gt; to connect');
    expect(html).toContain('<strong>Shop &amp; Co</strong>');
    expect(html).toContain('through &lt;b&gt;HQ&lt;/b&gt;');
    expect(html).toContain('value="a&quot;2"');
    expect(html).not.toContain('secret-token');
    expect(html.match(/data-testid="choose-account"/g)).toHaveLength(2);
  });
});
