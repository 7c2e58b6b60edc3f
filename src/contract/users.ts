import { z } from 'zod';
import { Timestamp } from './common.ts';
import { RoleSchema } from './auth.ts';
import { PresenceSchema } from './presence.ts';
import { schemaText } from './server-texts.ts';

/** A user of the organisation as admins manage them. */
export const UserSchema = z.object({
  id: z.number(),
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
  organizationId: z.number(),
  createdAt: Timestamp,
  disabledAt: Timestamp.nullable(),
  /** Online, away or offline (in the users list; src/core/presence). */
  presence: PresenceSchema.optional(),
  /** For admins: the last use of one of the user's sessions (null: never signed in). */
  lastSeenAt: Timestamp.nullable().optional(),
  /** For admins: how many sessions of theirs still grant access. */
  activeSessions: z.number().int().optional(),
});
export type ManagedUser = z.infer<typeof UserSchema>;

export const NewPassword = z.string().min(10, 'must be at least 10 characters').max(1000);

export const UsersQuery = z.object({ includeDisabled: z.enum(['true', 'false']).default('false') });

export const NewUser = z.object({
  email: z.email(),
  name: z.string().trim().min(1).max(200),
  role: RoleSchema.default('agent'),
  password: NewPassword,
});

export const UserChange = z
  .object({ name: z.string().trim().min(1).max(200).optional(), role: RoleSchema.optional() })
  .refine((c) => c.name !== undefined || c.role !== undefined, schemaText('schema.nameOrRole'));

export const UserList = z.object({ users: z.array(UserSchema) });
export const OneUser = z.object({ user: UserSchema });

export const PasswordReset = z.object({ password: NewPassword });
export const PasswordChange = z.object({ currentPassword: z.string().min(1).max(1000), newPassword: NewPassword });
/** A password set or changed: how many sessions it ended. */
export const PasswordResult = z.object({ ok: z.literal(true), endedSessions: z.number() });

/** A BCP 47 language tag (en, de, es-MX). */
export const LanguageTag = z
  .string()
  .min(2)
  .max(35)
  .refine((tag) => {
    try {
      return Intl.getCanonicalLocales(tag).length === 1;
    } catch {
      return false;
    }
  }, schemaText('schema.languageTag'));

/**
 * The languages the web app is translated into (web/src/i18n/languages.ts keeps the same list; a
 * test checks they agree). A user's language must be one of them, or a regional form of one
 * (es-MX): anything else is refused rather than stored and silently shown in English.
 */
export const LANGUAGES = ['en', 'de', 'es'] as const;
export const isSupportedLanguage = (tag: string): boolean => (LANGUAGES as readonly string[]).includes(tag.toLowerCase().split('-')[0] ?? '');

/** The signed-in user's own profile. */
export const ProfileSchema = z.object({
  id: z.number(),
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
  organizationId: z.number(),
  /** Null: none chosen, the browser's language applies. */
  language: z.string().nullable(),
  /** Where the picture is served from (changes when it changes), or null. */
  avatarUrl: z.string().nullable(),
});
export type Profile = z.infer<typeof ProfileSchema>;
export const OneProfile = z.object({ profile: ProfileSchema });
export const ProfileChange = z
  .object({ name: z.string().trim().min(1, 'give your name').max(200).optional(), language: LanguageTag.nullable().optional() })
  .refine((c) => c.name !== undefined || c.language !== undefined, schemaText('schema.nameOrLanguage'));
