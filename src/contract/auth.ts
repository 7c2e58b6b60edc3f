import { z } from 'zod';
import { Timestamp } from './common.ts';

export const LoginBody = z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(1000) });

export const RoleSchema = z.enum(['admin', 'agent']);
export type Role = z.infer<typeof RoleSchema>;

/** Who signed in, as the sign-in answers. */
export const SessionUserSchema = z.object({ id: z.number(), email: z.string(), name: z.string(), role: RoleSchema });
export type SessionUser = z.infer<typeof SessionUserSchema>;

/** POST /api/v1/auth/login: the session token (also set as an HttpOnly cookie) and who signed in. */
export const LoginResult = z.object({ token: z.string(), expiresAt: Timestamp, user: SessionUserSchema });
export type LoginResult = z.infer<typeof LoginResult>;

/** GET /api/v1/auth/me: the signed-in user. */
export const SignedInUser = SessionUserSchema.extend({ organizationId: z.number() });
export type SignedInUser = z.infer<typeof SignedInUser>;
