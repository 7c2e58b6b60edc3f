/**
 * The message templates every simulated WABA has, APPROVED, in the shape
 * `GET /{WABA_ID}/message_templates` returns (FACTS 4.3): Meta's own `hello_world` sample, a
 * positional utility template with an image header and buttons, and a NAMED-parameter one.
 */

export interface TemplateComponent {
  type: 'HEADER' | 'BODY' | 'FOOTER' | 'BUTTONS';
  format?: 'TEXT' | 'IMAGE' | 'VIDEO' | 'DOCUMENT';
  text?: string;
  example?: Record<string, unknown>;
  buttons?: { type: 'URL' | 'QUICK_REPLY' | 'PHONE_NUMBER'; text: string; url?: string; example?: string[] }[];
}

export interface Template {
  id: string;
  name: string;
  language: string;
  status: 'APPROVED';
  category: 'UTILITY' | 'MARKETING' | 'AUTHENTICATION';
  parameter_format: 'POSITIONAL' | 'NAMED';
  components: TemplateComponent[];
}

const orderUpdate = (language: string, id: string, body: string, header: string): Template => ({
  id,
  name: 'order_update',
  language,
  status: 'APPROVED',
  category: 'UTILITY',
  parameter_format: 'POSITIONAL',
  components: [
    { type: 'HEADER', format: 'IMAGE', example: { header_handle: ['https://scontent.whatsapp.net/v/t61.29466-34/order_header.jpg'] } },
    { type: 'BODY', text: body, example: { body_text: [['Ana', '#1042']] } },
    { type: 'FOOTER', text: header },
    {
      type: 'BUTTONS',
      buttons: [
        { type: 'URL', text: language === 'pt_BR' ? 'Rastrear pedido' : 'Track order', url: 'https://shop.example.com/orders/{{1}}', example: ['https://shop.example.com/orders/1042'] },
        { type: 'QUICK_REPLY', text: language === 'pt_BR' ? 'Falar com atendente' : 'Talk to an agent' },
      ],
    },
  ],
});

export const TEMPLATES: Template[] = [
  {
    id: '1192339204654487',
    name: 'hello_world',
    language: 'en_US',
    status: 'APPROVED',
    category: 'UTILITY',
    parameter_format: 'POSITIONAL',
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'Hello World' },
      { type: 'BODY', text: 'Welcome and congratulations!! This message demonstrates your ability to send a WhatsApp message notification from the Cloud API, hosted by Meta. Thank you for taking the time to test with us.' },
      { type: 'FOOTER', text: 'WhatsApp Business Platform sample message' },
    ],
  },
  orderUpdate('en_US', '1439186780281113', 'Hi {{1}}, your order {{2}} has shipped and is on its way.', 'Reply STOP to opt out'),
  orderUpdate('pt_BR', '1439186780281114', 'Olá {{1}}, seu pedido {{2}} foi enviado e está a caminho.', 'Responda SAIR para não receber mais'),
  {
    id: '2014460492368551',
    name: 'follow_up',
    language: 'en_US',
    status: 'APPROVED',
    category: 'MARKETING',
    parameter_format: 'NAMED',
    components: [
      { type: 'BODY', text: 'Hi {{first_name}}, we noticed you asked about {{topic}}. Can we help with anything else?', example: { body_text_named_params: [{ param_name: 'first_name', example: 'Ana' }, { param_name: 'topic', example: 'blue sneakers' }] } },
      { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Yes please' }, { type: 'QUICK_REPLY', text: 'No thanks' }] },
    ],
  },
];

/** The `{{n}}` or `{{name}}` placeholders of a component's text, in order. */
export const placeholders = (text: string | undefined): string[] => [...(text ?? '').matchAll(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)].map((m) => m[1] ?? '');
