import { z } from 'zod';
import { Id } from './common.ts';

const Day = z.iso.date('a date like 2026-12-01');

export const ExportKindSchema = z.enum(['conversations', 'messages']);
export type ExportKind = z.infer<typeof ExportKindSchema>;

export const ExportParams = z.object({ kind: ExportKindSchema });

/**
 * What to export: conversations started, or messages sent, between two days (both included, in the
 * organisation's time zone; either end may be left open), of one channel or carrying one label.
 */
export const ExportQuery = z.object({
  format: z.enum(['csv', 'json']).default('csv'),
  from: Day.optional(),
  to: Day.optional(),
  channelId: Id.optional(),
  label: z.string().min(1).max(100).optional(),
});
export type ExportFilter = z.infer<typeof ExportQuery>;

/** The columns of each export, in order (the CSV header; the JSON objects' keys). */
export const EXPORT_COLUMNS = {
  conversations: ['id', 'created_at', 'channel_id', 'channel', 'platform', 'contact', 'status', 'priority', 'assignee', 'labels', 'last_message_at', 'waiting_since', 'resolved_at'],
  messages: ['id', 'conversation_id', 'at', 'channel_id', 'channel', 'platform', 'direction', 'author', 'private_note', 'content_type', 'content', 'status'],
} as const;
