import { graphNumericId } from '../ids.ts';
import type { SimAccount } from '../types.ts';
import { profilePictureUrl } from '../cdn/urls.ts';
import { instagramRecipientOf, linkedInstagram } from '../instagram/linked-page.ts';
import { fail, ok, type GraphCall } from './graph/call.ts';
import { conversationsEdge } from './conversations-api.ts';
import { graphErrors } from './graph/errors.ts';
import { parseFields, pick } from './graph/fields.ts';
import { sendMessaging } from './send-messaging.ts';

/** A Facebook Page or an Instagram professional account as a Graph node, and its edges. */
export async function handleMessagingAccount(call: GraphCall, account: SimAccount): Promise<unknown> {
  const { method, edge } = call;
  if (edge === 'messages') return method === 'POST' ? sendMessaging(call, instagramRecipientOf(call, account) ?? account) : fail(call, graphErrors.unsupported(method, call.id));
  if (edge === 'conversations' && method === 'GET') return conversationsEdge(call, account);
  if (edge === 'subscribed_apps') {
    if (method === 'GET')
      return ok(call, {
        data: [
          {
            id: call.ctx.options.metaAppId,
            name: 'snorq',
            subscribed_fields: ['messages', 'message_echoes', 'message_deliveries', 'message_reads', 'message_reactions', 'messaging_postbacks', 'messaging_referrals', 'standby', 'message_edits'],
          },
        ],
      });
    return ok(call, { success: true });
  }
  if (edge === 'message_attachments' && method === 'POST') {
    // Attachment Upload API: the attachment is kept by reference and can be sent by id.
    return ok(call, { attachment_id: graphNumericId() });
  }
  if (edge) return fail(call, graphErrors.unknownPath(`/${edge}`));
  if (method !== 'GET') return fail(call, graphErrors.unsupported(method, call.id));
  const fields = parseFields(typeof call.params.fields === 'string' ? call.params.fields : undefined) ?? [{ name: 'name' }, { name: 'id' }];
  const name = account.displayName ?? (account.platform === 'instagram' ? account.username : undefined) ?? `Simulated ${account.platform} account`;
  const username = account.username ?? name.toLowerCase().replace(/[^a-z0-9._]/g, '.');
  const common = { id: () => account.accountId, name: () => name };
  const available: Record<string, () => unknown> =
    account.platform === 'instagram'
      ? {
          ...common,
          username: () => username,
          user_id: () => account.accountId,
          account_type: () => 'BUSINESS',
          profile_picture_url: () => profilePictureUrl(call.ctx, 'instagram', account.accountId),
          followers_count: () => 1250,
          media_count: () => 42,
        }
      : {
          ...common,
          category: () => 'Shopping & retail',
          link: () => `https://www.facebook.com/${account.accountId}`,
          instagram_business_account: () => {
            const ig = linkedInstagram(call.ctx, account.accountId);
            return ig ? { id: ig.accountId } : undefined;
          },
        };
  return ok(call, pick(fields, available, account.platform === 'instagram' ? 'IGUser' : 'Page'));
}
