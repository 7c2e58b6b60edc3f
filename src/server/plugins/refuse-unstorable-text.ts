import type { FastifyInstance } from 'fastify';
import { AppError } from '../../core/errors/app-error.ts';
import { storableText } from '../../db/storable-text.ts';

/**
 * PostgreSQL cannot store U+0000 in text, nor a lone surrogate in jsonb: a request carrying one
 * would fail at the database with a 500. It is refused before any route sees it, with a 400 that
 * says why. (Webhooks are raw bytes and are made storable at ingest instead: a customer's message
 * is never refused for its content.)
 */
export function refuseUnstorableText(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    const where = unstorableIn(req.params) ? 'path' : unstorableIn(req.query) ? 'query string' : unstorableIn(req.body) ? 'body' : undefined;
    if (where) throw new AppError('VALIDATION_FAILED', `the ${where} contains text that cannot be stored (a NUL character or an unpaired surrogate)`);
  });
}

function unstorableIn(value: unknown): boolean {
  if (typeof value === 'string') return storableText(value) !== value;
  if (Array.isArray(value)) return value.some(unstorableIn);
  if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
    return Object.entries(value).some(([k, v]) => unstorableIn(k) || unstorableIn(v));
  }
  return false;
}
