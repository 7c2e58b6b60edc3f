import { CHANNELS } from '../../channels/registry.ts';
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

/**
 * Channels whose credentials are in the environment (DESIGN.md), complete groups only: each
 * platform's `config.envChannel` describes its own, and its credentials schema checks them.
 */
export function envChannelSpecs(config: Config): ChannelSpec[] {
  return CHANNELS.flatMap((channel): ChannelSpec[] => {
    const spec = channel.config.envChannel?.spec(config as never);
    if (!spec) return [];
    const credentials = channel.credentials.parse(spec.credentials) as ChannelCredentials;
    return [{ platform: channel.id, externalAccountId: spec.externalAccountId, displayName: spec.displayName, credentials }];
  });
}

/**
 * Make sure each spec exists as a channel of `organizationId`, with its credentials sealed.
 * Re-running with changed credentials updates them; a channel owned by another organisation is
 * left alone and reported.
 */
export async function provisionChannels(db: Db, box: SecretBox, organizationId: number, specs: ChannelSpec[], source: 'env' | 'simulator'): Promise<{ provisioned: string[]; conflicts: string[] }> {
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
