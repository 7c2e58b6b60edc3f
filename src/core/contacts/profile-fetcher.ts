import type { ContactProfile } from '../../channels/channel-definition.ts';
import { CHANNELS, channelOf } from '../../channels/registry.ts';
import type { Config } from '../../config/config.ts';
import type { Db } from '../../db/database.ts';
import { tryOpenCredentials } from '../channel-accounts/channel-credentials.ts';
import { platformCallContext } from '../channel-accounts/platform-call.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { appendEvents } from '../events/event-log.ts';

export interface ProfileFetcher {
  /** Something new may have arrived: look for nameless customers (coalesced, never throws). */
  wake(): void;
  /** Resolves when the current pass is done (tests). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Some platforms' webhooks carry only the customer's id, no name or picture (FACTS 2.1, 3.1).
 * For those with a profile API (`api.profile` of the definition)
 * this asks it once per new customer and keeps the
 * answer on the identity (and the contact, when it has no name yet). A failure is remembered
 * too (profile_fetched_at), so a customer whose profile is private is not asked for again and again.
 */
export function createProfileFetcher(deps: {
  db: Db;
  secretBox: SecretBox;
  config: Config;
  log: { warn(o: object, m: string): void };
  /** Profiles were looked up (found or not): automation waits for them before greeting a new customer. */
  onProfilesKept?: () => void;
}): ProfileFetcher {
  let running: Promise<void> = Promise.resolve();
  let again = false;
  let busy = false;
  let stopped = false;

  // The platforms that have a profile API; fixed for the life of the process.
  const withProfiles = CHANNELS.filter((channel) => channel.api.profile).map((channel) => channel.id);

  const pass = async () => {
    if (withProfiles.length === 0) return;
    const rows = await deps.db
      .selectFrom('contact_identities as i')
      .innerJoin('channels as ch', 'ch.id', 'i.channel_id')
      .select(['i.id', 'i.contact_id', 'i.platform_user_id', 'ch.platform', 'ch.external_account_id', 'ch.credentials_enc'])
      .where('i.profile_fetched_at', 'is', null)
      .where('i.display_name', 'is', null)
      .where('ch.platform', 'in', withProfiles)
      .where('ch.connection_state', '=', 'connected')
      .limit(50)
      .execute();
    for (const r of rows) {
      if (stopped) return;
      const { credentials, problem } = tryOpenCredentials(deps.secretBox, r);
      if (problem) deps.log.warn({ platform: r.platform, identityId: r.id, problem }, 'profile lookup skipped: the channel credentials cannot be read');
      let profile: ContactProfile = {};
      const fetchProfile = channelOf(r.platform).api.profile;
      if (credentials && fetchProfile) {
        const call = platformCallContext(deps.config, r, credentials, 10_000);
        const result = await fetchProfile(call, r.platform_user_id);
        if (result.ok) profile = result.value;
        else deps.log.warn({ platform: r.platform, identityId: r.id, code: result.failure.code }, 'profile lookup failed');
      }
      await keepProfile(deps.db, r, profile);
    }
    if (rows.length > 0) deps.onProfilesKept?.();
    if (rows.length === 50) again = true;
  };

  const wake = () => {
    if (stopped) return;
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    running = (async () => {
      do {
        again = false;
        await pass().catch((err) => deps.log.warn({ err }, 'profile pass failed'));
      } while (again && !stopped);
      busy = false;
    })();
  };

  return {
    wake,
    idle: () => running,
    async stop() {
      stopped = true;
      await running;
    },
  };
}

/** The answer (or its absence) kept on the identity, and on the contact when it has no name or picture yet. */
export async function keepProfile(db: Db, r: { id: number; contact_id: number }, profile: ContactProfile): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('contact_identities')
      .set({
        profile_fetched_at: new Date(),
        ...(profile.displayName && { display_name: profile.displayName }),
        ...(profile.username && { username: profile.username }),
        ...(profile.avatarUrl && { avatar_url: profile.avatarUrl }),
        updated_at: new Date(),
      })
      .where('id', '=', r.id)
      .execute();
    if (profile.displayName || profile.avatarUrl) {
      const contact = await trx
        .updateTable('contacts')
        .set((eb) => ({
          display_name: eb.fn.coalesce('display_name', eb.val(profile.displayName ?? profile.username ?? null)),
          avatar_url: eb.fn.coalesce('avatar_url', eb.val(profile.avatarUrl ?? null)),
          updated_at: new Date(),
        }))
        .where('id', '=', r.contact_id)
        .returning('organization_id')
        .executeTakeFirst();
      // Open inboxes show the name as soon as it is known (the contact's row, then the event
      // counter: the order update-contact.ts takes them in).
      if (contact) await appendEvents(trx, contact.organization_id, [{ type: 'contact:updated', payload: { contactId: r.contact_id } }]);
    }
  });
}
