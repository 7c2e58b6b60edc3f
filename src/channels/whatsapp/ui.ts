import type { ChannelUi, IconShape } from '../channel-definition.ts';

/** The speech bubble with a handset, in white; Twilio's badge draws it too. */
export const whatsappGlyph: IconShape[] = [
  { kind: 'path', d: 'M12 5.2a6.8 6.8 0 0 0-5.9 10.2l-.9 3.4 3.5-.9A6.8 6.8 0 1 0 12 5.2z', fill: 'none', stroke: '#fff', strokeWidth: 1.6 },
  {
    kind: 'path',
    d: 'M9.6 8.8c.2-.3.4-.3.6-.3h.4c.2 0 .3.1.4.3l.6 1.4c0 .2 0 .3-.1.5l-.4.5c-.1.1-.1.3 0 .4.5.8 1.1 1.4 1.9 1.9.1.1.3.1.4 0l.5-.6c.1-.2.3-.2.5-.1l1.4.7c.2.1.3.2.3.4 0 .5-.2.9-.6 1.2-.5.3-1.2.4-1.8.2-1.6-.5-2.9-1.7-3.7-3.2-.3-.7-.5-1.5-.1-2.2z',
    fill: '#fff',
  },
];

export const whatsappUi: ChannelUi = {
  name: 'WhatsApp',
  shortName: 'WhatsApp',
  colour: '#25D366',
  icon: { disc: '#25D366', shapes: whatsappGlyph },
};
