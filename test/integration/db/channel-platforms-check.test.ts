import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORMS } from '../../../src/channels/registry.ts';
import { migrateToLatest } from '../../../src/db/database.ts';
import { createTestDatabase } from '../../helpers/test-database.ts';

/**
 * `channels.platform` follows the registry: the migrator replaces the check an older database
 * has (migration 0001 listed the platforms it knew) with one built from PLATFORMS at every start.
 */
let t: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.drop());

async function insertChannel(organizationId: number, platform: string, accountId: string): Promise<void> {
  await sql`insert into channels (organization_id, platform, external_account_id, display_name) values (${organizationId}, ${platform}, ${accountId}, ${`${platform} account`})`.execute(t.db);
}

const checkOf = async (): Promise<string> =>
  (await sql<{ def: string }>`select pg_get_constraintdef(oid) as def from pg_constraint where conname = 'channels_platform_check'`.execute(t.db)).rows[0]!.def;

describe('channels.platform check', () => {
  it('a database migrated before a platform was added accepts every registry platform after a start, and refuses an unknown one', async () => {
    // As an older snorq left it: a check that knows fewer platforms than the registry.
    await sql`alter table channels drop constraint channels_platform_check`.execute(t.db);
    await sql`alter table channels add constraint channels_platform_check check (platform in ('messenger'))`.execute(t.db);
    const org = await t.db.insertInto('organizations').values({ name: 'Acme' }).returning('id').executeTakeFirstOrThrow();
    await expect(insertChannel(org.id, PLATFORMS.at(-1)!, 'before')).rejects.toThrow(/channels_platform_check/);

    expect(await migrateToLatest(t.db)).toEqual([]);

    for (const platform of PLATFORMS) await insertChannel(org.id, platform, `account-of-${platform}`);
    expect(Number((await sql<{ n: string }>`select count(*) as n from channels`.execute(t.db)).rows[0]!.n)).toBe(PLATFORMS.length);
    await expect(insertChannel(org.id, 'myspace', 'unknown')).rejects.toThrow(/channels_platform_check/);
    for (const platform of PLATFORMS) expect(await checkOf()).toContain(`'${platform}'`);
  });

  it('is applied again, unchanged, at every start (idempotent, rows kept)', async () => {
    const before = await checkOf();
    expect(await migrateToLatest(t.db)).toEqual([]);
    expect(await migrateToLatest(t.db)).toEqual([]);
    expect(await checkOf()).toBe(before);
    expect(Number((await sql<{ n: string }>`select count(*) as n from channels`.execute(t.db)).rows[0]!.n)).toBe(PLATFORMS.length);
  });
});
