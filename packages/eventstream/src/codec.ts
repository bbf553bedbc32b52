// Pure codec for application/vnd.amazon.eventstream: one binary frame <-> one
// message. No I/O here; the incremental decoder lives in decoder.ts.
//
// Frame layout (all integers big-endian):
//   [total length u32][headers length u32][prelude CRC u32]   <- 12-byte prelude
//   [headers ...][payload ...]
//   [message CRC u32]                                           <- over everything before it
// Header: [name length u8][name utf-8][type u8][value...]
import { crc32, crc32Update } from "./crc32.js";
import { EventStreamDecodeError, EventStreamEncodeError } from "./errors.js";

/**
 * A header value together with its wire type. The type is kept (rather than
 * flattening to plain JS values) because the wire distinguishes byte / short /
 * integer / long and bytes / uuid, and a decode -> encode round-trip must not
 * change the bytes.
 *
 * Representation choices:
 * - `long` is a `bigint`: int64 does not fit a JS number above 2^53, and a
 *   silent precision loss in a header is worse than a slightly less handy type.
 *   (The encoder also accepts a safe-integer `number` for convenience.)
 * - `timestamp` is a `Date` (int64 milliseconds since the epoch on the wire).
 * - `uuid` is the canonical lowercase 8-4-4-4-12 hex string.
 * - `binary` is a plain `Uint8Array`.
 */
export type HeaderValue =
  | { type: "boolean"; value: boolean }
  | { type: "byte"; value: number }
  | { type: "short"; value: number }
  | { type: "integer"; value: number }
  | { type: "long"; value: bigint }
  | { type: "binary"; value: Uint8Array }
  | { type: "string"; value: string }
  | { type: "timestamp"; value: Date }
  | { type: "uuid"; value: string };

export type HeaderType = HeaderValue["type"];

/** What the encoder accepts: a HeaderValue, or a `long` given as a number. */
export type HeaderInput = HeaderValue | { type: "long"; value: number };

export type MessageHeaders = Record<string, HeaderValue>;

/** One decoded frame. */
export interface EventMessage {
  headers: MessageHeaders;
  body: Uint8Array;
}

/** Constructors for typed header values, e.g. `{ ":event-type": Header.string("Foo") }`. */
export const Header = {
  boolean: (value: boolean): HeaderValue => ({ type: "boolean", value }),
  byte: (value: number): HeaderValue => ({ type: "byte", value }),
  short: (value: number): HeaderValue => ({ type: "short", value }),
  integer: (value: number): HeaderValue => ({ type: "integer", value }),
  long: (value: bigint | number): HeaderValue => ({ type: "long", value: BigInt(value) }),
  binary: (value: Uint8Array): HeaderValue => ({ type: "binary", value }),
  string: (value: string): HeaderValue => ({ type: "string", value }),
  timestamp: (value: Date): HeaderValue => ({ type: "timestamp", value }),
  uuid: (value: string): HeaderValue => ({ type: "uuid", value }),
} as const;

// Wire type tags. Booleans have no value bytes: the tag itself is the value.
const T_TRUE = 0,
  T_FALSE = 1,
  T_BYTE = 2,
  T_SHORT = 3,
  T_INT = 4,
  T_LONG = 5,
  T_BYTES = 6,
  T_STRING = 7,
  T_TIMESTAMP = 8,
  T_UUID = 9;

export const PRELUDE_LENGTH = 12;
const CRC_LENGTH = 4;
/** Smallest possible frame: prelude + message CRC, no headers, no payload. */
export const MIN_MESSAGE_LENGTH = PRELUDE_LENGTH + CRC_LENGTH;
/** Largest frame the format allows (16 MiB), used as the decoder's default bound. */
export const MAX_MESSAGE_LENGTH = 16 * 1024 * 1024;
/** Largest headers section the format allows (128 KiB). */
export const MAX_HEADERS_LENGTH = 128 * 1024;
/** String and byte-array header values carry an int16 length. */
const MAX_HEADER_VALUE_LENGTH = 0x7fff;

const utf8Decoder = new TextDecoder("utf-8", { fatal: true });
const utf8Encoder = new TextEncoder();

const hex = (n: number) => "0x" + (n >>> 0).toString(16).padStart(8, "0");

/** The 12-byte prelude of a frame. */
export interface Prelude {
  totalLength: number;
  headersLength: number;
  preludeCrc: number;
}

/**
 * Reads and validates a prelude starting at `offset` (12 bytes must be there).
 * The CRC is checked *before* the lengths are trusted: a corrupted length
 * would otherwise make a decoder wait forever for bytes that never come.
 */
export function readPrelude(bytes: Uint8Array, offset = 0, maxMessageLength = MAX_MESSAGE_LENGTH): Prelude {
  const totalLength = u32(bytes, offset);
  const headersLength = u32(bytes, offset + 4);
  const preludeCrc = u32(bytes, offset + 8);
  const computed = crc32(bytes.subarray(offset, offset + 8));
  if (computed !== preludeCrc) {
    throw new EventStreamDecodeError(
      "PreludeCrcMismatch",
      `Prelude checksum mismatch: expected ${hex(preludeCrc)} (stored in the prelude), computed ${hex(computed)}`,
    );
  }
  if (totalLength < MIN_MESSAGE_LENGTH) {
    throw new EventStreamDecodeError(
      "InvalidLength",
      `Invalid message length: total length ${totalLength} is below the minimum of ${MIN_MESSAGE_LENGTH}`,
    );
  }
  if (totalLength > maxMessageLength) {
    throw new EventStreamDecodeError(
      "InvalidLength",
      `Invalid message length: total length ${totalLength} exceeds the maximum of ${maxMessageLength}`,
    );
  }
  if (headersLength > MAX_HEADERS_LENGTH) {
    throw new EventStreamDecodeError(
      "HeadersTooLong",
      `Headers too long: headers length ${headersLength} exceeds the maximum of ${MAX_HEADERS_LENGTH}`,
    );
  }
  if (headersLength > totalLength - MIN_MESSAGE_LENGTH) {
    throw new EventStreamDecodeError(
      "InvalidLength",
      `Invalid headers length: ${headersLength} does not fit in a message of total length ${totalLength} (at most ${totalLength - MIN_MESSAGE_LENGTH})`,
    );
  }
  return { totalLength, headersLength, preludeCrc };
}

/**
 * Decodes exactly one frame. `bytes` must be the whole frame, no more, no less
 * (use MessageDecoder for a stream). The returned body is a view into `bytes`
 * (no copy).
 */
export function decodeMessage(bytes: Uint8Array, maxMessageLength = MAX_MESSAGE_LENGTH): EventMessage {
  if (bytes.length < PRELUDE_LENGTH) {
    throw new EventStreamDecodeError(
      "InvalidLength",
      `Invalid message length: ${bytes.length} byte(s) cannot hold a ${PRELUDE_LENGTH}-byte prelude`,
    );
  }
  const prelude = readPrelude(bytes, 0, maxMessageLength);
  if (prelude.totalLength !== bytes.length) {
    throw new EventStreamDecodeError(
      "InvalidLength",
      `Invalid message length: the prelude says ${prelude.totalLength} byte(s), the frame has ${bytes.length}`,
    );
  }
  return decodeFrame(bytes, prelude.headersLength);
}

/**
 * Decodes a frame whose prelude has already been validated by readPrelude and
 * whose length equals the prelude's total length.
 */
export function decodeFrame(bytes: Uint8Array, headersLength: number): EventMessage {
  const frame = (scratch ??= new DecodedFrame());
  readFrame(bytes, headersLength, frame);
  return frame.message();
}

/**
 * One frame, checksums verified, read without building its message: the routing headers
 * (`:message-type`, `:event-type`, `:exception-type`) and a view of the body are at hand at once;
 * the full `{ headers, body }` message is built only when asked for (`message()`).
 *
 * Why: a stream's frames repeat a few headers sections byte for byte, and a typed event needs only
 * the routing headers and the body. Building a headers object and a `{ type, value }` object per
 * header for every frame, to read two strings, cost ~10% of decoding a ConverseStream event.
 *
 * Meant to be reused: `MessageDecoder.nextInto(frame)` fills the same object frame after frame, so
 * read what you need (or call `message()`) before the next fill.
 */
export class DecodedFrame {
  /** `:message-type` when it is a string header, else undefined */
  messageType: string | undefined = undefined;
  /** `:event-type` when it is a string header, else undefined */
  eventType: string | undefined = undefined;
  /** `:exception-type` when it is a string header, else undefined */
  exceptionType: string | undefined = undefined;
  /** the whole frame; the payload is bytes[bodyStart, bodyEnd) */
  bytes: Uint8Array = EMPTY_BYTES;
  bodyStart = 0;
  bodyEnd = 0;
  /** the decoded headers section shared with identical sections, or the frame's own parsed headers */
  private section: HeaderSection | MessageHeaders = EMPTY_SECTION;
  private bodyView: Uint8Array | undefined = undefined;

  /** The payload: a view into the frame (no copy), made when first asked for. */
  get body(): Uint8Array {
    if (this.bodyView !== undefined) return this.bodyView;
    const b = this.bytes;
    // subarray() looks up the species constructor; for a plain Uint8Array the direct view is the same, at half the cost
    return (this.bodyView =
      b.constructor === Uint8Array ? new Uint8Array(b.buffer, b.byteOffset + this.bodyStart, this.bodyEnd - this.bodyStart) : b.subarray(this.bodyStart, this.bodyEnd));
  }

  /** The frame as a message: a fresh headers object (and fresh `{ type, value }` objects) each call. */
  message(): EventMessage {
    const s = this.section;
    return { headers: s instanceof HeaderSection ? s.headers() : s, body: this.body };
  }

  /** @internal filled by readFrame */
  set(section: HeaderSection | MessageHeaders, bytes: Uint8Array, bodyStart: number, bodyEnd: number): void {
    this.section = section;
    this.bytes = bytes;
    this.bodyStart = bodyStart;
    this.bodyEnd = bodyEnd;
    this.bodyView = undefined;
    if (section instanceof HeaderSection) {
      this.messageType = section.messageType;
      this.eventType = section.eventType;
      this.exceptionType = section.exceptionType;
    } else {
      this.messageType = stringHeader(section, ":message-type");
      this.eventType = stringHeader(section, ":event-type");
      this.exceptionType = stringHeader(section, ":exception-type");
    }
  }
}

const EMPTY_BYTES = new Uint8Array(0);
let scratch: DecodedFrame | undefined;

/** Like decodeFrame, into `frame` (see DecodedFrame). */
export function readFrame(bytes: Uint8Array, headersLength: number, frame: DecodedFrame): void {
  const end = bytes.length - CRC_LENGTH;
  const stored = u32(bytes, end);
  // One native pass over the whole frame, stored checksum included, and no view to allocate:
  // continuing a CRC over fixed bytes is a bijection of the CRC state, so crc(data ++ s) equals
  // crc32Update(stored, s) exactly when crc(data) equals stored.
  if (crc32(bytes) !== crc32Update(stored, bytes, end, end + CRC_LENGTH)) {
    const computed = crc32(bytes.subarray(0, end));
    throw new EventStreamDecodeError(
      "MessageCrcMismatch",
      `Message checksum mismatch: expected ${hex(stored)} (stored at the end of the message), computed ${hex(computed)}`,
    );
  }
  const headersEnd = PRELUDE_LENGTH + headersLength;
  frame.set(sectionOf(bytes, PRELUDE_LENGTH, headersEnd), bytes, headersEnd, end);
}

function stringHeader(headers: MessageHeaders, name: string): string | undefined {
  const h = Object.hasOwn(headers, name) ? headers[name] : undefined;
  return h?.type === "string" ? h.value : undefined;
}

// Big-endian integer reads by hand: cheaper than allocating a DataView per
// message, which showed up as the top cost when profiling small frames.
const u32 = (b: Uint8Array, o: number) => ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
const i32 = (b: Uint8Array, o: number) => (b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!;
const u16 = (b: Uint8Array, o: number) => (b[o]! << 8) | b[o + 1]!;
const i16 = (b: Uint8Array, o: number) => (u16(b, o) << 16) >> 16;
const i64 = (b: Uint8Array, o: number) => (BigInt(i32(b, o)) << 32n) | BigInt(u32(b, o + 4));
/** int64 as a number; exact for every Date-representable millisecond value (|ms| < 2^53). */
const i64n = (b: Uint8Array, o: number) => i32(b, o) * 4294967296 + u32(b, o + 4);

/**
 * A headers section decoded once and shared by every frame that repeats it byte for byte. Only
 * sections whose values are immutable (strings, numbers, booleans, bigints) are shared; `headers()`
 * gives each message its own headers object and its own `{ type, value }` objects.
 */
class HeaderSection {
  readonly messageType: string | undefined;
  readonly eventType: string | undefined;
  readonly exceptionType: string | undefined;

  constructor(
    /** a copy of the section's bytes (undefined for the empty section) */
    readonly bytes: Buffer | undefined,
    private readonly names: string[],
    private readonly values: HeaderValue[],
  ) {
    const str = (name: string) => {
      const i = names.indexOf(name);
      const v = i < 0 ? undefined : values[i]!;
      return v?.type === "string" ? v.value : undefined;
    };
    this.messageType = str(":message-type");
    this.eventType = str(":event-type");
    this.exceptionType = str(":exception-type");
  }

  headers(): MessageHeaders {
    const { names, values } = this;
    const headers: MessageHeaders = {};
    for (let i = 0; i < names.length; i++) {
      const v = values[i]!;
      headers[names[i]!] = { type: v.type, value: v.value } as HeaderValue;
    }
    return headers;
  }
}

const EMPTY_SECTION = new HeaderSection(undefined, [], []);

/**
 * Headers sections recently decoded, by their bytes: the messages of a stream repeat a handful of
 * sections (":event-type" x, ":content-type", ":message-type" event), so a section seen before is
 * found by a hash of a few bytes and one native compare instead of being parsed again.
 */
const SECTION_MAX_LENGTH = 512;
const SECTION_SLOTS = 16;
const sections: (HeaderSection | undefined)[] = new Array(SECTION_SLOTS).fill(undefined);

/** The shared section for bytes[start, end), or the section's own parsed headers when it cannot be shared. */
function sectionOf(bytes: Uint8Array, start: number, end: number): HeaderSection | MessageHeaders {
  const len = end - start;
  if (len === 0) return EMPTY_SECTION;
  if (len > SECTION_MAX_LENGTH) return parseHeaders(bytes, start, end);
  const slot = (len + bytes[start + (len >> 1)]! * 7 + bytes[end - 1]! * 131) & (SECTION_SLOTS - 1);
  const seen = sections[slot];
  // a native compare beats a JS byte loop from a few dozen bytes on (a section is ~50-100)
  if (seen !== undefined && seen.bytes!.length === len && seen.bytes!.compare(bytes, start, end) === 0) return seen;
  const headers = parseHeaders(bytes, start, end);
  const names = Object.keys(headers);
  const values: HeaderValue[] = [];
  for (const name of names) {
    const v = headers[name]!;
    // mutable values (Date, Uint8Array) are never shared; "__proto__" needs defineProperty
    if (v.type === "timestamp" || v.type === "binary" || name === "__proto__") return headers;
    values.push({ type: v.type, value: v.value } as HeaderValue); // a copy: the caller owns `v`
  }
  const section = new HeaderSection(Buffer.from(bytes.subarray(start, end)), names, values);
  sections[slot] = section;
  return section;
}

function parseHeaders(bytes: Uint8Array, start: number, end: number): MessageHeaders {
  // Hot path (runs for every message): plain loop, no per-call closures.
  const headers: MessageHeaders = {};
  let p = start;
  while (p < end) {
    const nameLen = bytes[p++]!;
    if (nameLen === 0) throw headerError(`empty name at offset ${p - 1}`);
    if (p + nameLen + 1 > end) throw overrun(p, nameLen + 1, end, "name and type");
    const name = utf8(bytes, p, p + nameLen, "name");
    p += nameLen;
    const type = bytes[p++]!;
    let value: HeaderValue;
    const size = FIXED_SIZE[type];
    if (size !== undefined && p + size > end) throw overrun(p, size, end, `value of header "${name}"`);
    switch (type) {
      case T_TRUE:
        value = { type: "boolean", value: true };
        break;
      case T_FALSE:
        value = { type: "boolean", value: false };
        break;
      case T_BYTE:
        value = { type: "byte", value: (bytes[p]! << 24) >> 24 };
        break;
      case T_SHORT:
        value = { type: "short", value: i16(bytes, p) };
        break;
      case T_INT:
        value = { type: "integer", value: i32(bytes, p) };
        break;
      case T_LONG:
        value = { type: "long", value: i64(bytes, p) };
        break;
      case T_TIMESTAMP:
        value = { type: "timestamp", value: new Date(i64n(bytes, p)) };
        break;
      case T_UUID:
        value = { type: "uuid", value: formatUuid(bytes.subarray(p, p + 16)) };
        break;
      case T_BYTES:
      case T_STRING: {
        if (p + 2 > end) throw overrun(p, 2, end, `value length of header "${name}"`);
        const len = u16(bytes, p);
        p += 2;
        if (p + len > end) throw overrun(p, len, end, `value of header "${name}"`);
        // Copy header bytes: they are small, and a copy lets the frame be freed.
        value =
          type === T_BYTES
            ? { type: "binary", value: bytes.slice(p, p + len) }
            : { type: "string", value: utf8(bytes, p, p + len, `value of header "${name}"`) };
        p += len;
        break;
      }
      default:
        throw headerError(`unknown type ${type} for header "${name}" (expected 0-9)`);
    }
    if (size !== undefined) p += size;
    // A header literally named "__proto__" must become a property, not replace the prototype.
    if (name === "__proto__") Object.defineProperty(headers, name, { value, enumerable: true, writable: true, configurable: true });
    else headers[name] = value;
  }
  return headers;
}

/** Value sizes of the fixed-size header types (bytes and string are length-prefixed instead). */
const FIXED_SIZE: Record<number, number> = {
  [T_TRUE]: 0,
  [T_FALSE]: 0,
  [T_BYTE]: 1,
  [T_SHORT]: 2,
  [T_INT]: 4,
  [T_LONG]: 8,
  [T_TIMESTAMP]: 8,
  [T_UUID]: 16,
};

const headerError = (what: string) => new EventStreamDecodeError("InvalidHeader", `Invalid header: ${what}`);
const overrun = (p: number, n: number, end: number, what: string) =>
  headerError(`${what} needs ${n} byte(s) at offset ${p}, but the headers section ends at ${end}`);

/**
 * Strict UTF-8 decode of bytes[start, end). Header names and most header
 * values are short ASCII strings repeated in every message (":message-type",
 * "event", ":content-type", ...), so short ASCII strings go through a small
 * intern table: a hash-and-compare over a dozen bytes costs a fraction of
 * building a new string each time, which profiling showed as the main per-
 * message cost for small frames.
 */
function utf8(bytes: Uint8Array, start: number, end: number, what: string): string {
  const len = end - start;
  if (len <= INTERN_MAX_LENGTH) {
    let h = len;
    let ascii = true;
    for (let i = start; i < end; i++) {
      const b = bytes[i]!;
      if (b >= 0x80) {
        ascii = false;
        break;
      }
      h = (Math.imul(h, 31) + b) | 0;
    }
    if (ascii) {
      const slot = h & (INTERN_SLOTS - 1);
      const hit = internBytes[slot];
      if (hit !== undefined && hit.length === len) {
        let same = true;
        for (let i = 0; i < len; i++) {
          if (hit[i] !== bytes[start + i]) {
            same = false;
            break;
          }
        }
        if (same) return internStrings[slot]!;
      }
      const str = String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
      internBytes[slot] = bytes.slice(start, end);
      internStrings[slot] = str;
      return str;
    }
  }
  try {
    return utf8Decoder.decode(bytes.subarray(start, end));
  } catch {
    throw headerError(`${what} is not valid UTF-8`);
  }
}
const INTERN_MAX_LENGTH = 32;
const INTERN_SLOTS = 256;
const internBytes: (Uint8Array | undefined)[] = new Array(INTERN_SLOTS).fill(undefined);
const internStrings: (string | undefined)[] = new Array(INTERN_SLOTS).fill(undefined);

function formatUuid(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) s += "-";
    s += b[i]!.toString(16).padStart(2, "0");
  }
  return s;
}

function parseUuid(s: string, name: string): Uint8Array {
  const h = s.replace(/-/g, "");
  if (!/^[0-9a-fA-F]{32}$/.test(h)) {
    throw new EventStreamEncodeError(`Header "${name}": "${s}" is not a UUID (32 hex digits, optionally hyphenated)`);
  }
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = parseInt(h.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function checkInt(name: string, v: number, bits: number) {
  const lim = 2 ** (bits - 1);
  if (!Number.isInteger(v) || v < -lim || v >= lim) {
    throw new EventStreamEncodeError(`Header "${name}": ${v} is not a ${bits}-bit signed integer`);
  }
}

const MIN_LONG = -(2n ** 63n),
  MAX_LONG = 2n ** 63n - 1n;

/** Encodes one message into a complete frame (prelude, headers, body, CRCs). */
export function encodeMessage(message: { headers?: Record<string, HeaderInput>; body?: Uint8Array }): Uint8Array {
  const body = message.body ?? new Uint8Array(0);
  // Pass 1: turn every header into its exact wire bytes (sizes vary), pass 2: copy.
  const parts: Uint8Array[] = [];
  let headersLength = 0;
  for (const [name, h] of Object.entries(message.headers ?? {})) {
    const nameBytes = utf8Encoder.encode(name);
    if (nameBytes.length === 0 || nameBytes.length > 255) {
      throw new EventStreamEncodeError(`Header name "${name}" must be 1-255 UTF-8 bytes, got ${nameBytes.length}`);
    }
    const v = encodeHeaderValue(name, h);
    const part = new Uint8Array(1 + nameBytes.length + v.length);
    part[0] = nameBytes.length;
    part.set(nameBytes, 1);
    part.set(v, 1 + nameBytes.length);
    parts.push(part);
    headersLength += part.length;
  }
  if (headersLength > MAX_HEADERS_LENGTH) {
    throw new EventStreamEncodeError(`Headers too long: ${headersLength} bytes, the maximum is ${MAX_HEADERS_LENGTH}`);
  }
  const totalLength = MIN_MESSAGE_LENGTH + headersLength + body.length;
  if (totalLength > MAX_MESSAGE_LENGTH) {
    throw new EventStreamEncodeError(`Message too long: ${totalLength} bytes, the maximum is ${MAX_MESSAGE_LENGTH}`);
  }
  const out = new Uint8Array(totalLength);
  const view = new DataView(out.buffer);
  view.setUint32(0, totalLength);
  view.setUint32(4, headersLength);
  view.setUint32(8, crc32(out.subarray(0, 8)));
  let p = PRELUDE_LENGTH;
  for (const part of parts) {
    out.set(part, p);
    p += part.length;
  }
  out.set(body, p);
  p += body.length;
  view.setUint32(p, crc32(out.subarray(0, p)));
  return out;
}

function encodeHeaderValue(name: string, h: HeaderInput): Uint8Array {
  const fixed = (tag: number, size: number, write: (v: DataView) => void) => {
    const b = new Uint8Array(1 + size);
    b[0] = tag;
    write(new DataView(b.buffer, 1));
    return b;
  };
  const sized = (tag: number, bytes: Uint8Array) => {
    if (bytes.length > MAX_HEADER_VALUE_LENGTH) {
      throw new EventStreamEncodeError(
        `Header "${name}": value is ${bytes.length} bytes, the maximum is ${MAX_HEADER_VALUE_LENGTH}`,
      );
    }
    const b = new Uint8Array(3 + bytes.length);
    b[0] = tag;
    new DataView(b.buffer).setUint16(1, bytes.length);
    b.set(bytes, 3);
    return b;
  };
  switch (h.type) {
    case "boolean":
      return Uint8Array.of(h.value ? T_TRUE : T_FALSE);
    case "byte":
      checkInt(name, h.value, 8);
      return fixed(T_BYTE, 1, (v) => v.setInt8(0, h.value));
    case "short":
      checkInt(name, h.value, 16);
      return fixed(T_SHORT, 2, (v) => v.setInt16(0, h.value));
    case "integer":
      checkInt(name, h.value, 32);
      return fixed(T_INT, 4, (v) => v.setInt32(0, h.value));
    case "long": {
      if (typeof h.value === "number" && !Number.isSafeInteger(h.value)) {
        throw new EventStreamEncodeError(`Header "${name}": ${h.value} is not a safe integer; pass a bigint`);
      }
      const n = BigInt(h.value);
      if (n < MIN_LONG || n > MAX_LONG) throw new EventStreamEncodeError(`Header "${name}": ${n} is not a 64-bit signed integer`);
      return fixed(T_LONG, 8, (v) => v.setBigInt64(0, n));
    }
    case "timestamp": {
      const ms = h.value.getTime();
      if (Number.isNaN(ms)) throw new EventStreamEncodeError(`Header "${name}": invalid Date`);
      return fixed(T_TIMESTAMP, 8, (v) => v.setBigInt64(0, BigInt(ms)));
    }
    case "binary":
      return sized(T_BYTES, h.value);
    case "string":
      return sized(T_STRING, utf8Encoder.encode(h.value));
    case "uuid": {
      const b = new Uint8Array(17);
      b[0] = T_UUID;
      b.set(parseUuid(h.value, name), 1);
      return b;
    }
    default:
      throw new EventStreamEncodeError(`Header "${name}": unknown header type ${(h as { type: unknown }).type}`);
  }
}
