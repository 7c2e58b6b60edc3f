import { z } from 'zod';
import { codedText, TEMPLATE_TEXT_CODES } from './server-texts.ts';

/** One value a template send needs; `key` names it in the send's `parameters` (src/channels/template-spec.ts). */
export const TemplateInputSchema = z.object({
  key: z.string(),
  component: z.enum(['header', 'body', 'button']),
  kind: z.enum(['text', 'image', 'video', 'document', 'filename', 'latitude', 'longitude', 'location_name', 'location_address', 'url_suffix', 'payload', 'coupon_code']),
  name: z.string().optional(),
  index: z.number().optional(),
  required: z.boolean(),
  label: z.string(),
  example: z.string().optional(),
  maxLength: z.number(),
});
export type TemplateInput = z.infer<typeof TemplateInputSchema>;

/** An approved message template of a channel, with the inputs a send needs. */
export const TemplateSchema = z.object({
  name: z.string(),
  language: z.string(),
  category: z.string(),
  status: z.string(),
  parameterFormat: z.enum(['POSITIONAL', 'NAMED']),
  header: z.object({ format: z.enum(['TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT', 'LOCATION']), text: z.string().optional() }).optional(),
  bodyText: z.string(),
  footerText: z.string().optional(),
  buttons: z.array(z.object({ type: z.string(), text: z.string(), url: z.string().optional() })),
  inputs: z.array(TemplateInputSchema),
  variableCount: z.number(),
  /** Twilio: the Content SID a send names. */
  contentSid: z.string().optional(),
  /** Why snorq cannot send it yet. */
  unsupported: z.string().optional(),
  unsupportedText: codedText(TEMPLATE_TEXT_CODES, '`unsupported` as a code and parameters').optional(),
});
export type Template = z.infer<typeof TemplateSchema>;

/** A channel's templates; `note` says why there are none (no templates on the platform, an id missing). */
export const ChannelTemplatesSchema = z.object({ templates: z.array(TemplateSchema), note: z.string().optional() });
export type ChannelTemplates = z.infer<typeof ChannelTemplatesSchema>;

export const TemplatesQuery = z.object({ refresh: z.enum(['true', 'false']).optional() });
