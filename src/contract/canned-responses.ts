import { z } from 'zod';

export const CannedResponseSchema = z.object({ id: z.number(), shortcut: z.string(), content: z.string() });
export type CannedResponse = z.infer<typeof CannedResponseSchema>;

export const CannedResponseBody = z.object({
  shortcut: z.string().regex(/^[a-z0-9_-]{1,40}$/, 'lowercase letters, digits, - and _; at most 40'),
  content: z.string().min(1).max(4000),
});
export const CannedResponseList = z.object({ cannedResponses: z.array(CannedResponseSchema) });
export const OneCannedResponse = z.object({ cannedResponse: CannedResponseSchema });
export const CannedResponseChange = CannedResponseBody.partial().refine((c) => c.shortcut !== undefined || c.content !== undefined, 'give a shortcut or content');
