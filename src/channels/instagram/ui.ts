import type { ChannelUi } from '../channel-definition.ts';

export const instagramUi: ChannelUi = {
  name: 'Instagram',
  shortName: 'Instagram',
  colour: '#E1306C',
  icon: {
    disc: { gradient: ['#F58529', '#DD2A7B', '#8134AF'] },
    shapes: [
      { kind: 'rect', x: 6, y: 6, width: 12, height: 12, rx: 3.6, fill: 'none', stroke: '#fff', strokeWidth: 1.7 },
      { kind: 'circle', cx: 12, cy: 12, r: 2.9, fill: 'none', stroke: '#fff', strokeWidth: 1.7 },
      { kind: 'circle', cx: 15.4, cy: 8.6, r: 0.95, fill: '#fff' },
    ],
  },
};
