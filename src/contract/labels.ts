import { z } from 'zod';
import { Timestamp } from './common.ts';
import { schemaText } from './server-texts.ts';

/** A label name as conversations carry it (the same bounds as ConversationChange's labels). */
export const LabelName = z.string().trim().min(1, 'give the label a name').max(50, 'at most 50 characters');
/** A colour as `#rrggbb`. */
export const LabelColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, schemaText('schema.colour'));

/** An organisation label: conversations carry it by name. */
export const LabelSchema = z.object({
  id: z.number(),
  name: z.string(),
  color: z.string(),
  /** How many conversations carry it. */
  conversations: z.number(),
  createdAt: Timestamp,
});
export type Label = z.infer<typeof LabelSchema>;

export const LabelList = z.object({ labels: z.array(LabelSchema) });
export const OneLabel = z.object({ label: LabelSchema });
export const NewLabel = z.object({ name: LabelName, color: LabelColor.default('#6b7280') });
export const LabelChange = z.object({ name: LabelName.optional(), color: LabelColor.optional() }).refine((c) => c.name !== undefined || c.color !== undefined, schemaText('schema.nameOrColour'));
/** A label renamed or removed: how many conversations changed with it. */
export const LabelResult = z.object({ label: LabelSchema, relabeled: z.number() });
export const LabelDeleted = z.object({ ok: z.literal(true), relabeled: z.number() });
