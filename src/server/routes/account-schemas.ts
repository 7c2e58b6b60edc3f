import { z } from 'zod';
import { AUDIT_ACTIONS } from '../../core/audit/record-audit.ts';

/** Shapes of the account routes (users, sessions, /me, audit log): they validate, filter output and feed OpenAPI. */
export const UserSchema = z.object({
  id: z.number(),
  email: z.string(),
  name: z.string(),
  role: z.enum(['admin', 'agent']),
  organizationId: z.number(),
  createdAt: z.date(),
  disabledAt: z.date().nullable(),
});

export const SessionSchema = z.object({
  id: z.number(),
  userId: z.number(),
  userEmail: z.string(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  expiresAt: z.date().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  /** The session this request was made with. */
  current: z.boolean(),
});

export const NewPassword = z.string().min(10, 'must be at least 10 characters').max(1000);

export const IdParams = z.object({ id: z.coerce.number().int().positive().max(2 ** 53) });

export const AuditQuery = z.object({
  action: z.enum(AUDIT_ACTIONS).optional(),
  /** Entries this user did, or that were done to them. */
  userId: z.coerce.number().int().positive().max(2 ** 53).optional(),
  /** The `nextBefore` of the previous page. */
  before: z.coerce.number().int().positive().max(2 ** 53).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const AuditPageSchema = z.object({
  entries: z.array(
    z.object({
      id: z.number(),
      createdAt: z.date(),
      action: z.string(),
      actorUserId: z.number().nullable(),
      targetUserId: z.number().nullable(),
      ip: z.string().nullable(),
      details: z.record(z.string(), z.unknown()),
    }),
  ),
  nextBefore: z.number().nullable(),
});

export const Ok = z.object({ ok: z.literal(true) });
