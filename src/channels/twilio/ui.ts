import type { ChannelUi } from '../channel-definition.ts';
import { whatsappGlyph } from '../whatsapp/ui.ts';

/** WhatsApp green with Twilio's red mark in the corner: the customer sees WhatsApp; the team knows the route. */
export const twilioUi: ChannelUi = {
  name: 'WhatsApp (Twilio)',
  shortName: 'WA Twilio',
  colour: '#F22F46',
  icon: {
    disc: '#25D366',
    shapes: [
      ...whatsappGlyph,
      { kind: 'circle', cx: 19, cy: 19, r: 5, fill: '#F22F46', stroke: '#fff', strokeWidth: 1 },
      { kind: 'circle', cx: 17.6, cy: 17.6, r: 0.9, fill: '#fff' },
      { kind: 'circle', cx: 20.4, cy: 17.6, r: 0.9, fill: '#fff' },
      { kind: 'circle', cx: 17.6, cy: 20.4, r: 0.9, fill: '#fff' },
      { kind: 'circle', cx: 20.4, cy: 20.4, r: 0.9, fill: '#fff' },
    ],
  },
};
