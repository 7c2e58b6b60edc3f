import type { Simulator } from '../simulator/index.ts';
import type { Sandbox } from './sandbox-accounts.ts';

const HOUR = 3_600_000;

/**
 * A few customers write in on every platform, so a newcomer opens an inbox with something in
 * it: recent questions, a photo, a WhatsApp thread older than 24 hours (templates only), and a
 * TikTok one within its 48 hours. They are ordinary signed webhooks through the simulator.
 */
export async function seedDemoConversations(sim: Simulator, sandbox: Sandbox): Promise<void> {
  const account = (p: string) => sandbox.accounts.find((a) => a.platform === p)!.accountId;
  const now = Date.now();
  const send = sim.customers.send.bind(sim.customers);
  await send('messenger', { accountId: account('messenger'), customer: { id: '7100000000000001', name: 'Maya Okafor' }, text: 'Hi! Are you open on Sunday mornings?', timestamp: now - 40 * 60_000 });
  await send('messenger', {
    accountId: account('messenger'),
    customer: { id: '7100000000000002', name: 'Jonas Weber' },
    text: 'My order #4411 arrived with a cracked mug 😕',
    timestamp: now - 3 * HOUR,
  });
  await send('messenger', { accountId: account('messenger'), customer: { id: '7100000000000002', name: 'Jonas Weber' }, kind: 'image', media: { type: 'image' }, timestamp: now - 3 * HOUR + 60_000 });
  await send('instagram', {
    accountId: account('instagram'),
    customer: { id: '5300000000000001', name: 'Lina Costa', username: 'lina.costa' },
    text: 'Loved your latte art reel! Do you sell the cups?',
    timestamp: now - 2 * HOUR,
  });
  await send('instagram', { accountId: account('instagram'), customer: { id: '5300000000000002', name: 'Theo Martin', username: 'theo.m' }, kind: 'story_mention', timestamp: now - 26 * HOUR });
  await send('whatsapp', {
    accountId: account('whatsapp'),
    customer: { id: '4915112345678', name: 'Grete Hansen' },
    text: 'Can I change my delivery address for tomorrow?',
    timestamp: now - 15 * 60_000,
  });
  await send('whatsapp', { accountId: account('whatsapp'), customer: { id: '5511987654321', name: 'Ana Souza' }, text: 'Obrigada! The beans were perfect.', timestamp: now - 30 * HOUR });
  await send('twilio', { accountId: account('twilio'), customer: { id: '+14155550123', name: 'Sam Rivera' }, text: 'Is the oat milk option still available?' });
  await send('tiktok', { accountId: account('tiktok'), customer: { id: 'tt-user-0001', name: 'Kai' }, text: 'saw your video, where is the shop?', timestamp: now - 5 * HOUR });
}
