import fc from 'fast-check';
import { expect } from 'vitest';

/**
 * Fuzz runs are bounded and seeded so the suite stays fast and repeatable. To explore further:
 *   FUZZ_SEED=random FUZZ_RUNS=2000 npx vitest run test/fuzz
 * A failure prints the seed and the shrunk counterexample; pass that seed back to replay it.
 */
const seedEnv = process.env.FUZZ_SEED;
export const FUZZ = {
  seed: seedEnv === 'random' ? Date.now() % 2 ** 31 : Number(seedEnv ?? 20_251_121),
  numRuns: Number(process.env.FUZZ_RUNS ?? 60),
};
if (seedEnv === 'random') console.log(`fuzz seed ${FUZZ.seed}`);

export interface Answer {
  statusCode: number;
  body: string;
  headers: Record<string, unknown>;
}

/**
 * What every answer to garbage must be: an expected status (never a 5xx), and a body that says
 * nothing of snorq's insides (no stack frames, file paths, SQL or driver messages). A 4xx carries
 * the one error shape, `{ error: { code, message } }`.
 */
export function expectSafeAnswer(res: Answer, allowed: readonly number[], context: string): void {
  const where = `${context} → ${res.statusCode} ${res.body.slice(0, 300)}`;
  expect(allowed, where).toContain(res.statusCode);
  expect(res.body, where).not.toMatch(/\n\s+at |node_modules|\.ts:\d+|\.js:\d+|"stack"|SQLSTATE|syntax error at|relation "|violates|pg_|kysely/i);
  if (res.statusCode >= 400) {
    const parsed = JSON.parse(res.body) as { error?: { code?: unknown; message?: unknown } };
    expect(typeof parsed.error?.code, where).toBe('string');
    expect(typeof parsed.error?.message, where).toBe('string');
  }
}

/**
 * Text of any code points, with the troublemakers made common rather than one in a million: NUL
 * and lone surrogates (PostgreSQL cannot store them), bidi and BOM marks, quotes, backslashes,
 * percent-escapes and markup.
 */
export const weirdText = (maxPieces = 8): fc.Arbitrary<string> =>
  fc
    .array(
      fc.oneof(
        { weight: 6, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
        { weight: 1, arbitrary: fc.constantFrom('\u0000', '\ud800', '\udfff', '\u202e', '\ufeff', '😀', "'", '"', '\\', '%00', '<script>', '\r\n', '\u2028') },
      ),
      { maxLength: maxPieces },
    )
    .map((pieces) => pieces.join(''));
