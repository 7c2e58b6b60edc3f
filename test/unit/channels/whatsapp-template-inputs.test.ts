import { describe, expect, it } from 'vitest';
import { renderTemplateText } from '../../../src/channels/template-spec.ts';
import { buildTemplateComponents, MetaTemplateSchema, summarizeTemplate } from '../../../src/channels/whatsapp/template-inputs.ts';

/** Templates as `GET /{WABA_ID}/message_templates` returns them (Meta's reference; fixtures of open-source integrations). */
const summary = (raw: unknown) => summarizeTemplate(MetaTemplateSchema.parse(raw));

const promo = summary({
  name: 'summer_promo',
  language: 'en_US',
  status: 'APPROVED',
  category: 'MARKETING',
  parameter_format: 'POSITIONAL',
  components: [
    { type: 'HEADER', format: 'VIDEO', example: { header_handle: ['https://scontent.whatsapp.net/v.mp4'] } },
    { type: 'BODY', text: '{{1}}, take {{2}} off everything this week.', example: { body_text: [['Ana', '20%']] } },
    { type: 'FOOTER', text: 'Ends Sunday' },
    {
      type: 'BUTTONS',
      buttons: [
        { type: 'COPY_CODE', example: 'SUMMER20' },
        { type: 'URL', text: 'Shop now', url: 'https://shop.example.com/promo/{{1}}', example: ['https://shop.example.com/promo/summer'] },
        { type: 'QUICK_REPLY', text: 'Stop promotions' },
        { type: 'PHONE_NUMBER', text: 'Call', phone_number: '+15550001234' },
      ],
    },
  ],
});

const reminder = summary({
  name: 'appointment_reminder',
  language: 'pt_BR',
  status: 'APPROVED',
  category: 'UTILITY',
  parameter_format: 'NAMED',
  components: [
    { type: 'HEADER', format: 'TEXT', text: 'Sua consulta em {{clinic}}', example: { header_text_named_params: [{ param_name: 'clinic', example: 'Centro' }] } },
    {
      type: 'BODY',
      text: 'Oi {{first_name}}, até {{time}}. Obrigado, {{first_name}}!',
      example: {
        body_text_named_params: [
          { param_name: 'first_name', example: 'Ana' },
          { param_name: 'time', example: '10:30' },
        ],
      },
    },
  ],
});

describe('a template read from Meta’s list', () => {
  it('needs one input per header variable or media, body variable and dynamic button, with examples', () => {
    expect(promo.inputs.map((i) => [i.key, i.kind, i.required, i.example])).toEqual([
      ['header.link', 'video', true, undefined],
      ['body.1', 'text', true, 'Ana'],
      ['body.2', 'text', true, '20%'],
      ['button.0', 'coupon_code', true, 'SUMMER20'],
      ['button.1', 'url_suffix', true, 'https://shop.example.com/promo/summer'],
      ['button.2', 'payload', false, undefined],
    ]);
    expect(promo).toMatchObject({ parameterFormat: 'POSITIONAL', header: { format: 'VIDEO' }, footerText: 'Ends Sunday', variableCount: 2 });
    expect(promo.buttons.map((b) => b.type)).toEqual(['COPY_CODE', 'URL', 'QUICK_REPLY', 'PHONE_NUMBER']);
    expect(promo.unsupported).toBeUndefined();
    expect(reminder.inputs.map((i) => [i.key, i.example])).toEqual([
      ['header.clinic', 'Centro'],
      ['body.first_name', 'Ana'],
      ['body.time', '10:30'],
    ]);
  });

  it('reads document (with a file name) and location headers, and marks what snorq cannot fill', () => {
    const doc = summary({
      name: 'd',
      language: 'en',
      components: [
        { type: 'HEADER', format: 'DOCUMENT' },
        { type: 'BODY', text: 'Invoice' },
      ],
    });
    expect(doc.inputs.map((i) => [i.key, i.required])).toEqual([
      ['header.link', true],
      ['header.filename', false],
    ]);
    const loc = summary({
      name: 'l',
      language: 'en',
      components: [
        { type: 'HEADER', format: 'LOCATION' },
        { type: 'BODY', text: 'Here' },
      ],
    });
    expect(loc.inputs.map((i) => [i.key, i.required])).toEqual([
      ['header.latitude', true],
      ['header.longitude', true],
      ['header.name', false],
      ['header.address', false],
    ]);
    const carousel = summary({
      name: 'c',
      language: 'en',
      components: [
        { type: 'BODY', text: 'Look' },
        { type: 'CAROUSEL', cards: [] },
      ],
    });
    expect(carousel.unsupported).toMatch(/CAROUSEL/);
    const catalog = summary({
      name: 'c',
      language: 'en',
      components: [
        { type: 'BODY', text: 'Look' },
        { type: 'BUTTONS', buttons: [{ type: 'CATALOG', text: 'View' }] },
      ],
    });
    expect(catalog.unsupported).toMatch(/CATALOG/);
    expect(catalog.unsupportedText).toEqual({ code: 'template.unsupported', params: { parts: expect.stringContaining('CATALOG') } });
  });
});

describe('a template send written as Meta’s components', () => {
  it('puts the header media, the body in number order, and each button with its sub_type and index', () => {
    const parameters = { 'header.link': 'https://cdn.example.com/p.mp4', 'body.2': '20%', 'body.1': 'Ana', 'button.0': 'SUMMER20', 'button.1': 'summer' };
    expect(buildTemplateComponents(promo.inputs, parameters, 'POSITIONAL')).toEqual([
      { type: 'header', parameters: [{ type: 'video', video: { link: 'https://cdn.example.com/p.mp4' } }] },
      {
        type: 'body',
        parameters: [
          { type: 'text', text: 'Ana' },
          { type: 'text', text: '20%' },
        ],
      },
      { type: 'button', sub_type: 'copy_code', index: '0', parameters: [{ type: 'coupon_code', coupon_code: 'SUMMER20' }] },
      { type: 'button', sub_type: 'url', index: '1', parameters: [{ type: 'text', text: 'summer' }] },
    ]);
    const withPayload = buildTemplateComponents(promo.inputs, { ...parameters, 'button.2': 'STOP' }, 'POSITIONAL');
    expect(withPayload.at(-1)).toEqual({ type: 'button', sub_type: 'quick_reply', index: '2', parameters: [{ type: 'payload', payload: 'STOP' }] });
  });

  it('names each parameter in a NAMED template, header included', () => {
    expect(buildTemplateComponents(reminder.inputs, { 'header.clinic': 'Centro', 'body.first_name': 'Ana', 'body.time': '10:30' }, 'NAMED')).toEqual([
      { type: 'header', parameters: [{ type: 'text', parameter_name: 'clinic', text: 'Centro' }] },
      {
        type: 'body',
        parameters: [
          { type: 'text', parameter_name: 'first_name', text: 'Ana' },
          { type: 'text', parameter_name: 'time', text: '10:30' },
        ],
      },
    ]);
  });

  it('sends a location header and a document with its file name', () => {
    const loc = summary({
      name: 'l',
      language: 'en',
      components: [
        { type: 'HEADER', format: 'LOCATION' },
        { type: 'BODY', text: 'Here' },
      ],
    });
    expect(buildTemplateComponents(loc.inputs, { 'header.latitude': '-23.55', 'header.longitude': '-46.63', 'header.name': 'Loja Centro' }, 'POSITIONAL')).toEqual([
      { type: 'header', parameters: [{ type: 'location', location: { latitude: '-23.55', longitude: '-46.63', name: 'Loja Centro' } }] },
    ]);
    const doc = summary({
      name: 'd',
      language: 'en',
      components: [
        { type: 'HEADER', format: 'DOCUMENT' },
        { type: 'BODY', text: 'Invoice' },
      ],
    });
    expect(buildTemplateComponents(doc.inputs, { 'header.link': 'https://x/i.pdf', 'header.filename': 'invoice.pdf' }, 'POSITIONAL')).toEqual([
      { type: 'header', parameters: [{ type: 'document', document: { link: 'https://x/i.pdf', filename: 'invoice.pdf' } }] },
    ]);
  });

  it('renders the text the customer reads: header, body (a repeated variable each time) and footer', () => {
    expect(renderTemplateText(reminder, { 'header.clinic': 'Centro', 'body.first_name': 'Ana', 'body.time': '10:30' })).toBe('Sua consulta em Centro\n\nOi Ana, até 10:30. Obrigado, Ana!');
    expect(renderTemplateText(promo, { 'body.1': 'Ana', 'body.2': '20%' })).toBe('Ana, take 20% off everything this week.\n\nEnds Sunday');
  });
});
