import { z } from 'zod';
import { FieldIssueSchema, REFUSAL_REASONS } from './server-texts.ts';

/**
 * The one error shape of every route (src/server/plugins/error-handler.ts): a code from a closed
 * set (src/core/errors/app-error.ts, plus fastify's own 4xx mapped onto it), a message safe to show
 * a user, and details where the code has some (the issues of a refused request, the options left
 * when a reply window is closed, the seconds until a lock lifts).
 */
export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().describe('VALIDATION_FAILED, NOT_FOUND, WINDOW_CLOSED, RATE_LIMITED, … (see src/core/errors/app-error.ts)'),
      message: z.string(),
      details: z
        .object({
          issues: z.array(FieldIssueSchema).optional().describe('VALIDATION_FAILED: why each field is refused'),
          field: z.string().optional().describe('the field the refusal is about'),
          reason: z.enum(REFUSAL_REASONS).optional().describe('a finer reason than the code, for a text in the reader’s language (its parameters are the other details)'),
        })
        .catchall(z.unknown())
        .optional(),
    }),
  })
  .describe('An error: a code, a message for people, and details where the code has some');
export type ApiError = z.infer<typeof ErrorSchema>;

/** Every route's errors, whatever its status, in the one shape. */
export const ERROR_RESPONSES = { '4xx': ErrorSchema, '5xx': ErrorSchema } as const;

/** A route's success responses plus the error shape for every 4xx and 5xx. */
export function withErrors<T extends Record<number, z.ZodType>>(success: T): T & typeof ERROR_RESPONSES {
  return { ...success, ...ERROR_RESPONSES };
}
