import { describe, expect, it } from 'vitest';
import { MetaTemplateSchema, summarizeTemplate } from '../../../src/channels/whatsapp/template-inputs.ts';
import { AppError } from '../../../src/core/errors/app-error.ts';
import { checkTemplateParameters } from '../../../src/core/outbox/check-template-parameters.ts';

const template = summarizeTemplate(
  MetaTemplateSchema.parse({
    name: 'order_update',
    language: 'en_US',
    components: [
      { type: 'HEADER', format: 'IMAGE' },
      { type: 'BODY', text: 'Hi {{1}}, your order {{2}} has shipped.' },
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'URL', text: 'Track', url: 'https://shop.example.com/o/{{1}}' },
          { type: 'QUICK_REPLY', text: 'Agent' },
        ],
      },
    ],
  }),
);

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('checkTemplateParameters', () => {
  it('accepts exactly the inputs, trimmed, optional ones left out', () => {
    expect(checkTemplateParameters(template, { parameters: { 'header.link': ' https://cdn.example.com/h.jpg ', 'body.1': 'Ana', 'body.2': '#1042', 'button.0': '1042' } })).toEqual({
      'header.link': 'https://cdn.example.com/h.jpg',
      'body.1': 'Ana',
      'body.2': '#1042',
      'button.0': '1042',
    });
  });

  it('is a 422 naming every missing and every unknown parameter', () => {
    const err = refusal(() => checkTemplateParameters(template, { parameters: { 'body.1': 'Ana', 'body.3': 'x', 'button.0': '  ' } }));
    expect(err.status).toBe(422);
    expect(err.details).toMatchObject({ code: 'TEMPLATE_PARAMETERS', missing: ['header.link', 'body.2', 'button.0'], extra: ['body.3'] });
    expect(err.message).toContain('missing header.link, body.2, button.0');
    expect(err.message).toContain('not in the template: body.3');
    // The same, as codes the web app shows in the reader's language.
    expect(err.details).toMatchObject({
      reason: 'TEMPLATE_PARAMETERS',
      name: 'order_update',
      language: 'en_US',
      problemsTexts: [
        { code: 'template.missing', params: { keys: 'header.link, body.2, button.0' } },
        { code: 'template.notInTemplate', params: { keys: 'body.3' } },
      ],
    });
  });

  it('reads the older `variables` list as the body in order, and counts one too many as extra', () => {
    const err = refusal(() => checkTemplateParameters(template, { variables: ['Ana', '#1042', 'surplus'], parameters: { 'header.link': 'https://x/h.jpg', 'button.0': '1' } }));
    expect(err.details).toMatchObject({ missing: [], extra: ['body.3'] });
  });

  it('refuses what Meta would refuse later: a header that is not a link, a body value with a new line', () => {
    const err = refusal(() => checkTemplateParameters(template, { parameters: { 'header.link': 'javascript:alert(1)', 'body.1': 'Ana\nBob', 'body.2': '#1', 'button.0': '1' } }));
    expect(err.details?.invalid).toEqual(['header.link must be an http(s) link to the image', 'body.1 cannot contain new lines, tabs or more than 4 spaces in a row']);
    expect(err.details?.['problemsTexts']).toEqual([
      { code: 'template.link.image', params: { key: 'header.link' } },
      { code: 'template.whitespace', params: { key: 'body.1' } },
    ]);
  });
});
