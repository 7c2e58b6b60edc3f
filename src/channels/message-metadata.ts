import { z } from 'zod';
import type { TemplateInput } from './template-spec.ts';
import type { OutboundTemplate } from './types.ts';

/**
 * `messages.metadata` is one JSON object per message holding two kinds of keys: the
 * platform-neutral ones core writes and reads (a reply's template and tag, a note's mentions,
 * edits, locations, cards: src/core/outbox/message-metadata.ts), and the facts one platform's
 * normaliser keeps (TikTok's conversation id, WhatsApp's button payload).
 * Each channel definition declares the second kind as `messageMetadata`, a zod object of optional
 * keys; core extends its own schema with it and parses a row's metadata where it reads it.
 */

/** One platform's metadata keys: every key optional (a message carries only those that apply). */
export type PlatformMetadataSchema = z.ZodObject<Record<string, z.ZodOptional<z.ZodType>>>;

const TemplateInputSchema = z.object({
  key: z.string(),
  component: z.enum(['header', 'body', 'button']),
  kind: z.enum(['text', 'image', 'video', 'document', 'filename', 'latitude', 'longitude', 'location_name', 'location_address', 'url_suffix', 'payload', 'coupon_code']),
  name: z.string().optional(),
  index: z.number().int().optional(),
  required: z.boolean(),
  label: z.string(),
  example: z.string().optional(),
  maxLength: z.number().int(),
}) satisfies z.ZodType<TemplateInput>;

/** The template a reply is sent with, as queue-reply.ts stores it under `metadata.template`. */
export const OutboundTemplateSchema = z.object({
  name: z.string().min(1),
  language: z.string().min(1),
  variables: z.array(z.string()).optional(),
  contentSid: z.string().optional(),
  parameters: z.record(z.string(), z.string()).optional(),
  inputs: z.array(TemplateInputSchema).optional(),
  parameterFormat: z.enum(['POSITIONAL', 'NAMED']).optional(),
}) satisfies z.ZodType<OutboundTemplate>;
