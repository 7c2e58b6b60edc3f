import type { SimContext } from '../context.ts';
import type { CustomerSide, SimPlatform } from '../types.ts';
import { CUSTOMER_KINDS } from '../platforms.ts';
import { redeliver } from '../webhooks/deliver.ts';
import { SimulatorUsageError } from './built-event.ts';

/**
 * The customers' side of every platform: what a person does in Messenger, Instagram, WhatsApp or
 * TikTok becomes that platform's webhook, built in its documented shape, signed with the right
 * secret over the exact bytes, and posted to snorq. The platform remembers it first (history,
 * reply window), so a reply snorq sends in reaction is judged as the platform would judge it.
 * Each platform's folder does its part (`SimulatedPlatform.customer`); this dispatches.
 */
export function createCustomerSide(ctx: SimContext): CustomerSide {
  const customerOf = (platform: SimPlatform) => ctx.platform(platform).customer;

  const send: CustomerSide['send'] = async (platform, message) => {
    checkKind(platform, message.kind);
    return customerOf(platform).send(ctx, message);
  };

  const batch: CustomerSide['batch'] = async (platform, items) => {
    if (items.length === 0) throw new SimulatorUsageError('batch needs at least one item');
    for (const item of items) checkKind(platform, item.kind);
    const post = customerOf(platform).batch;
    if (!post) throw new SimulatorUsageError(`${platform} posts one event per webhook; there is no batch`);
    return post(ctx, items);
  };

  const handshake: CustomerSide['handshake'] = async (platform, verifyToken) => {
    const verify = customerOf(platform).handshake;
    if (!verify) throw new SimulatorUsageError(`${platform} has no webhook verification handshake`);
    return verify(ctx, verifyToken);
  };

  const setLastMessageAt = (platform: SimPlatform, accountId: string, customerId: string, atMs: number): void => {
    ctx.accounts.require(platform, accountId);
    const conv = ctx.conversations.ensure(platform, accountId, { id: customerId }, atMs);
    ctx.conversations.setLastCustomerMessageAt(conv, atMs);
  };

  // What a customer does changes what the platform remembers: the state file is written soon after.
  const thenChanged =
    <A extends unknown[], R>(fn: (...args: A) => R) =>
    (...args: A): R => {
      try {
        return fn(...args);
      } finally {
        ctx.state.changed();
      }
    };
  const afterwards =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      fn(...args).finally(() => ctx.state.changed());

  return {
    send: afterwards(send),
    sendRaw: afterwards(async (platform, payload, options = {}) => customerOf(platform).sendRaw(ctx, payload, options)),
    batch: afterwards(batch),
    handshake,
    setLastMessageAt: thenChanged(setLastMessageAt),
    redeliver: (webhook) => redeliver(ctx, webhook),
  };
}

function checkKind(platform: SimPlatform, kind: string | undefined): void {
  const kinds: readonly string[] | undefined = CUSTOMER_KINDS[platform];
  if (!kinds) throw new SimulatorUsageError(`unknown platform ${platform}`);
  if (kind !== undefined && !kinds.includes(kind)) throw new SimulatorUsageError(`${platform} has no customer event kind '${kind}' (it has: ${kinds.join(', ')})`);
}
