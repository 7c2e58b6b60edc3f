import { z } from 'zod';
import type { InteractiveContent, InteractiveLimits } from '../text/interactive-limits.ts';

/**
 * Interactive replies in the API (src/text/interactive-limits.ts holds the types and the check).
 * The schema bounds what any platform could take (a 400 beyond it); each platform's own limits
 * are checked when the reply is queued (422 `UNPROCESSABLE` naming the field and the limit) and
 * served with the platform at `GET /api/v1/platforms` (`capabilities.interactive`).
 */

export const InteractiveChoiceSchema = z.object({
  /** Handed back by the platform when the customer taps it (a payload, a button or row id); never shown to them. */
  id: z.string().min(1).max(1000),
  title: z.string().max(200),
  /** A list row's second line. */
  description: z.string().max(200).optional(),
});

export const InteractiveContentSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('buttons'), choices: z.array(InteractiveChoiceSchema).min(1).max(20) }),
  z.object({
    kind: z.literal('list'),
    /** The button that opens the list. */
    button: z.string().max(200),
    sections: z
      .array(z.object({ title: z.string().max(200).optional(), rows: z.array(InteractiveChoiceSchema).max(20) }))
      .min(1)
      .max(20),
  }),
]) satisfies z.ZodType<InteractiveContent>;

/** What a platform takes (null: not offered there). */
export const InteractiveLimitsSchema = z.object({
  buttons: z.object({ maxChoices: z.number().int(), titleMax: z.number().int(), idMax: z.number().int(), idUnit: z.enum(['characters', 'utf16', 'bytes']).optional() }).nullable(),
  list: z
    .object({
      maxRows: z.number().int(),
      maxSections: z.number().int(),
      buttonMax: z.number().int(),
      sectionTitleMax: z.number().int(),
      rowTitleMax: z.number().int(),
      rowDescriptionMax: z.number().int(),
      descriptionRequired: z.boolean(),
      idMax: z.number().int(),
    })
    .nullable(),
  /** The text sent with the choices, counted in `unit` as `textLimit` is. */
  body: z.object({ max: z.number().int().positive(), unit: z.enum(['characters', 'utf16', 'bytes']) }),
}) satisfies z.ZodType<InteractiveLimits>;
