import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../../core/errors/app-error.ts';
import { isDatabaseUnavailable } from '../../db/database-errors.ts';
import { fieldIssues } from './field-reasons.ts';

/**
 * One error shape for every route: `{ error: { code, message, details? } }`. 5xx details stay in
 * the log; the client gets a generic message and the request id to quote. A database that cannot
 * be reached is a 503 (NOT_READY, Retry-After), like /readyz, not an internal error.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError | Error, req, reply) => {
    if (err instanceof AppError) {
      if (err.internal) req.log.warn({ code: err.code, internal: err.internal }, err.message);
      return reply.status(err.status).send({ error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      return reply.status(400).send({
        error: {
          code: 'VALIDATION_FAILED',
          message: 'the request is not valid',
          details: { issues: fieldIssues(err.validation) },
        },
      });
    }
    if (isDatabaseUnavailable(err)) {
      // Not a bug: the database is restarting or unreachable. Clients (and platforms) retry a 503.
      req.log.warn({ err: { message: err.message, code: (err as { code?: unknown }).code } }, 'database unavailable');
      return reply
        .status(503)
        .header('retry-after', '5')
        .send({ error: { code: 'NOT_READY', message: 'the database is unavailable right now; try again shortly' } });
    }
    if ((err as { code?: unknown }).code === '57014') {
      // query_canceled: the pool's statement timeout (DATABASE_STATEMENT_TIMEOUT_MS) cut it off.
      req.log.warn({ err: { message: err.message } }, 'database statement timed out');
      return reply
        .status(503)
        .header('retry-after', '5')
        .send({ error: { code: 'QUERY_TIMEOUT', message: 'the database took too long to answer this request; try again, or narrow it' } });
    }
    const status = 'statusCode' in err && typeof err.statusCode === 'number' ? err.statusCode : 500;
    if (status >= 500) {
      req.log.error({ err }, 'request failed');
      return reply.status(status).send({ error: { code: 'INTERNAL', message: `internal error (request ${req.id})` } });
    }
    // fastify's own 4xx (bad JSON, body too large, unsupported content type): safe, clear messages
    const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : status === 429 ? 'RATE_LIMITED' : 'BAD_REQUEST';
    return reply.status(status).send({ error: { code, message: err.message } });
  });
  app.setNotFoundHandler((req, reply) => reply.status(404).send({ error: { code: 'NOT_FOUND', message: `no route for ${req.method} ${req.url.split('?')[0]}` } }));
}
