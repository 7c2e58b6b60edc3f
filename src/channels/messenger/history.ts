import { graphPath } from '../meta/graph-client.ts';
import type { ChannelHistory, HistoryOptions, HistoryResult } from '../channel-definition.ts';
import { fetchConversations } from '../meta/history.ts';
import type { PlatformCallContext } from '../types.ts';

/**
 * Messenger history (FACTS 2.7): the Page's conversations with their 20 most recent messages
 * each, read with the Page token. Messages older than those 20 cannot be recovered.
 */
export async function fetchHistory(call: PlatformCallContext, options: HistoryOptions): Promise<HistoryResult> {
  const c = call.credentials;
  if (c.platform !== 'messenger') throw new Error(`Messenger history called with ${c.platform} credentials`);
  return fetchConversations(
    call,
    {
      product: 'messenger',
      host: 'metaGraph',
      path: graphPath(call.accountId, 'conversations'),
      token: c.pageAccessToken,
      businessIds: [call.accountId],
      messageFields: 'id,created_time,from,to,message,attachments,sticker',
    },
    options,
  );
}

export const messengerHistory: ChannelHistory = { fetch: fetchHistory };
