import { z } from 'zod';
import type { ChannelCredentials } from '../../channels/types.ts';
import type { Db } from '../../db/database.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { sealCredentials } from './channel-credentials.ts';
import { twilioSender } from './provision-env-channels.ts';

/** Credentials an admin may type in, per platform (OAuth fills the same shapes later). */
export const ChannelInput = z.discriminatedUnion('platform', [
  z.object({ platform: z.literal('messenger'), externalAccountId: z.string().regex(/^\d{5,20}$/, 'a Facebook page id is digits'), displayName: z.string().min(1).max(200), credentials: z.object({ pageAccessToken: z.string().min(10).max(2000) }) }),
  z.object({
    platform: z.literal('instagram'),
    externalAccountId: z.string().regex(/^\d{5,25}$/, 'an Instagram account id is digits'),
    displayName: z.string().min(1).max(200),
    credentials: z.object({ accessToken: z.string().min(10).max(2000), loginType: z.enum(['facebook', 'instagram']).default('instagram'), pageId: z.string().optional() }),
  }),
  z.object({ platform: z.literal('whatsapp'), externalAccountId: z.string().regex(/^\d{5,25}$/, 'a WhatsApp phone number id is digits'), displayName: z.string().min(1).max(200), credentials: z.object({ accessToken: z.string().min(10).max(2000), wabaId: z.string().regex(/^\d+$/).optional() }) }),
  z.object({
    platform: z.literal('twilio'),
    /** The WhatsApp sender, e.g. +14155238886 or whatsapp:+14155238886. */
    externalAccountId: z.string().regex(/^(whatsapp:)?\+?\d{6,16}$/, 'the Twilio WhatsApp sender number, e.g. +14155238886'),
    displayName: z.string().min(1).max(200),
    credentials: z.object({ accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'an Account SID starts with AC and has 34 characters'), authToken: z.string().min(16).max(200) }),
  }),
  z.object({ platform: z.literal('tiktok'), externalAccountId: z.string().min(3).max(200), displayName: z.string().min(1).max(200), credentials: z.object({ accessToken: z.string().min(10).max(2000), refreshToken: z.string().optional() }) }),
]);
export type ChannelInput = z.infer<typeof ChannelInput>;

/** Add a channel by its credentials (sealed at once); the account id may belong to one organisation only. */
export async function connectChannel(db: Db, box: SecretBox, organizationId: number, input: ChannelInput, source: 'api' | 'oauth' = 'api') {
  const externalAccountId = input.platform === 'twilio' ? `${input.credentials.accountSid}:${twilioSender(input.externalAccountId)}` : input.externalAccountId;
  const credentials = { platform: input.platform, ...input.credentials } as ChannelCredentials;
  const existing = await db.selectFrom('channels').select(['id', 'organization_id']).where('platform', '=', input.platform).where('external_account_id', '=', externalAccountId).executeTakeFirst();
  if (existing && existing.organization_id !== organizationId) throw new AppError('CONFLICT', 'this account is already connected to another organisation');
  const sealed = sealCredentials(box, credentials);
  const row = await db
    .insertInto('channels')
    .values({ organization_id: organizationId, platform: input.platform, external_account_id: externalAccountId, display_name: input.displayName, credentials_enc: sealed, source })
    .onConflict((oc) =>
      oc.columns(['platform', 'external_account_id']).doUpdateSet({ credentials_enc: sealed, display_name: input.displayName, connection_state: 'connected', last_error: null, updated_at: new Date() }).where('channels.organization_id', '=', organizationId),
    )
    .returning(['id', 'platform', 'display_name', 'external_account_id'])
    .executeTakeFirstOrThrow();
  return row;
}

/** Disconnect: tokens are deleted, conversations and messages stay. */
export async function disconnectChannel(db: Db, organizationId: number, channelId: number): Promise<void> {
  const res = await db
    .updateTable('channels')
    .set({ connection_state: 'disconnected', credentials_enc: null, token_expires_at: null, updated_at: new Date() })
    .where('id', '=', channelId)
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  if (res.numUpdatedRows === 0n) throw notFound('channel');
}
