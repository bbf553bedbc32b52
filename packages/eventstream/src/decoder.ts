// Incremental decoder: push byte chunks of any size, pull complete messages.
//
// Cost model (why it is shaped this way):
// - Chunks are queued, never concatenated on arrival, so 1-byte pushes do not
//   re-copy the buffered prefix each time (no quadratic copying).
// - A message lying entirely inside one chunk is decoded from a view of that
//   chunk (zero copy): the common case of a network read holding whole frames.
// - A message spanning chunks is copied exactly once into a buffer of its
//   exact size, known from the prelude.
// - The prelude CRC is checked as soon as 12 bytes are there, so a corrupt
//   length is reported at once instead of waiting for bytes that never come.
import { DecodedFrame, MAX_HEADERS_LENGTH, MAX_MESSAGE_LENGTH, MIN_MESSAGE_LENGTH, PRELUDE_LENGTH, readFrame, readPrelude, type EventMessage, type Prelude } from "./codec.js";
import { crc32Update } from "./crc32.js";
import { EventStreamTruncatedError } from "./errors.js";

export interface MessageDecoderOptions {
  /** Reject frames longer than this (default and format maximum: 16 MiB). */
  maxMessageLength?: number;
}

export class MessageDecoder {
  private readonly chunks: Uint8Array[] = [];
  /** index of the first live chunk in `chunks` (avoids O(n) shift()) */
  private head = 0;
  /** read position inside chunks[head] */
  private offset = 0;
  private buffered = 0;
  /** prelude of the message being assembled, once validated */
  private prelude: Prelude | undefined;
  /** decoding errors are sticky: after one, the stream position is meaningless */
  private failure: unknown;
  private readonly maxMessageLength: number;
  /** next() reads into this, then builds the message */
  private scratch: DecodedFrame | undefined;

  constructor(options: MessageDecoderOptions = {}) {
    this.maxMessageLength = options.maxMessageLength ?? MAX_MESSAGE_LENGTH;
  }

  /** Bytes received but not yet returned as messages. */
  get bufferedBytes(): number {
    return this.buffered;
  }

  /** Total length of the partially received message, once its prelude has been validated. */
  get pendingMessageLength(): number | undefined {
    return this.prelude?.totalLength;
  }

  /** Queues a chunk (it is not copied; do not mutate it afterwards). */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    // Normalise Buffers to plain Uint8Array views so message bodies are plain too.
    const view =
      chunk.constructor === Uint8Array ? chunk : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.chunks.push(view);
    this.buffered += view.length;
  }

  /**
   * The next complete message, or null if more bytes are needed.
   * Throws EventStreamDecodeError on corrupt input (and keeps throwing it).
   */
  next(): EventMessage | null {
    const frame = (this.scratch ??= new DecodedFrame());
    return this.nextInto(frame) ? frame.message() : null;
  }

  /**
   * Like next(), into `frame` without building the message (see DecodedFrame): true when a frame
   * was read, false if more bytes are needed. This is what typed event decoding reads with.
   */
  nextInto(frame: DecodedFrame): boolean {
    if (this.failure !== undefined) throw this.failure;
    // Fast path: a whole frame in the first chunk (a network read normally holds many) with a sound
    // prelude. It is decoded from a view of the chunk, without a Prelude object; anything else
    // (a frame across chunks, a bad prelude to report) takes the general path below.
    if (this.prelude === undefined) {
      const first = this.chunks[this.head];
      const off = this.offset;
      if (first !== undefined && first.length - off >= PRELUDE_LENGTH) {
        const total = u32(first, off);
        const headersLength = u32(first, off + 4);
        if (
          total <= first.length - off &&
          total >= MIN_MESSAGE_LENGTH &&
          total <= this.maxMessageLength &&
          headersLength <= MAX_HEADERS_LENGTH &&
          headersLength <= total - MIN_MESSAGE_LENGTH &&
          crc32Update(0, first, off, off + 8) === u32(first, off + 8)
        ) {
          // chunks are plain Uint8Arrays (push normalises them): a direct view, cheaper than subarray()
          const bytes = new Uint8Array(first.buffer, first.byteOffset + off, total);
          this.offset = off + total;
          this.buffered -= total;
          if (this.offset === first.length) this.dropHead();
          try {
            readFrame(bytes, headersLength, frame);
            return true;
          } catch (err) {
            this.failure = err;
            throw err;
          }
        }
      }
    }
    try {
      if (this.prelude === undefined) {
        if (this.buffered < PRELUDE_LENGTH) return false;
        const first = this.chunks[this.head]!;
        this.prelude =
          first.length - this.offset >= PRELUDE_LENGTH
            ? readPrelude(first, this.offset, this.maxMessageLength)
            : readPrelude(this.peek(PRELUDE_LENGTH), 0, this.maxMessageLength);
      }
      const { totalLength, headersLength } = this.prelude;
      if (this.buffered < totalLength) return false;
      const bytes = this.take(totalLength);
      this.prelude = undefined;
      readFrame(bytes, headersLength, frame);
      return true;
    } catch (err) {
      this.failure = err;
      throw err;
    }
  }

  /** Pushes a chunk and returns every message it completed. */
  decode(chunk: Uint8Array): EventMessage[] {
    this.push(chunk);
    const out: EventMessage[] = [];
    for (let m = this.next(); m !== null; m = this.next()) out.push(m);
    return out;
  }

  /**
   * Declares the end of the stream. Throws EventStreamTruncatedError if a
   * partial message is buffered (call next() until null first).
   */
  end(): void {
    if (this.failure !== undefined) throw this.failure;
    if (this.buffered > 0) {
      // Size the error with the prelude if we have read it; an unvalidated
      // partial prelude's length is not trustworthy.
      let expected = this.prelude?.totalLength;
      if (expected === undefined && this.buffered >= PRELUDE_LENGTH) {
        try {
          expected = readPrelude(this.peek(PRELUDE_LENGTH), 0, this.maxMessageLength).totalLength;
        } catch (err) {
          this.failure = err;
          throw err;
        }
      }
      this.failure = new EventStreamTruncatedError(this.buffered, expected);
      throw this.failure;
    }
  }

  /** Copies the first n buffered bytes without consuming them (n is small). */
  private peek(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let filled = 0;
    let off = this.offset;
    for (let i = this.head; filled < n; i++) {
      const c = this.chunks[i]!;
      const k = Math.min(n - filled, c.length - off);
      out.set(c.subarray(off, off + k), filled);
      filled += k;
      off = 0;
    }
    return out;
  }

  /** Consumes n bytes; zero-copy when they all lie in the first chunk. */
  private take(n: number): Uint8Array {
    const first = this.chunks[this.head]!;
    let out: Uint8Array;
    if (first.length - this.offset >= n) {
      out = first.subarray(this.offset, this.offset + n);
      this.offset += n;
      if (this.offset === first.length) this.dropHead();
    } else {
      out = new Uint8Array(n);
      let filled = 0;
      while (filled < n) {
        const c = this.chunks[this.head]!;
        const k = Math.min(n - filled, c.length - this.offset);
        out.set(c.subarray(this.offset, this.offset + k), filled);
        filled += k;
        this.offset += k;
        if (this.offset === c.length) this.dropHead();
      }
    }
    this.buffered -= n;
    return out;
  }

  private dropHead(): void {
    this.chunks[this.head] = undefined as unknown as Uint8Array; // let it be collected
    this.head++;
    this.offset = 0;
    if (this.head === this.chunks.length) {
      this.chunks.length = 0;
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.chunks.length) {
      this.chunks.splice(0, this.head);
      this.head = 0;
    }
  }
}

const u32 = (b: Uint8Array, o: number) => ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
