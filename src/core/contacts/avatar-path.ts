import { sql } from 'kysely';

/** The URL the UI shows a customer's picture at (snorq's cached copy), or null when there is none. */
export const avatarPathSql = (identity: string) =>
  sql<string | null>`case when ${sql.ref(`${identity}.avatar_url`)} is not null then '/api/v1/contacts/identities/' || ${sql.ref(`${identity}.id`)} || '/avatar' end`;
