import { profilePictureUrl } from '../cdn/urls.ts';
import type { SimConversation } from '../state/conversations.ts';
import type { SimAccount } from '../types.ts';
import { ok, type GraphCall } from './graph/call.ts';
import { parseFields, pick } from './graph/fields.ts';

/**
 * User Profile API: Messenger `GET /{PSID}?fields=first_name,last_name,profile_pic` and Instagram
 * `GET /{IGSID}?fields=name,username,profile_pic,…` (FACTS 2.7/3.6). A customer the platform has
 * seen is readable with the token of the account they wrote to.
 */
export function profileNode(call: GraphCall, conv: SimConversation, account: SimAccount): unknown {
  const customer = conv.customer;
  const [first, ...rest] = (customer.name ?? (account.platform === 'instagram' ? customer.username : undefined) ?? 'Sam Customer').split(/\s+/);
  const name = customer.name ?? [first, ...rest].join(' ');
  const username = customer.username ?? name.toLowerCase().replace(/[^a-z0-9]+/g, '.');
  const pic = (): string => profilePictureUrl(call.ctx, account.platform, customer.id);
  const requested = parseFields(typeof call.params.fields === 'string' ? call.params.fields : undefined);
  if (account.platform === 'instagram') {
    const fields = requested ?? [{ name: 'name' }, { name: 'username' }, { name: 'id' }];
    return ok(
      call,
      pick(
        fields,
        {
          id: () => customer.id,
          name: () => name,
          username: () => username,
          profile_pic: pic,
          follower_count: () => 87,
          is_user_follow_business: () => customer.isFollower ?? true,
          is_business_follow_user: () => false,
          is_verified_user: () => false,
        },
        'IGUser',
      ),
    );
  }
  const fields = requested ?? [{ name: 'first_name' }, { name: 'last_name' }, { name: 'profile_pic' }, { name: 'id' }];
  return ok(
    call,
    pick(
      fields,
      {
        id: () => customer.id,
        name: () => name,
        first_name: () => first,
        last_name: () => rest.join(' ') || undefined,
        profile_pic: pic,
        locale: () => 'en_US',
        timezone: () => 0,
      },
      'User',
    ),
  );
}
