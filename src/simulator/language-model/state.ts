/**
 * How the simulated model behaves for its next answers, set by tests (and `/_sim/language-model`):
 * - `error`: 500 in OpenAI's error shape; `rate_limit`: 429;
 * - `slow`: nothing is answered until `release()` (snorq's timeout decides, not a clock here);
 * - `pause`: the first piece of a streamed answer goes out, the rest waits for `release()`
 *   (a test sees the draft arrive in pieces without timing anything);
 * - `garbage`: control characters and no words; `long`: far over any platform's limit;
 * - `refuse`: a polite refusal instead of the task.
 * Each armed behaviour applies to `times` answers (oldest first), then the model answers normally.
 */
export const LANGUAGE_MODEL_MODES = ['error', 'rate_limit', 'slow', 'pause', 'garbage', 'long', 'refuse'] as const;
export type LanguageModelMode = (typeof LANGUAGE_MODEL_MODES)[number];

export class LanguageModelState {
  private armed: { mode: LanguageModelMode; times: number }[] = [];
  private held = new Set<() => void>();

  set(mode: LanguageModelMode, times = 1): void {
    this.armed.push({ mode, times });
  }

  /** The behaviour of this answer, used up. */
  take(): LanguageModelMode | null {
    const next = this.armed[0];
    if (!next) return null;
    next.times -= 1;
    if (next.times <= 0) this.armed.shift();
    return next.mode;
  }

  /** Resolves when the test lets held answers go. */
  hold(): Promise<void> {
    return new Promise((resolve) => this.held.add(resolve));
  }

  release(): number {
    const waiting = [...this.held];
    this.held.clear();
    for (const go of waiting) go();
    return waiting.length;
  }

  /** How many answers are held now (a test waits for its request to be held, not for a time). */
  heldCount(): number {
    return this.held.size;
  }

  clear(): void {
    this.armed = [];
    this.release();
  }
}
