/**
 * A streaming reader of EBML, the binary format under Matroska and WebM
 * (https://www.rfc-editor.org/rfc/rfc8794): each element is an ID (a variable-length integer that
 * keeps its marker bits), a size (a variable-length integer without them; all value bits set means
 * "unknown size") and a body. Masters hold other elements, leaves hold values.
 *
 * It reads the elements as the bytes arrive, so a recording is never held whole in memory: the
 * caller says, per element ID, whether to `descend` into it (only its header is consumed, its
 * children follow as ordinary elements), `read` it (its body is buffered and handed over; leaves
 * only, at most `maxLeafBytes`) or `skip` it (its body is dropped as it passes). Nesting is not
 * tracked: Matroska's IDs are unique across levels, and a browser's MediaRecorder writes its
 * Segment and Clusters with unknown sizes, which only a reader that does not count their ends can
 * follow anyway.
 */
export type EbmlAction = 'descend' | 'read' | 'skip';

export class EbmlFormatError extends Error {}

/** A variable-length integer at `at`: its length in bytes and value (null when `buf` ends first). */
export function readVint(buf: Buffer, at: number, keepMarker: boolean): { length: number; value: number; unknown: boolean } | null {
  if (at >= buf.length) return null;
  const first = buf[at]!;
  let length = 1;
  while (length <= 8 && (first & (0x80 >> (length - 1))) === 0) length++;
  if (length > 8) throw new EbmlFormatError('an EBML number has no length marker');
  if (at + length > buf.length) return null;
  const markerless = first & (0xff >> length);
  let value = keepMarker ? first : markerless;
  let allOnes = markerless === 0xff >> length;
  for (let i = 1; i < length; i++) {
    const byte = buf[at + i]!;
    // Multiplication, not shifts: sizes may pass 2^31 (bitwise operators work on 32 bits).
    value = value * 256 + byte;
    allOnes &&= byte === 0xff;
  }
  return { length, value, unknown: !keepMarker && allOnes };
}

/** An unsigned big-endian integer leaf (EBML allows 0 to 8 bytes). */
export function readUint(body: Buffer): number {
  let value = 0;
  for (const byte of body) value = value * 256 + byte;
  return value;
}

/** A signed big-endian integer leaf. */
export function readInt(body: Buffer): number {
  if (body.length === 0) return 0;
  const unsigned = readUint(body);
  return body[0]! & 0x80 ? unsigned - 2 ** (8 * body.length) : unsigned;
}

/** A float leaf (4 or 8 bytes; 0 bytes is 0). */
export function readFloat(body: Buffer): number {
  if (body.length === 4) return body.readFloatBE(0);
  if (body.length === 8) return body.readDoubleBE(0);
  if (body.length === 0) return 0;
  throw new EbmlFormatError(`a float element of ${body.length} bytes`);
}

export class EbmlStream {
  private pending: Buffer = Buffer.alloc(0);
  private skipping = 0;

  constructor(
    private readonly actionOf: (id: number) => EbmlAction,
    private readonly onLeaf: (id: number, body: Buffer) => void,
    private readonly maxLeafBytes: number,
  ) {}

  /** Feeds the next bytes; every element they complete is reported before it returns. */
  push(chunk: Buffer): void {
    if (this.skipping > 0) {
      const dropped = Math.min(this.skipping, chunk.length);
      this.skipping -= dropped;
      chunk = chunk.subarray(dropped);
    }
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    let at = 0;
    for (;;) {
      const used = this.element(at);
      if (used === 0) break;
      at += used;
    }
    this.pending = this.pending.subarray(at);
  }

  /** True when the bytes so far end between elements (a recording cut mid-element does not). */
  get atBoundary(): boolean {
    return this.pending.length === 0 && this.skipping === 0;
  }

  /** Handles the element starting at `at`; answers the bytes consumed (0: it needs more bytes). */
  private element(at: number): number {
    const id = readVint(this.pending, at, true);
    if (!id) return 0;
    const size = readVint(this.pending, at + id.length, false);
    if (!size) return 0;
    const header = id.length + size.length;
    const action = this.actionOf(id.value);
    if (action === 'descend') return header;
    if (size.unknown) throw new EbmlFormatError(`element 0x${id.value.toString(16)} has an unknown size`);
    if (action === 'skip') {
      const available = this.pending.length - at - header;
      if (available >= size.value) return header + size.value;
      this.skipping = size.value - available;
      return this.pending.length - at;
    }
    if (size.value > this.maxLeafBytes) throw new EbmlFormatError(`element 0x${id.value.toString(16)} is ${size.value} bytes long`);
    if (this.pending.length - at - header < size.value) return 0;
    this.onLeaf(id.value, this.pending.subarray(at + header, at + header + size.value));
    return header + size.value;
  }
}
