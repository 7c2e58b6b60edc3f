import type { FastifyInstance } from 'fastify';
import { AppError } from '../../core/errors/app-error.ts';

/** How deep a JSON body may nest. snorq's own bodies reach 3 or 4 levels (a template's variables). */
export const MAX_JSON_DEPTH = 64;

/**
 * Whether `text` opens more than `max` arrays or objects inside one another. One pass over the
 * characters, no recursion, nothing allocated: it runs before JSON.parse, so a body of a million
 * `[` costs a scan, never a parse nor a recursive walk of what the parse built (the validators and
 * the unstorable-text check walk bodies recursively and would exhaust the stack).
 * Brackets inside strings do not count; an unbalanced body is left for JSON.parse to refuse.
 */
export function jsonNestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > max) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
  }
  return false;
}

/**
 * Replaces fastify's JSON parser for the scope it is called on with the same parser (prototype
 * poisoning refused as before) behind the depth check: too deep is a 400 `JSON_TOO_DEEP`. The size
 * is capped before this runs, by the route's or the server's body limit.
 */
export function parseJsonWithDepthLimit(app: FastifyInstance, maxDepth = MAX_JSON_DEPTH): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (jsonNestsDeeperThan(text, maxDepth)) {
      done(new AppError('JSON_TOO_DEEP', `the JSON body nests deeper than ${maxDepth} levels`), undefined);
      return;
    }
    parse(req, text, done);
  });
}
