import { z } from 'zod';
import { Timestamp } from './common.ts';

/** What the audit log records: a closed list, so a reader can filter on it. */
export const AUDIT_ACTIONS = [
  'sign-in',
  'sign-in.failed',
  'sign-in.locked',
  'sign-out',
  'user.created',
  'user.updated',
  'user.disabled',
  'user.enabled',
  'user.password-reset',
  'user.password-changed',
  'session.revoked',
  'token.created',
  'token.revoked',
  'channel.connected',
  'channel.disconnected',
  'channel.team-changed',
  'journal.replayed',
  'conversations.bulk-updated',
  'contact.linked',
  'contact.unlinked',
  'contact.merged',
  'contact.exported',
  'contact.erased',
  'label.created',
  'label.updated',
  'label.deleted',
  'automation.settings-updated',
  'automation.rule-saved',
  'automation.rule-deleted',
  'automation.rules-reordered',
  'team.created',
  'team.updated',
  'team.deleted',
  'sla-targets.updated',
  'webhook-subscription.created',
  'webhook-subscription.deleted',
  'organization.updated',
  'ai-settings.updated',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AuditQuery = z.object({
  action: z.enum(AUDIT_ACTIONS).optional(),
  /** Entries this user did, or that were done to them. */
  userId: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 53)
    .optional(),
  /** The `nextBefore` of the previous page. */
  before: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 53)
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const AuditEntrySchema = z.object({
  id: z.number(),
  createdAt: Timestamp,
  action: z.string(),
  actorUserId: z.number().nullable(),
  targetUserId: z.number().nullable(),
  ip: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditLogEntry = z.infer<typeof AuditEntrySchema>;

export const AuditPageSchema = z.object({ entries: z.array(AuditEntrySchema), nextBefore: z.number().nullable() });
