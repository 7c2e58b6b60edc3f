import type { ChannelUi } from '../channel-definition.ts';

export const messengerUi: ChannelUi = {
  name: 'Messenger',
  shortName: 'Messenger',
  colour: '#0084FF',
  icon: {
    disc: '#0084FF',
    shapes: [
      { kind: 'path', d: 'M12 4.6c-4.2 0-7.4 3-7.4 6.9 0 2.1 1 3.9 2.6 5.1v2.5l2.4-1.3c.8.2 1.6.3 2.4.3 4.2 0 7.4-3 7.4-6.8S16.2 4.6 12 4.6z', fill: '#fff' },
      { kind: 'path', d: 'M7.4 13.7l2.5-3.9 2 1.5 2.7-1.5-2.5 3.9-2-1.5z', fill: '#0084FF' },
    ],
  },
};
