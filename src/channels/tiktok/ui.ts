import type { ChannelUi } from '../channel-definition.ts';

const note = 'M13.4 5h2.1c.2 1.4 1.2 2.5 2.6 2.7v2.1c-1 0-1.9-.3-2.6-.8v5.2a4.2 4.2 0 1 1-4.2-4.2h.5v2.2a2.1 2.1 0 1 0 1.6 2z';

export const tiktokUi: ChannelUi = {
  name: 'TikTok',
  shortName: 'TikTok',
  colour: '#000000',
  icon: {
    disc: '#000000',
    shapes: [
      { kind: 'path', d: note, fill: '#25F4EE', transform: 'translate(-0.7 -0.5)' },
      { kind: 'path', d: note, fill: '#FE2C55', transform: 'translate(0.7 0.5)' },
      { kind: 'path', d: note, fill: '#fff' },
    ],
  },
};
