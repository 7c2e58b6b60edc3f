import { z } from 'zod';
import { schemaText } from './server-texts.ts';

export const CannedResponseSchema = z.object({ id: z.number(), shortcut: z.string(), content: z.string() });
export type CannedResponse = z.infer<typeof CannedResponseSchema>;

export const CannedResponseBody = z.object({
  shortcut: z.string().regex(/^[a-z0-9_-]{1,40}$/, schemaText('schema.shortcut')),
  content: z.string().min(1).max(4000),
});
export const CannedResponseList = z.object({ cannedResponses: z.array(CannedResponseSchema) });
export const OneCannedResponse = z.object({ cannedResponse: CannedResponseSchema });
export const CannedResponseChange = CannedResponseBody.partial().refine((c) => c.shortcut !== undefined || c.content !== undefined, schemaText('schema.shortcutOrContent'));
