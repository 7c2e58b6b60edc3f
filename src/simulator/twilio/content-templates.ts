/**
 * Content API templates the simulated Twilio accounts have (FACTS 5.5: since 2025-04-01 WhatsApp
 * templates go out by `ContentSid` + `ContentVariables`), served by `GET /v1/Content` and
 * `GET /v1/ContentAndApprovals` of content.twilio.com in Twilio's shape. Their sids are fixed so
 * tests and the demo can name them. `variables` holds each variable's default: Twilio sends it
 * when a send leaves the variable out (its "Using variables with Content templates" page).
 */
export interface ContentTemplate {
  sid: string;
  friendlyName: string;
  language: string;
  type: 'twilio/text' | 'twilio/quick-reply' | 'twilio/media' | 'twilio/list-picker';
  body: string;
  variables: Record<string, string>;
  actions?: { title: string; id: string }[];
  media?: string[];
  /** The WhatsApp approval (`approval_requests`); absent: never submitted. */
  approval?: { name: string; category: 'UTILITY' | 'MARKETING' | 'AUTHENTICATION'; status: 'approved' | 'pending' | 'rejected' };
}

export const CONTENT_TEMPLATES: ContentTemplate[] = [
  {
    sid: 'HXb5b62575e6e4ff6129ad7c8efe1f983e',
    friendlyName: 'order_update',
    language: 'en',
    type: 'twilio/text',
    body: 'Hi {{1}}, your order {{2}} has shipped and is on its way.',
    variables: { 1: 'Ana', 2: '#1042' },
    approval: { name: 'order_update', category: 'UTILITY', status: 'approved' },
  },
  {
    sid: 'HX350d429d32e64a552466cafecbe95f3c',
    friendlyName: 'follow_up',
    language: 'en',
    type: 'twilio/quick-reply',
    body: 'Hi {{1}}, can we help with anything else?',
    variables: { 1: 'Ana' },
    actions: [
      { title: 'Yes please', id: 'FOLLOW_UP_YES' },
      { title: 'No thanks', id: 'FOLLOW_UP_NO' },
    ],
    approval: { name: 'follow_up', category: 'MARKETING', status: 'approved' },
  },
  {
    sid: 'HX6f1b0a5e0c8b4a2f9d3e7c1b2a4d6e8f',
    friendlyName: 'hello',
    language: 'en',
    type: 'twilio/text',
    body: 'Hello! Thanks for contacting us. Reply to this message to start a conversation.',
    variables: {},
    approval: { name: 'hello', category: 'UTILITY', status: 'approved' },
  },
  {
    sid: 'HX9c2d4e6f8a0b1c3d5e7f9a1b3c5d7e9f',
    friendlyName: 'appointment_named',
    language: 'en',
    type: 'twilio/text',
    body: 'Hi {{first_name}}, see you at {{time}}.',
    variables: { first_name: 'Ana', time: '10:30' },
    approval: { name: 'appointment_named', category: 'UTILITY', status: 'approved' },
  },
  {
    sid: 'HX0a1b2c3d4e5f60718293a4b5c6d7e8f9',
    friendlyName: 'draft_offer',
    language: 'en',
    type: 'twilio/text',
    body: 'A new offer for {{1}} is coming.',
    variables: { 1: 'Ana' },
  },
];

/** The text a template renders to with these variables; a variable left out takes its default, as on Twilio. */
export const renderContent = (template: ContentTemplate, variables: Record<string, unknown>): string =>
  template.body.replace(/\{\{(\w+)\}\}/g, (_m, key: string) => String(variables[key] ?? template.variables[key] ?? `{{${key}}}`));

/** One Content resource as `GET /v1/Content` returns it. */
export function contentResource(accountSid: string, t: ContentTemplate, withApproval: boolean): Record<string, unknown> {
  const types: Record<string, unknown> = { [t.type]: { body: t.body, ...(t.actions && { actions: t.actions }), ...(t.media && { media: t.media }) } };
  return {
    account_sid: accountSid,
    sid: t.sid,
    friendly_name: t.friendlyName,
    language: t.language,
    variables: t.variables,
    types,
    url: `https://content.twilio.com/v1/Content/${t.sid}`,
    date_created: '2025-04-01T10:00:00Z',
    date_updated: '2025-04-01T10:00:00Z',
    ...(withApproval
      ? {
          approval_requests: t.approval
            ? { type: 'whatsapp', name: t.approval.name, category: t.approval.category, content_type: t.type, status: t.approval.status, rejection_reason: '', allow_category_change: true }
            : {},
        }
      : { links: { approval_fetch: `https://content.twilio.com/v1/Content/${t.sid}/ApprovalRequests`, approval_create: `https://content.twilio.com/v1/Content/${t.sid}/ApprovalRequests/whatsapp` } }),
  };
}

/** `GET /v1/Content` or `/v1/ContentAndApprovals`: one page of `PageSize` (default 50), `PageToken` an offset. */
export function contentPage(accountSid: string, path: '/v1/Content' | '/v1/ContentAndApprovals', query: Record<string, unknown>): Record<string, unknown> {
  const size = Math.min(Math.max(Number(query.PageSize) || 50, 1), 500);
  const offset = Math.max(Number(String(query.PageToken ?? '').replace(/^PT/, '')) || 0, 0);
  const page = CONTENT_TEMPLATES.slice(offset, offset + size);
  const next = offset + size < CONTENT_TEMPLATES.length ? `https://content.twilio.com${path}?PageSize=${size}&PageToken=PT${offset + size}` : null;
  return {
    contents: page.map((t) => contentResource(accountSid, t, path === '/v1/ContentAndApprovals')),
    meta: {
      page: Math.floor(offset / size),
      page_size: size,
      first_page_url: `https://content.twilio.com${path}?PageSize=${size}&Page=0`,
      previous_page_url: null,
      url: `https://content.twilio.com${path}?PageSize=${size}&Page=0`,
      next_page_url: next,
      key: 'contents',
    },
  };
}
