/**
 * The message templates every simulated WABA has, APPROVED, in the shape
 * `GET /{WABA_ID}/message_templates` returns (FACTS 4.3): Meta's own `hello_world` sample, and
 * one template for each kind of header (text with a variable, image, video, document, location),
 * body parameters positional and NAMED, and each kind of button (dynamic URL, quick reply, copy
 * code, phone number).
 */

export interface TemplateButton {
  type: 'URL' | 'QUICK_REPLY' | 'PHONE_NUMBER' | 'COPY_CODE';
  text: string;
  url?: string;
  phone_number?: string;
  /** URL: `[full example url]`; COPY_CODE: the example code. */
  example?: string[] | string;
}

export interface TemplateComponent {
  type: 'HEADER' | 'BODY' | 'FOOTER' | 'BUTTONS';
  format?: 'TEXT' | 'IMAGE' | 'VIDEO' | 'DOCUMENT' | 'LOCATION';
  text?: string;
  example?: Record<string, unknown>;
  buttons?: TemplateButton[];
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
      {
        type: 'BODY',
        text: 'Welcome and congratulations!! This message demonstrates your ability to send a WhatsApp message notification from the Cloud API, hosted by Meta. Thank you for taking the time to test with us.',
      },
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
      {
        type: 'BODY',
        text: 'Hi {{first_name}}, we noticed you asked about {{topic}}. Can we help with anything else?',
        example: {
          body_text_named_params: [
            { param_name: 'first_name', example: 'Ana' },
            { param_name: 'topic', example: 'blue sneakers' },
          ],
        },
      },
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'QUICK_REPLY', text: 'Yes please' },
          { type: 'QUICK_REPLY', text: 'No thanks' },
        ],
      },
    ],
  },
  {
    id: '2014460492368552',
    name: 'appointment_reminder',
    language: 'en_US',
    status: 'APPROVED',
    category: 'UTILITY',
    parameter_format: 'NAMED',
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'Your visit to {{clinic}}', example: { header_text_named_params: [{ param_name: 'clinic', example: 'Centro Dental' }] } },
      {
        type: 'BODY',
        text: 'Hi {{first_name}}, this is a reminder of your appointment at {{time}}.',
        example: {
          body_text_named_params: [
            { param_name: 'first_name', example: 'Ana' },
            { param_name: 'time', example: '10:30 tomorrow' },
          ],
        },
      },
      { type: 'FOOTER', text: 'Reply to reschedule' },
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'QUICK_REPLY', text: 'Confirm' },
          { type: 'PHONE_NUMBER', text: 'Call us', phone_number: '+15550001234' },
        ],
      },
    ],
  },
  {
    id: '1439186780281120',
    name: 'invoice_ready',
    language: 'en_US',
    status: 'APPROVED',
    category: 'UTILITY',
    parameter_format: 'POSITIONAL',
    components: [
      { type: 'HEADER', format: 'DOCUMENT', example: { header_handle: ['https://scontent.whatsapp.net/v/t61.29466-34/invoice.pdf'] } },
      { type: 'BODY', text: 'Your invoice {{1}} is attached.', example: { body_text: [['INV-2041']] } },
      { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Billing help', url: 'https://shop.example.com/help/billing' }] },
    ],
  },
  {
    id: '1439186780281121',
    name: 'store_pickup',
    language: 'en_US',
    status: 'APPROVED',
    category: 'UTILITY',
    parameter_format: 'POSITIONAL',
    components: [
      { type: 'HEADER', format: 'LOCATION' },
      { type: 'BODY', text: 'Your order {{1}} is ready for pickup at this store.', example: { body_text: [['#1042']] } },
    ],
  },
  {
    id: '1439186780281122',
    name: 'summer_promo',
    language: 'en_US',
    status: 'APPROVED',
    category: 'MARKETING',
    parameter_format: 'POSITIONAL',
    components: [
      { type: 'HEADER', format: 'VIDEO', example: { header_handle: ['https://scontent.whatsapp.net/v/t61.29466-34/promo.mp4'] } },
      { type: 'BODY', text: '{{1}}, take {{2}} off everything this week.', example: { body_text: [['Ana', '20%']] } },
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'COPY_CODE', text: 'Copy offer code', example: 'SUMMER20' },
          { type: 'URL', text: 'Shop now', url: 'https://shop.example.com/promo/{{1}}', example: ['https://shop.example.com/promo/summer'] },
        ],
      },
    ],
  },
  {
    id: '1439186780281123',
    name: 'shipping_notice',
    language: 'en_US',
    status: 'APPROVED',
    category: 'UTILITY',
    parameter_format: 'POSITIONAL',
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'Order {{1}} shipped', example: { header_text: ['#1042'] } },
      { type: 'BODY', text: 'It left our warehouse with {{1}} and arrives on {{2}}.', example: { body_text: [['DHL', 'Friday']] } },
    ],
  },
];

/** The `{{n}}` or `{{name}}` placeholders of a component's text, in order, each once. */
export const placeholders = (text: string | undefined): string[] => [...new Set([...(text ?? '').matchAll(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)].map((m) => m[1] ?? ''))];
