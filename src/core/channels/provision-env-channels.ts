import type { ChannelCredentials } from '../../channels/types.ts';
import type { Config } from '../../config/config.ts';
import type { Db } from '../../db/database.ts';
import type { Platform } from '../../db/schema.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { sealCredentials } from './channel-credentials.ts';

export interface ChannelSpec {
  platform: Platform;
  externalAccountId: string;
  displayName: string;
  credentials: ChannelCredentials;
}

/** Twilio senders are written `whatsapp:+E164` everywhere (webhook To/From, API From). */
export function twilioSender(number: string): string {
  const n = number.trim();
  return n.startsWith('whatsapp:') ? n : `whatsapp:${n.startsWith('+') ? n : `+${n}`}`;
}

/** Channels whose credentials are in the environment (DESIGN.md), complete groups only. */
export function envChannelSpecs(config: Config): ChannelSpec[] {
  const specs: ChannelSpec[] = [];
  if (config.FACEBOOK_PAGE_ID && config.FACEBOOK_PAGE_ACCESS_TOKEN) {
    specs.push({ platform: 'messenger', externalAccountId: config.FACEBOOK_PAGE_ID, displayName: `Messenger page ${config.FACEBOOK_PAGE_ID}`, credentials: { platform: 'messenger', pageAccessToken: config.FACEBOOK_PAGE_ACCESS_TOKEN } });
  }
  if (config.INSTAGRAM_ACCOUNT_ID && config.INSTAGRAM_ACCESS_TOKEN) {
    specs.push({
      platform: 'instagram',
      externalAccountId: config.INSTAGRAM_ACCOUNT_ID,
      displayName: `Instagram ${config.INSTAGRAM_ACCOUNT_ID}`,
      credentials: { platform: 'instagram', accessToken: config.INSTAGRAM_ACCESS_TOKEN, loginType: 'instagram' },
    });
  }
  if (config.WHATSAPP_PHONE_NUMBER_ID && config.WHATSAPP_ACCESS_TOKEN) {
    specs.push({ platform: 'whatsapp', externalAccountId: config.WHATSAPP_PHONE_NUMBER_ID, displayName: `WhatsApp ${config.WHATSAPP_PHONE_NUMBER_ID}`, credentials: { platform: 'whatsapp', accessToken: config.WHATSAPP_ACCESS_TOKEN } });
  }
  if (config.TWILIO_ACCOUNT_SID && config.TWILIO_AUTH_TOKEN && config.TWILIO_WHATSAPP_NUMBER) {
    const sender = twilioSender(config.TWILIO_WHATSAPP_NUMBER);
    specs.push({
      platform: 'twilio',
      externalAccountId: `${config.TWILIO_ACCOUNT_SID}:${sender}`,
      displayName: `Twilio ${sender.replace('whatsapp:', '')}`,
      credentials: { platform: 'twilio', accountSid: config.TWILIO_ACCOUNT_SID, authToken: config.TWILIO_AUTH_TOKEN },
    });
  }
  if (config.TIKTOK_BUSINESS_ID && config.TIKTOK_ACCESS_TOKEN) {
    specs.push({ platform: 'tiktok', externalAccountId: config.TIKTOK_BUSINESS_ID, displayName: `TikTok ${config.TIKTOK_BUSINESS_ID}`, credentials: { platform: 'tiktok', accessToken: config.TIKTOK_ACCESS_TOKEN } });
  }
  return specs;
}

/**
 * Make sure each spec exists as a channel of `organizationId`, with its credentials sealed.
 * Re-running with changed credentials updates them; a channel owned by another organisation is
 * left alone and reported.
 */
export async function provisionChannels(
  db: Db,
  box: SecretBox,
  organizationId: number,
  specs: ChannelSpec[],
  source: 'env' | 'simulator',
): Promise<{ provisioned: string[]; conflicts: string[] }> {
  const provisioned: string[] = [];
  const conflicts: string[] = [];
  for (const spec of specs) {
    const row = await db
      .insertInto('channels')
      .values({
        organization_id: organizationId,
        platform: spec.platform,
        external_account_id: spec.externalAccountId,
        display_name: spec.displayName,
        credentials_enc: sealCredentials(box, spec.credentials),
        source,
      })
      .onConflict((oc) =>
        oc
          .columns(['platform', 'external_account_id'])
          .doUpdateSet({ credentials_enc: sealCredentials(box, spec.credentials), connection_state: 'connected', updated_at: new Date() })
          .where('channels.organization_id', '=', organizationId),
      )
      .returning('id')
      .executeTakeFirst();
    (row ? provisioned : conflicts).push(`${spec.platform}:${spec.externalAccountId}`);
  }
  return { provisioned, conflicts };
}

/** The organisation env channels belong to: the first one (made with the first admin). */
export async function defaultOrganizationId(db: Db): Promise<number> {
  const org = await db.selectFrom('organizations').select('id').orderBy('id').limit(1).executeTakeFirstOrThrow();
  return org.id;
}
