/**
 * Approved Content API templates the simulated Twilio accounts have (FACTS 5.5: since 2025-04-01
 * WhatsApp templates go out by `ContentSid` + `ContentVariables`). Their sids are fixed so tests
 * and the demo can name them.
 */
export interface ContentTemplate {
  sid: string;
  friendlyName: string;
  type: 'twilio/text' | 'twilio/quick-reply' | 'twilio/media';
  body: string;
  variables: string[];
  actions?: { title: string; id: string }[];
}

export const CONTENT_TEMPLATES: ContentTemplate[] = [
  { sid: 'HXb5b62575e6e4ff6129ad7c8efe1f983e', friendlyName: 'order_update', type: 'twilio/text', body: 'Hi {{1}}, your order {{2}} has shipped and is on its way.', variables: ['1', '2'] },
  {
    sid: 'HX350d429d32e64a552466cafecbe95f3c', friendlyName: 'follow_up', type: 'twilio/quick-reply', body: 'Hi {{1}}, can we help with anything else?', variables: ['1'],
    actions: [{ title: 'Yes please', id: 'FOLLOW_UP_YES' }, { title: 'No thanks', id: 'FOLLOW_UP_NO' }],
  },
  { sid: 'HX6f1b0a5e0c8b4a2f9d3e7c1b2a4d6e8f', friendlyName: 'hello', type: 'twilio/text', body: 'Hello! Thanks for contacting us. Reply to this message to start a conversation.', variables: [] },
];

/** The text a template renders to with these variables (for the message resource and history). */
export const renderContent = (template: ContentTemplate, variables: Record<string, unknown>): string =>
  template.body.replace(/\{\{(\w+)\}\}/g, (_m, key: string) => String(variables[key] ?? `{{${key}}}`));
