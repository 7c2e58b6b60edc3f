import type { Db } from '../../db/database.ts';
import { AppError, notFound } from '../errors/app-error.ts';

export interface UserProfile {
  id: number;
  email: string;
  name: string;
  role: 'admin' | 'agent';
  organizationId: number;
  language: string | null;
  avatarUrl: string | null;
}

/** Largest picture kept (the web app sends a 256 px square, a few dozen KB). */
export const AVATAR_MAX_BYTES = 200 * 1024;

/** Where a user's picture is served; the version changes with the picture, so caches never show an old one. */
export function avatarUrl(userId: number, updatedAt: Date | null): string | null {
  return updatedAt ? `/api/v1/users/${userId}/avatar?v=${updatedAt.getTime()}` : null;
}

export async function getProfile(db: Db, organizationId: number, userId: number): Promise<UserProfile> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'role', 'organization_id', 'language', 'avatar_updated_at'])
    .where('id', '=', userId)
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  if (!row) throw notFound('user');
  return { id: row.id, email: row.email, name: row.name, role: row.role, organizationId: row.organization_id, language: row.language, avatarUrl: avatarUrl(row.id, row.avatar_updated_at) };
}

export async function updateProfile(db: Db, organizationId: number, userId: number, change: { name?: string; language?: string | null }): Promise<UserProfile> {
  await db
    .updateTable('users')
    .set({ ...(change.name !== undefined && { name: change.name }), ...(change.language !== undefined && { language: change.language }) })
    .where('id', '=', userId)
    .where('organization_id', '=', organizationId)
    .execute();
  return getProfile(db, organizationId, userId);
}

/** The image types a picture may be, by their first bytes (never by what the client declared). */
export function sniffAvatarType(bytes: Buffer): string | null {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  return null;
}

export async function setAvatar(db: Db, organizationId: number, userId: number, bytes: Buffer | null): Promise<UserProfile> {
  if (bytes) {
    if (bytes.length > AVATAR_MAX_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', `a picture may be at most ${AVATAR_MAX_BYTES / 1024} KB`);
    const type = sniffAvatarType(bytes);
    if (!type) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'a picture must be a PNG, JPEG or WebP image');
    await db.updateTable('users').set({ avatar: bytes, avatar_type: type, avatar_updated_at: new Date() }).where('id', '=', userId).where('organization_id', '=', organizationId).execute();
  } else {
    await db.updateTable('users').set({ avatar: null, avatar_type: null, avatar_updated_at: null }).where('id', '=', userId).where('organization_id', '=', organizationId).execute();
  }
  return getProfile(db, organizationId, userId);
}

export async function getAvatar(db: Db, organizationId: number, userId: number): Promise<{ bytes: Buffer; type: string } | null> {
  const row = await db.selectFrom('users').select(['avatar', 'avatar_type']).where('id', '=', userId).where('organization_id', '=', organizationId).executeTakeFirst();
  return row?.avatar && row.avatar_type ? { bytes: row.avatar, type: row.avatar_type } : null;
}
