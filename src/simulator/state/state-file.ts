import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

/**
 * What a real platform remembers between two of snorq's runs, kept in one JSON file when the
 * simulator is given one (`SimulatorOptions.stateFile`; npm start's sandbox:
 * `DATA_DIR/simulator-state.json`): conversations, their customers and reply windows, media,
 * subscriptions, and each platform's own memory (`SimulatedPlatform.memory`). Without a file the
 * simulator forgets everything when it stops, as tests want.
 *
 * Each part of the state is a `StateSection`: a schema its saved form must meet, how to save it,
 * how to take it back. A write replaces the file in one rename (never half-written), mode 0600
 * (it holds the customers' messages), at most once per `debounceMs` after a change and once more
 * when the simulator closes; `saveNow` writes at once, for a promise that must hold even if the
 * process dies next (ids a restart must never give again). Every write is synchronous, so two
 * writes never interleave and the file is always the newest snapshot.
 *
 * A file that cannot be read (not JSON, another version, a section that does not meet its
 * schema) is moved aside, with a warning that says where, and the simulator starts fresh: the
 * sandbox must start whatever is in the file.
 */

export const STATE_VERSION = 1;

export interface StateSection<T = unknown> {
  readonly schema: z.ZodType<T>;
  /** `final`: the last write of an orderly stop (what was reserved against a crash may be given back). */
  save(final: boolean): T;
  load(saved: T): void;
}

const Envelope = z.object({ version: z.number(), savedAt: z.number().optional(), sections: z.record(z.string(), z.unknown()) });

/** What `load` found: `restored` a file, `none` no file, `unreadable` a file moved aside (`movedTo`) for a fresh state. */
export type StateLoad = { outcome: 'none' } | { outcome: 'restored' } | { outcome: 'unreadable'; reason: string; movedTo?: string };

export class StateFile {
  private readonly sections = new Map<string, StateSection>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private failing = false;

  constructor(
    readonly path: string | undefined,
    private readonly warn: (msg: string) => void,
    private readonly debounceMs = 1000,
  ) {}

  get enabled(): boolean {
    return this.path !== undefined;
  }

  add<T>(name: string, section: StateSection<T>): void {
    if (this.sections.has(name)) throw new Error(`simulator: two state sections named ${name}`);
    this.sections.set(name, section as StateSection);
  }

  /** Something the file keeps changed: it is written within `debounceMs`. */
  changed(): void {
    if (!this.path || this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.saveNow();
    }, this.debounceMs);
    // A pending write never keeps a process alive; an orderly stop writes through close().
    this.timer.unref();
  }

  /** Write now (a reservation that must be on disk before the id it covers is given). */
  saveNow(final = false): void {
    if (!this.path || this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const sections = Object.fromEntries([...this.sections].map(([name, section]) => [name, section.save(final)]));
    const text = JSON.stringify({ version: STATE_VERSION, savedAt: Date.now(), sections });
    const temporary = `${this.path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      fs.writeFileSync(temporary, text, { mode: 0o600, flag: 'wx' });
      fs.renameSync(temporary, this.path);
      this.failing = false;
    } catch (err) {
      fs.rmSync(temporary, { force: true });
      // Said once until a write succeeds again: the simulator goes on, it only forgets more at the next start.
      if (!this.failing) this.warn(`simulator: could not write its state to ${this.path} (${(err as Error).message}); a restart will forget what changed since`);
      this.failing = true;
    }
  }

  /** The last write, on an orderly stop; nothing is written after it. */
  close(): void {
    if (!this.path || this.closed) return;
    this.saveNow(true);
    this.closed = true;
  }

  /** Take the file's state back into every section (all of them, or none: a file that fails in part starts fresh). */
  load(): StateLoad {
    if (!this.path) return { outcome: 'none' };
    let read: ReturnType<StateFile['parse']>;
    try {
      read = this.parse(fs.readFileSync(this.path, 'utf8'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { outcome: 'none' };
      read = { reason: `it cannot be read: ${(err as Error).message}` };
    }
    if ('reason' in read) {
      const movedTo = `${this.path}.unreadable-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      let moved: string | undefined;
      try {
        fs.renameSync(this.path, movedTo);
        moved = movedTo;
      } catch (err) {
        // Still a start: the next write replaces it, or fails and says so.
        this.warn(`simulator: ${this.path} could not be moved aside either (${(err as Error).message})`);
      }
      this.warn(
        `simulator: ${this.path} is not a state this simulator can read (${read.reason}); ${moved ? `it was moved to ${moved}` : 'it was left in place'}, and the simulated platforms start with a fresh state (they have forgotten their conversations, reply windows and chats until the customers write again)`,
      );
      return { outcome: 'unreadable', reason: read.reason, ...(moved && { movedTo: moved }) };
    }
    for (const [name, section] of this.sections) if (read.sections.has(name)) section.load(read.sections.get(name));
    return { outcome: 'restored' };
  }

  private parse(text: string): { sections: Map<string, unknown> } | { reason: string } {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      return { reason: `not JSON: ${(err as Error).message}` };
    }
    const envelope = Envelope.safeParse(raw);
    if (!envelope.success) return { reason: `not a simulator state: ${z.prettifyError(envelope.error).replace(/\n/g, ' ')}` };
    if (envelope.data.version !== STATE_VERSION) return { reason: `version ${envelope.data.version}, this simulator reads version ${STATE_VERSION}` };
    const sections = new Map<string, unknown>();
    for (const [name, section] of this.sections) {
      if (!(name in envelope.data.sections)) continue;
      const parsed = section.schema.safeParse(envelope.data.sections[name]);
      if (!parsed.success) return { reason: `its ${name} ${z.prettifyError(parsed.error).replace(/\n/g, ' ')}` };
      sections.set(name, parsed.data);
    }
    return { sections };
  }
}
