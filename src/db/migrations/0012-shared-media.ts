import { sql, type Kysely } from 'kysely';

/**
 * Media every instance can read (MEDIA_STORE=postgres or s3, src/core/media): `media_objects`
 * holds each stored file's metadata for both stores, `media_chunks` the bytes for the postgres
 * store, in chunks of 256 KiB so a file is written and read as a stream, never whole in memory.
 * A row is complete once `completed_at` is set (the bytes are all there); until then it reads as
 * unknown, and one left incomplete by a crash is removed by the upload sweep.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table media_objects (
      -- 128 random bits in hex (src/core/media/media-store.ts isStorageKey)
      storage_key text primary key check (storage_key ~ '^[0-9a-f]{32}$'),
      mime_type text not null,
      filename text,
      -- an agent's upload: the organisation that may attach it to a reply; null for inbound media
      organization_id bigint references organizations(id) on delete cascade,
      size bigint,
      sha256 text,
      created_at timestamptz not null default now(),
      completed_at timestamptz
    );
    -- the upload sweep: an organisation's uploads older than a cutoff
    create index media_objects_uploads_idx on media_objects (created_at) where organization_id is not null;
    -- the sweep of puts a crash left incomplete
    create index media_objects_incomplete_idx on media_objects (created_at) where completed_at is null;

    create table media_chunks (
      storage_key text not null references media_objects(storage_key) on delete cascade,
      seq integer not null,
      data bytea not null,
      primary key (storage_key, seq)
    );
    -- chunks are written once and read whole: no compression attempt on already-compressed media
    alter table media_chunks alter column data set storage external;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists media_chunks; drop table if exists media_objects`.execute(db);
}
