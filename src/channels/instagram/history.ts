import { graphPath } from '../meta/graph-client.ts';
import type { ChannelHistory, HistoryOptions, HistoryResult } from '../channel-definition.ts';
import { fetchConversations } from '../meta/history.ts';
import type { PlatformCallContext } from '../types.ts';

/**
 * Instagram history (FACTS 3.7), by how the account was connected:
 * - Facebook Login (path A): `{metaGraph}/{v}/{PAGE_ID}/conversations?platform=instagram` with the
 *   Page token (`me` is the Page when its id is not stored);
 * - Instagram Login (path B): `{instagramGraph}/{v}/me/conversations?platform=instagram`.
 * 20 most recent messages per conversation; Requests-folder threads idle for 30 days are not
 * listed; shares come back as their image/video URL only.
 */
export async function fetchHistory(call: PlatformCallContext, options: HistoryOptions): Promise<HistoryResult> {
  const c = call.credentials;
  if (c.platform !== 'instagram') throw new Error(`Instagram history called with ${c.platform} credentials`);
  const viaPage = c.loginType === 'facebook';
  return fetchConversations(
    call,
    {
      product: 'instagram',
      host: viaPage ? 'metaGraph' : 'instagramGraph',
      path: graphPath(viaPage ? (c.pageId ?? 'me') : 'me', 'conversations'),
      token: c.accessToken,
      businessIds: [call.accountId, ...(c.pageId ? [c.pageId] : [])],
      messageFields: 'id,created_time,from,to,message,attachments,story',
    },
    options,
  );
}

export const instagramHistory: ChannelHistory = { fetch: fetchHistory };
