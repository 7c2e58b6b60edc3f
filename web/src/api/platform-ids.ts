import type { Platform } from './types.ts';

/**
 * The platforms the inbox offers in its filters, charts and connect buttons, in the registry's
 * order. Checked against the API contract's `Platform` (a name the server does not know is a type
 * error); GET /api/v1/platforms is where the full list, with names and colours, comes from.
 */
export const PLATFORMS = ['messenger', 'instagram', 'whatsapp', 'twilio', 'tiktok'] as const satisfies readonly Platform[];
