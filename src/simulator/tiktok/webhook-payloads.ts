import crypto from 'node:crypto';
import type { SimContext } from '../context.ts';
import type { SimAccount } from '../types.ts';

/**
 * TikTok Business Messaging webhook shape (FACTS 6.1): `{client_key, event, create_time (s),
 * user_openid (the business), content}` where `content` is a JSON *string*; content timestamps are ms.
 */

export type TikTokEvent = 'im_receive_msg' | 'im_send_msg' | 'im_mark_read_msg' | 'im_receive_msg_eu';

export const tiktokClientKey = (ctx: SimContext): string => `aw${crypto.createHash('sha256').update(ctx.secret('tiktok')).digest('hex').slice(0, 14)}`;

export function tiktokEnvelope(ctx: SimContext, account: SimAccount, event: TikTokEvent, content: Record<string, unknown>): Record<string, unknown> {
  return {
    client_key: tiktokClientKey(ctx),
    event,
    create_time: Math.floor(ctx.now() / 1000),
    user_openid: account.accountId,
    content: JSON.stringify(content),
  };
}

export const businessUser = (account: SimAccount): { id: string; role: string } => ({ id: account.accountId, role: 'business_account' });
export const personalUser = (id: string): { id: string; role: string } => ({ id, role: 'personal_account' });
export const businessHandle = (account: SimAccount): string => (account.username ?? account.displayName ?? 'business').toLowerCase().replace(/[^a-z0-9._]/g, '.');
